"""The Nu HTML Checker, and no English left, on every page of the grant's follow-up: the carrier's
(follow-up, convention to accept, report in its empty, error and sent states) and the staff's
(list, grant, report, call follow-up), plus the public verification of a convention."""

import pytest
from django.urls import reverse

from applications.grants import conventions, reports
from applications.grants.models import Report
from tests.e2e.test_html_validity import assert_valid, fetch
from tests.grants.grant_support import SIGNATORY, an_official, awarded

pytestmark = pytest.mark.django_db


def test_grant_pages(client):
    decision, carrier = awarded()
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    convention = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    public_id = grant.application.public_id
    client.force_login(carrier)
    follow_url = reverse("grants:grant", args=[public_id])
    pages = {
        "follow-up (to accept)": fetch(client, follow_url),
        "follow-up (errors)": fetch(client, follow_url, method="post", data={"sha256": convention.sha256}),
    }
    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)
    final = grant.reports.get(kind=Report.Kind.FINAL)
    report_url = reverse("grants:report", args=[public_id, final.public_id])
    pages["report"] = fetch(client, report_url)
    pages["report (errors)"] = fetch(client, report_url, method="post", data={"submit": ""})
    pages["follow-up (signed)"] = fetch(client, follow_url)
    interim = grant.reports.get(kind=Report.Kind.INTERIM)
    reports.save_draft(
        report=interim,
        user=carrier,
        fields={"narrative": "Fait.", "ambassadrices_recruited": 8, "ambassadrices_trained": 8, "people_reached": 90},
        actuals={},
    )
    reports.submit_report(report=interim, user=carrier)
    pages["report (sent)"] = fetch(client, reverse("grants:report", args=[public_id, interim.public_id]))
    pages["verification"] = fetch(client, reverse("grants:verify_convention", args=[convention.verification_code]))

    client.force_login(signer)
    pages["staff: grants"] = fetch(client, reverse("admin:grants_grant_changelist"))
    pages["staff: grant"] = fetch(client, reverse("admin:grants_grant_change", args=[grant.pk]))
    pages["staff: report"] = fetch(client, reverse("admin:grants_report", args=[grant.pk, interim.pk]))
    pages["staff: report (errors)"] = fetch(
        client, reverse("admin:grants_report", args=[grant.pk, interim.pk]), method="post", data={"corrections": ""}
    )
    pages["staff: follow-up"] = fetch(client, reverse("admin:grants_call_followup", args=[grant.application.call_id]))
    assert_valid(pages)


def test_withdrawn_grant_pages(client, settings):
    """A grant whose award was withdrawn: the staff's screen with the form that closes it (empty and
    in error), then, once closed, the staff's screen, the carrier's follow-up, and the public
    verification of the ordre de reversement."""
    from review.models import Proposal
    from tests.grants.test_corrected_award import correct
    from tests.grants.test_reports import pay_advance

    settings.AMI_SIGNING_PKCS12 = ""
    decision, carrier = awarded()
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    convention = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    conventions.sign_convention(convention=convention, by=signer, **SIGNATORY)
    pay_advance(grant, signer)  # dated the day in Paris, as an official would
    correct(grant, outcome=Proposal.Outcome.REJECTED)

    client.force_login(carrier)
    pages = {
        "follow-up (withdrawn, not closed)": fetch(client, reverse("grants:grant", args=[grant.application.public_id]))
    }
    client.force_login(signer)
    grant_url = reverse("admin:grants_grant_change", args=[grant.pk])
    pages["staff: withdrawn grant"] = fetch(client, grant_url)
    pages["staff: withdrawn grant (errors)"] = fetch(
        client, reverse("admin:grants_grant_terminate", args=[grant.pk]), method="post", data={}
    )
    client.post(
        reverse("admin:grants_grant_terminate", args=[grant.pk]),
        {
            "resiliation-signatory_name": SIGNATORY["signatory_name"],
            "resiliation-signatory_role": SIGNATORY["signatory_role"],
        },
    )
    grant.refresh_from_db()
    assert grant.terminated_at is not None
    pages["staff: closed grant"] = fetch(client, grant_url)
    client.force_login(carrier)
    pages["follow-up (withdrawn)"] = fetch(client, reverse("grants:grant", args=[grant.application.public_id]))
    pages["verification (ordre de reversement of a withdrawal)"] = fetch(
        client, f"/v/{grant.return_order_verification_code}/"
    )
    assert_valid(pages)
