"""``{% load french_dates %}``: « le 1er mars 2024 » in acts, emails and pages (see applications.french_dates)."""

from django import template

from applications import french_dates

register = template.Library()


@register.filter
def french_date(value) -> str:
    """« 1er mars 2024 »; empty for a missing date."""
    return french_dates.french_date(value) if value else ""


@register.filter
def french_datetime(value) -> str:
    """« 1er mars 2024 à 09:05 » (Paris time); empty for a missing moment."""
    return french_dates.french_datetime(value) if value else ""
