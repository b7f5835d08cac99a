"""The committee's envelope after an amendment changed a grant: every selected dossier counts at its
grant's current amount once it has one, so that no path — a promotion from the waiting list, a new
selection, an amendment signed at the same moment — ever exceeds the envelope."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from applications.grants import conventions
from applications.grants.models import Grant
from review.models import Proposal
from review.selection import (
    SelectionRefused,
    counted_selection,
    counted_totals,
    gauge,
    promote_from_waiting_list,
    propose,
)
from tests.review.decision_helpers import committee_member, reviewed_dossier

from .grant_support import SIGNATORY, an_official, signed_grant

SELECTED, WAITING = Proposal.Outcome.SELECTED, Proposal.Outcome.WAITING


@pytest.fixture(autouse=True)
def unsealed(settings):
    settings.AMI_SIGNING_PKCS12 = ""  # the seal is tested elsewhere; these tests are about amounts


def accepted_amendment(grant, carrier, signer, amount):
    convention = conventions.draft_convention(
        grant=grant, by=signer, amendment_reason="Un département de plus.", amount=Decimal(amount)
    )
    convention = conventions.send_convention(convention=convention, by=signer)
    return conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)


def amend(grant, carrier, signer, amount):
    amendment = accepted_amendment(grant, carrier, signer, amount)
    conventions.sign_convention(convention=amendment, by=signer, **SIGNATORY)
    grant.refresh_from_db()
    return grant


def waiting(call, requested):
    dossier = reviewed_dossier(call, requested=requested)
    propose(application=dossier, outcome=WAITING, by=committee_member())
    return dossier


def text(refusal) -> str:
    return " ".join(refusal.value.messages).replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.django_db
def test_a_raised_grant_counts_at_its_new_amount_and_a_promotion_that_no_longer_fits_is_refused():
    grant, carrier, signer = signed_grant("60000.00", max_selected=3)  # an envelope of 100 000 €
    call = grant.application.call
    later = waiting(call, "35000.00")  # fits the 40 000 € left by the award…
    amend(grant, carrier, signer, "70000.00")  # …not the 30 000 € left once the grant is raised

    current = gauge(call)
    assert current.awarded == Decimal("70000.00") and current.remaining == Decimal("30000.00")
    assert Proposal.objects.get(application=grant.application).awarded_amount == Decimal("60000.00")

    promotion = promote_from_waiting_list(call=call, by=committee_member())
    assert promotion.proposal is None
    assert "30 000,00 €" in promotion.message.replace("\xa0", " ").replace("\u202f", " ")
    assert Proposal.objects.get(application=later).outcome == WAITING

    with pytest.raises(SelectionRefused) as refusal:  # nor by selecting it directly
        propose(application=later, outcome=SELECTED, by=committee_member())
    assert refusal.value.code == "envelope"
    assert "5 000,00 €" in text(refusal) and "70 000,00 €" in text(refusal)  # the excess, what is used
    assert counted_totals(counted_selection(call)) == (1, Decimal("70000.00"))


@pytest.mark.django_db
def test_a_lowered_grant_frees_money_for_the_waiting_list():
    grant, carrier, signer = signed_grant("60000.00", max_selected=3)
    call = grant.application.call
    later = waiting(call, "45000.00")  # above the 40 000 € left by the award
    assert promote_from_waiting_list(call=call, by=committee_member()).proposal is None

    amend(grant, carrier, signer, "50000.00")
    assert gauge(call).awarded == Decimal("50000.00")
    promotion = promote_from_waiting_list(call=call, by=committee_member())
    assert promotion.proposal is not None and promotion.proposal.application_id == later.pk
    assert gauge(call).awarded == Decimal("95000.00") <= call.budget_envelope


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_promotion_and_a_raise_signed_at_once_never_break_the_envelope(on_postgres):
    """Both lock the call first: whichever comes second counts what the first did, and is refused."""
    grant, carrier, signer = signed_grant("60000.00", max_selected=3)
    call = grant.application.call
    later = waiting(call, "35000.00")
    amendment = accepted_amendment(grant, carrier, signer, "70000.00")
    member, official = committee_member(), an_official()
    barrier = threading.Barrier(2)
    outcomes = {}

    def promote():
        try:
            barrier.wait()
            outcomes["promotion"] = promote_from_waiting_list(call=call, by=member).proposal
        except Exception as exc:  # noqa: BLE001 - checked below
            outcomes["promotion"] = exc
        finally:
            connection.close()

    def sign():
        try:
            barrier.wait()
            outcomes["amendment"] = conventions.sign_convention(convention=amendment, by=official, **SIGNATORY)
        except Exception as exc:  # noqa: BLE001 - checked below
            outcomes["amendment"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=promote), threading.Thread(target=sign)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    promoted = isinstance(outcomes["promotion"], Proposal)
    signed = not isinstance(outcomes["amendment"], Exception)
    assert promoted != signed  # exactly one of them went through
    if not signed:
        assert getattr(outcomes["amendment"], "code", None) == "envelope"
    else:
        assert outcomes["promotion"] is None  # told that nothing fits, not an error
        assert Proposal.objects.get(application=later).outcome == WAITING
    amount = Grant.objects.get(pk=grant.pk).amount
    assert amount == (Decimal("70000.00") if signed else Decimal("60000.00"))
    assert gauge(call).awarded <= call.budget_envelope


@pytest.mark.django_db
def test_the_calls_list_counts_a_raised_grant_at_its_new_amount(rf):
    """The selection's list of calls (its « attribué » column) agrees with the gauge after a raise."""
    from django.contrib import admin

    from review.models import SelectionCall

    grant, carrier, signer = signed_grant(amount="40000.00")
    amend(grant, carrier, signer, "45000.00")
    call = grant.application.call
    request = rf.get("/")
    request.user = committee_member()
    listed = admin.site._registry[SelectionCall].get_queryset(request).get(pk=call.pk)
    assert listed.awarded == gauge(call).awarded == Decimal("45000.00")
