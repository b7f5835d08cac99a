"""A grant whose award a corrective decision withdrew: the official closes its follow-up. What was
not paid is cancelled, the convention is terminated, the reports are no longer due (no reminder, not
late), and what was paid is ordered back by a sealed ordre de reversement citing the corrective
decision. Nothing goes forward under the withdrawn award meanwhile. Everything is audited and the
carrier is told."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from ami_portal import pades
from applications import roles
from applications.formatting import paris_time
from applications.french_dates import french_date
from applications.grants import conventions, payments, reminders, termination
from applications.grants.models import Convention, Instalment, Report
from applications.models import AuditEntry, OutgoingEmail
from review.models import Proposal
from tests.factories import StaffFactory
from tests.pdf_support import pdf_text

from .grant_support import SIGNATORY, an_official, awarded, signed_grant
from .test_corrected_award import correct, plain
from .test_reports import pay_advance

pytestmark = pytest.mark.django_db
REJECTED = Proposal.Outcome.REJECTED
TERMINATION = {"resiliation-signatory_name": SIGNATORY["signatory_name"]}
TERMINATION["resiliation-signatory_role"] = SIGNATORY["signatory_role"]


def grant_screen(grant):
    return reverse("admin:grants_grant_change", args=[grant.pk])


def terminate_url(grant):
    return reverse("admin:grants_grant_terminate", kwargs={"grant_id": grant.pk})


def stored(grant) -> bytes:
    with grant.return_order_pdf.open("rb") as handle:
        return handle.read()


def test_closing_a_withdrawn_grant_cancels_what_is_unpaid_and_orders_the_paid_sums_back(
    client, sealed, django_capture_on_commit_callbacks
):
    grant, carrier, signer = signed_grant("60000.00")
    pay_advance(grant, signer)  # 48 000 € paid; the balance (12 000 €) waits for the final report
    convention = grant.conventions.get(state=Convention.State.SIGNED)
    refusal = correct(grant, outcome=REJECTED)
    grant.refresh_from_db()

    # The official's screen offers to close it, says what will happen, and nothing else goes forward.
    client.force_login(signer)
    html = plain(client.get(grant_screen(grant)).content.decode())
    assert "Clôturer le suivi de l'attribution retirée" in html
    assert "Un ordre de reversement des sommes versées (48 000,00 €) est émis" in html
    assert "Préparer un avenant" not in html
    with pytest.raises(conventions.GrantRefused) as refused:
        conventions.draft_convention(grant=grant, by=signer, amendment_reason="Avenant.")
    assert refused.value.code == "withdrawn"

    # Without a signatory: the error next to the field, nothing changed.
    response = client.post(terminate_url(grant), {"resiliation-signatory_name": SIGNATORY["signatory_name"]})
    assert response.status_code == 200
    assert response.context["termination_form"].errors == {"signatory_role": ["Ce champ est obligatoire."]}
    grant.refresh_from_db()
    assert grant.terminated_at is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(terminate_url(grant), TERMINATION)
    assert response.status_code == 302 and response["Location"] == grant_screen(grant)
    grant.refresh_from_db()
    convention.refresh_from_db()
    states = {i.kind: i.state for i in grant.instalments.all()}
    assert states == {
        Instalment.Kind.ADVANCE: Instalment.State.PAID,
        Instalment.Kind.BALANCE: Instalment.State.CANCELLED,
    }
    assert convention.state == Convention.State.TERMINATED
    assert set(grant.reports.values_list("state", flat=True)) == {Report.State.CLOSED}
    assert grant.withdrawal == refusal and grant.pending_correction is None and grant.terminated_by == signer
    assert grant.correction_alert == ""
    assert grant.amount_to_return == Decimal("48000.00")

    # The ordre de reversement: what the act must state for a withdrawal, sealed and fingerprinted.
    data = stored(grant)
    assert pades.validate(data).verdict is pades.Verdict.INTACT
    text = pdf_text(data)
    issued = paris_time(grant.return_order_issued_at).date()
    assert f"Ordre de reversement n° {grant.return_order_reference}" in text
    assert "Ordre de reversement d'une subvention dont l'attribution est retirée" in text
    assert f"Paris, le {french_date(issued)}" in text
    assert f"décision rectificative n° {refusal.reference} du {french_date(refusal.signed_at)}" in text
    assert f"retire la décision attributive n° {grant.decision.reference}" in text
    assert f"la convention n° {convention.reference} est résiliée à la date du présent ordre" in text
    assert "48 000,00 €" in text and "quarante-huit mille euros" in text
    assert "totalité des sommes versées au titre de la subvention retirée" in text
    assert "compte rendu financier" not in text and "non employée conformément" not in text
    assert f"au plus tard le {french_date(issued + timedelta(days=30))}" in text
    assert SIGNATORY["signatory_name"] in text and "Voies et délais de recours" in text and "Télérecours" in text
    assert f"/v/{grant.return_order_verification_code}" in text

    # The public verification says what this act is.
    page = plain(client.get(f"/v/{grant.return_order_verification_code}/").content.decode())
    assert "Ordre de reversement des sommes versées au titre d'une attribution retirée" in page
    assert refusal.reference in page

    # The screen says it is closed; the audit log has every step; the carrier is told.
    html = plain(client.get(grant_screen(grant)).content.decode())
    assert "Suivi clôturé" in html and refusal.reference in html and "Clôturer le suivi" not in html
    actions = set(AuditEntry.objects.filter(application=grant.application).values_list("action", flat=True))
    assert {"instalment_cancelled", "convention_terminated", "grant_terminated", "return_order_issued"} <= actions
    closed = AuditEntry.objects.get(action="grant_terminated", application=grant.application)
    assert closed.changes == {"decision": refusal.reference, "paid": "48000.00", "to_return": "48000.00"}
    email = OutgoingEmail.objects.get(kind="grant_terminated", to=carrier.email)
    body = plain(email.body)
    assert refusal.reference in body and "48 000,00 €" in body and "ordre de reversement" in body

    # The carrier's page says so, with the act to download, and no report can be filed any more.
    client.force_login(carrier)
    page = plain(
        client.get(reverse("grants:grant", kwargs={"public_id": grant.application.public_id})).content.decode()
    )
    assert "L'attribution a été retirée" in page and "Les sommes déjà versées (48 000,00 €) sont à reverser" in page
    assert reverse("grants:return_order_pdf", kwargs={"public_id": grant.application.public_id}) in page
    report = grant.reports.get(kind=Report.Kind.FINAL)
    url = reverse("grants:report", kwargs={"public_id": grant.application.public_id, "report_id": report.public_id})
    shown = plain(client.get(url).content.decode())
    assert "Plus dû : attribution retirée" in shown and 'type="submit"' not in shown.split("<main", 1)[1]
    client.post(url, {"narrative": "Trop tard.", "submit": "1"})
    report.refresh_from_db()
    assert report.state == Report.State.CLOSED and report.narrative != "Trop tard."


def test_a_withdrawn_grant_with_nothing_paid_is_closed_without_an_ordre_de_reversement(
    settings, django_capture_on_commit_callbacks
):
    settings.AMI_SIGNING_PKCS12 = ""
    decision, carrier = awarded(amount="60000.00")
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    sent = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    correct(grant, outcome=REJECTED)
    grant.refresh_from_db()
    # The carrier can no longer accept the convention they were sent.
    with pytest.raises(conventions.GrantRefused):
        conventions.accept_convention(convention=sent, user=carrier, sha256=sent.sha256)

    with django_capture_on_commit_callbacks(execute=True):
        termination.terminate_grant(grant=grant, by=signer, **SIGNATORY)
    grant.refresh_from_db()
    sent.refresh_from_db()
    assert sent.state == Convention.State.TERMINATED
    assert set(grant.instalments.values_list("state", flat=True)) == {Instalment.State.CANCELLED}
    assert grant.amount_to_return == 0 and not grant.return_order_pdf and grant.return_order_issued_at is None
    body = OutgoingEmail.objects.get(kind="grant_terminated", to=carrier.email).body
    assert "ordre de reversement vous demande" not in body.lower()


def test_a_requested_payment_cannot_be_approved_under_a_withdrawn_award():
    decision, _carrier = awarded(amount="20000.00")
    grant = conventions.open_grant(decision=decision)
    correct(grant, outcome=REJECTED)
    with pytest.raises(conventions.GrantRefused) as refused:
        payments.approve_instalment(instalment=grant.instalments.get(), by=an_official())
    assert refused.value.code == "withdrawn"


def test_closed_reports_get_no_reminder_and_are_never_late(settings):
    settings.AMI_SIGNING_PKCS12 = ""
    decision, _carrier = awarded(amount="20000.00")
    grant = conventions.open_grant(decision=decision)
    final = grant.reports.get(kind=Report.Kind.FINAL)
    correct(grant, outcome=REJECTED)
    termination.terminate_grant(grant=grant, by=an_official(), **SIGNATORY)
    far_after = final.due_on + timedelta(days=400)
    assert reminders.send_due_reminders(today=far_after) == 0
    assert not OutgoingEmail.objects.filter(kind__startswith="report_reminder").exists()


def test_only_a_withdrawn_award_is_closed_and_only_once(client, settings):
    settings.AMI_SIGNING_PKCS12 = ""
    grant, _carrier, signer = signed_grant("60000.00")
    with pytest.raises(conventions.GrantRefused) as refused:
        termination.terminate_grant(grant=grant, by=signer, **SIGNATORY)
    assert refused.value.code == "not_withdrawn"
    client.force_login(signer)
    assert "Clôturer le suivi" not in client.get(grant_screen(grant)).content.decode()

    correct(grant, outcome=REJECTED)
    termination.terminate_grant(grant=grant, by=signer, **SIGNATORY)
    with pytest.raises(conventions.GrantRefused) as refused:
        termination.terminate_grant(grant=grant, by=signer, **SIGNATORY)
    assert refused.value.code == "terminated"


def test_nobody_but_an_official_closes_a_grant(client, settings):
    settings.AMI_SIGNING_PKCS12 = ""
    grant, carrier, _signer = signed_grant("60000.00")
    correct(grant, outcome=REJECTED)
    for user in (StaffFactory(role=roles.REVIEWER), StaffFactory(role=roles.COMMITTEE)):
        client.force_login(user)
        assert client.post(terminate_url(grant), TERMINATION).status_code == 404
    client.force_login(carrier)  # not staff: the staff area's login page, as everywhere in it
    assert client.post(terminate_url(grant), TERMINATION)["Location"].startswith(reverse("admin:login"))
    grant.refresh_from_db()
    assert grant.terminated_at is None


def test_the_call_follow_up_no_longer_counts_a_withdrawn_award(client, settings):
    from applications.grants import followup

    settings.AMI_SIGNING_PKCS12 = ""
    grant, _carrier, signer = signed_grant("60000.00")
    pay_advance(grant, signer)
    before = followup.call_followup(grant.application.call).totals
    assert before["awarded"] == Decimal("60000.00") and before["people_target"] == 600
    correct(grant, outcome=REJECTED)
    termination.terminate_grant(grant=grant, by=signer, **SIGNATORY)
    after = followup.call_followup(grant.application.call).totals
    assert after["awarded"] == 0 and after["people_target"] == after["workshops_target"] == 0
    assert after["paid"] == Decimal("48000.00")  # what went out is still shown, with its ordre de reversement
    client.force_login(signer)
    page = client.get(reverse("admin:grants_call_followup", args=[grant.application.call_id])).content.decode()
    assert "Suivi clôturé : attribution retirée" in page


def test_before_it_is_closed_the_carrier_is_told_and_can_neither_accept_nor_report(client, settings):
    settings.AMI_SIGNING_PKCS12 = ""
    decision, carrier = awarded(amount="60000.00")
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    sent = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    refusal = correct(grant, outcome=REJECTED)
    client.force_login(carrier)
    url = reverse("grants:grant", kwargs={"public_id": grant.application.public_id})
    page = plain(client.get(url).content.decode())
    assert "L'attribution a été retirée" in page and refusal.reference in page
    assert "Accepter la convention" not in page
    assert client.post(url, {"sha256": sent.sha256, "accept": "on"}).status_code == 404
    sent.refresh_from_db()
    assert sent.state == Convention.State.SENT


def test_before_it_is_closed_no_report_can_be_filed(client, settings):
    settings.AMI_SIGNING_PKCS12 = ""
    decision, carrier = awarded(amount="20000.00")
    grant = conventions.open_grant(decision=decision)
    correct(grant, outcome=REJECTED)
    client.force_login(carrier)
    report = grant.reports.get(kind=Report.Kind.INTERIM)
    report_url = reverse(
        "grants:report", kwargs={"public_id": grant.application.public_id, "report_id": report.public_id}
    )
    client.post(report_url, {"narrative": "Après le retrait.", "save": "1"})
    report.refresh_from_db()
    assert report.narrative != "Après le retrait."
