"""What the carrier side needs from the staff side, supplied by the staff side.

The rule of the house: ``review`` depends on ``applications``, never the reverse. Nothing in
``applications`` imports ``review``, at module level or inside a function
(``tests/test_layering.py`` fails otherwise). Where a carrier-side module needs something the
staff side owns — a dossier's issued decisions, whether a reviewer is assigned to it, which
dossiers a staff member may see, the staff's acts and texts on a dossier that retention reads and
erases — ``review`` registers it here when Django starts (``review.apps.ReviewConfig.ready``),
and the carrier side calls :func:`staff_side`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class StaffSide:
    # The issued decisions (any dossier), newest version first; filter or prefetch from it.
    issued_decisions: Callable[[], QuerySet]
    # Whether a reviewer is assigned to the dossier and has declared no conflict with its carrier.
    is_assigned_without_conflict: Callable[[Model, Model], bool]
    # Whether a staff member sees every submitted dossier (committee, officials, administrators).
    sees_every_dossier: Callable[[Model], bool]
    # The dossiers a staff member may see (none for anybody else).
    visible_applications: Callable[[Model], QuerySet]
    # The staff's dated acts on a dossier: (model with an ``application`` key, its date field).
    dossier_acts: tuple[tuple[type[Model], str], ...]
    # Erase what staff wrote about a dossier that retention anonymises (inside its transaction).
    erase_staff_texts: Callable[[Model], None]
    # The addresses told of a carrier's new message on a dossier (its conversation).
    staff_recipients: Callable[[Model], list[str]]


_registered: StaffSide | None = None


def register(side: StaffSide) -> None:
    global _registered
    _registered = side


def staff_side() -> StaffSide:
    if _registered is None:
        raise ImproperlyConfigured("The staff side (the review app) is not installed: nothing is registered.")
    return _registered
