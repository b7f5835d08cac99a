"""``{% load french_dates %}``: « le 1er mars 2024 » in acts, emails and pages (see applications.french_dates)."""

from django import template

from applications import french_dates

register = template.Library()


@register.filter
def french_date(value) -> str:
    return french_dates.french_date(value)


@register.filter
def french_datetime(value) -> str:
    return french_dates.french_datetime(value)
