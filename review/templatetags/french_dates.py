"""``{% load french_dates %}``: « le 1er mars 2024 » in acts, emails and pages (see applications.french_dates).

In French (acts are always rendered in French) the first day of a month takes its ordinal, which
Django's ``date:"j F Y"`` cannot write; a page shown in English keeps Django's localized format.
"""

from django import template
from django.utils import formats, translation

from applications import french_dates
from applications.formatting import paris_time

register = template.Library()


def _french() -> bool:
    return (translation.get_language() or "fr").startswith("fr")


@register.filter
def french_date(value) -> str:
    """« 1er mars 2024 »; empty for a missing date."""
    if not value:
        return ""
    if _french():
        return french_dates.french_date(value)
    return formats.date_format(value, "j F Y")


@register.filter
def french_datetime(value) -> str:
    """« 1er mars 2024 à 09:05 » (Paris time); empty for a missing moment."""
    if not value:
        return ""
    if _french():
        return french_dates.french_datetime(value)
    return formats.date_format(paris_time(value), "j F Y, H:i")
