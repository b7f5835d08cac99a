from django import template

from applications import proconnect

register = template.Library()


@register.simple_tag
def proconnect_enabled() -> bool:
    """Whether the ProConnect button is shown (the admin's login page, whose view is Django's)."""
    return proconnect.is_enabled()
