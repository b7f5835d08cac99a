"""Building blocks for the grant tests: an award decided through the real services, then followed."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from applications import roles
from applications.formatting import paris_time
from applications.grants import conventions
from applications.models import Application
from review.decisions import validate_proposal
from review.models import Proposal
from review.selection import propose
from tests.factories import BudgetLineFactory, CarrierFactory, CoFundingFactory, StaffFactory, ThemeFactory, departement
from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

SIGNATORY = {
    "signatory_name": "Jeanne Martin",
    "signatory_role": "Directrice de l'intégration et de l'accès à la nationalité",
}


def today():
    return paris_time(timezone.now()).date()


def awarded(*, amount="60000.00", call=None, start=date(2027, 2, 13), requested=None, **call_changes):
    """A dossier awarded ``amount`` (its decision signed by an official), with its carrier. It
    asked for ``requested`` (by default, the amount awarded)."""
    call = call or small_call(issuing_siret="", **call_changes)
    themes = list(call.themes.order_by("position")) or [
        ThemeFactory(call=call, position=p, title=f"Thème {p}") for p in (1, 2)
    ]
    dossier = reviewed_dossier(
        call,
        requested=requested or amount,
        start_date=start,
        end_date=date(start.year + 1, start.month, start.day - 1) if start else None,
        ambassadrices_per_departement=4,
        workshops_per_theme_per_departement=3,
        expected_participants=600,
    )
    dossier.themes.set(themes)
    dossier.departements.set([departement("75"), departement("13")])
    BudgetLineFactory(application=dossier, category="personnel", label="Coordination", amount=Decimal(amount) / 2)
    BudgetLineFactory(application=dossier, category="training", label="Formation", amount=Decimal(amount) / 2)
    CoFundingFactory(application=dossier, source="Conseil départemental", amount=Decimal("5000"), status="obtained")
    decision = validate_proposal(
        proposal=propose(
            application=dossier,
            outcome=Proposal.Outcome.SELECTED,
            by=committee_member(),
            **({"awarded_amount": Decimal(amount), "amount_reason": "Budget resserré."} if requested else {}),
        ),
        signature=signature(),
        by=official(),
    )
    dossier.refresh_from_db()
    assert dossier.state == Application.State.AWARDED
    carrier = CarrierFactory(organisation=dossier.organisation)
    return decision, carrier


def an_official():
    return StaffFactory(role=roles.OFFICIAL, first_name="Jeanne", last_name="Martin")


def signed_grant(amount="60000.00", **changes):
    """A grant whose convention the carrier accepted and the official signed."""
    decision, carrier = awarded(amount=amount, **changes)
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    convention = conventions.draft_convention(grant=grant, by=signer)
    convention = conventions.send_convention(convention=convention, by=signer)
    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)
    grant.refresh_from_db()
    return grant, carrier, signer
