"""``{% load staff_home_tags %}``: the staff home of the admin's index (``review.staff_home``)."""

from django import template

from applications import roles
from review import staff_home

register = template.Library()

ROLES_WITH_A_HOME = frozenset({roles.REVIEWER, roles.COMMITTEE, roles.OFFICIAL})


@register.simple_tag
def staff_home_of(user):
    return staff_home.home_for(user)


@register.filter
def has_work_home(user) -> bool:
    """Whether ``user`` holds a role whose work the index lists (administrators keep Django's index)."""
    return bool(ROLES_WITH_A_HOME & roles.staff_roles(user))
