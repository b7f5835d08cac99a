"""The pages: the carrier accepts the convention and files a report; staff follow and act in the
admin; who may see what (404 otherwise); list pages in a fixed number of queries."""

import pytest
from django.urls import reverse

from applications import roles
from applications.grants import conventions
from applications.grants.models import Convention, Instalment, Report
from tests.factories import CarrierFactory, StaffFactory

from .grant_support import an_official, awarded, signed_grant, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    decision, carrier = awarded()
    signer = an_official()
    grant = conventions.open_grant(decision=decision)
    convention = conventions.send_convention(convention=conventions.draft_convention(grant=grant, by=signer), by=signer)
    return grant, convention, carrier, signer


def grant_url(grant):
    return reverse("grants:grant", kwargs={"public_id": grant.application.public_id})


def test_the_carrier_accepts_the_convention_online(client, sent):
    grant, convention, carrier, _signer = sent
    client.force_login(carrier)
    page = client.get(grant_url(grant))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Accepter la convention" in html and convention.sha256 in html and convention.reference in html

    refused = client.post(grant_url(grant), {"sha256": convention.sha256})
    assert refused.status_code == 200
    assert "Cochez la case pour accepter la convention." in refused.content.decode()
    convention.refresh_from_db()
    assert convention.state == Convention.State.SENT

    accepted = client.post(grant_url(grant), {"sha256": convention.sha256, "accept": "on"})
    assert accepted.status_code == 302
    convention.refresh_from_db()
    assert convention.state == Convention.State.ACCEPTED and convention.accepted_by == carrier

    pdf = client.get(reverse("grants:convention_pdf", args=[grant.application.public_id, convention.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")


def test_others_get_404(client, sent):
    grant, convention, _carrier, _signer = sent
    report_less = [
        grant_url(grant),
        reverse("grants:convention_pdf", args=[grant.application.public_id, convention.pk]),
        reverse("grants:return_order_pdf", args=[grant.application.public_id]),
    ]
    client.force_login(CarrierFactory())
    for url in report_less:
        assert client.get(url).status_code == 404, url
    assert client.post(grant_url(grant), {"sha256": convention.sha256, "accept": "on"}).status_code == 404
    convention.refresh_from_db()
    assert convention.state == Convention.State.SENT
    client.logout()
    assert client.get(grant_url(grant)).status_code == 302  # to the login page


def test_the_carrier_drafts_then_submits_a_report(client):
    grant, carrier, _signer = signed_grant()
    report = grant.reports.get(kind=Report.Kind.INTERIM)
    url = reverse("grants:report", args=[grant.application.public_id, report.public_id])
    client.force_login(carrier)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Compte rendu financier (CERFA n° 15059)" in html and "Paris" in html

    draft = client.post(url, {"narrative": "Premiers ateliers.", "workshops_75_1": "2", "save": ""})
    assert draft.status_code == 302
    report.refresh_from_db()
    assert report.narrative == "Premiers ateliers." and report.workshops == {"75": {"1": 2}}

    missing = client.post(url, {"narrative": "Premiers ateliers.", "submit": ""})
    assert missing.status_code == 200
    assert "Indiquez ce nombre (0 s’il n’y en a pas)." in missing.content.decode()
    report.refresh_from_db()
    assert report.state == Report.State.DRAFT

    done = client.post(
        url,
        {
            "narrative": "Premiers ateliers.",
            "ambassadrices_recruited": "8",
            "ambassadrices_trained": "6",
            "people_reached": "120",
            "submit": "",
        },
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    assert client.get(url).status_code == 200  # read-only now
    client.force_login(CarrierFactory())
    assert client.get(url).status_code == 404


def test_the_official_sends_signs_approves_and_records_a_payment(client, sent):
    grant, convention, carrier, signer = sent
    conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    client.force_login(signer)
    page = client.get(reverse("admin:grants_grant_change", args=[grant.pk]))
    assert page.status_code == 200 and "Signer la convention" in page.content.decode()
    sign_url = reverse("admin:grants_convention_step", args=[grant.pk, convention.pk, "signature"])
    refused = client.post(sign_url, {"signatory_name": "", "signatory_role": ""})
    assert refused.status_code == 200 and "Ce champ est obligatoire." in refused.content.decode()
    assert client.post(sign_url, {"signatory_name": "Jeanne Martin", "signatory_role": "Directrice"}).status_code == 302
    convention.refresh_from_db()
    assert convention.state == Convention.State.SIGNED

    advance = grant.instalments.get(kind=Instalment.Kind.ADVANCE)
    step = lambda name: reverse("admin:grants_instalment_step", args=[grant.pk, advance.pk, name])  # noqa: E731
    assert client.post(step("approbation")).status_code == 302
    missing = client.post(step("paiement"), {"paid_on": today().isoformat(), "accounting_reference": ""})
    assert missing.status_code == 200 and "Ce champ est obligatoire." in missing.content.decode()
    assert (
        client.post(step("paiement"), {"paid_on": today().isoformat(), "accounting_reference": "EJ-7"}).status_code
        == 302
    )
    advance.refresh_from_db()
    assert advance.state == Instalment.State.PAID and advance.accounting_reference == "EJ-7"


def test_staff_roles_on_the_grant_screens(client, sent):
    grant, convention, _carrier, _signer = sent
    urls = [
        reverse("admin:grants_grant_changelist"),
        reverse("admin:grants_grant_change", args=[grant.pk]),
        reverse("admin:grants_payments_csv", args=[grant.application.call_id]),
    ]
    client.force_login(StaffFactory(role=roles.REVIEWER))
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(StaffFactory(role=roles.COMMITTEE))
    for url in urls:
        assert client.get(url).status_code == 200, url
    # The committee sees but does not act.
    amend = reverse("admin:grants_convention_draft", args=[grant.pk])
    assert client.post(amend, {"amendment_reason": "x"}).status_code == 404
    assert grant.conventions.count() == 1


def test_the_grant_list_costs_the_same_with_one_or_many_grants(client, django_assert_max_num_queries):
    decision, _carrier = awarded()
    conventions.open_grant(decision=decision)
    client.force_login(an_official())
    url = reverse("admin:grants_grant_changelist")
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    for _ in range(3):
        decision, _carrier = awarded()
        conventions.open_grant(decision=decision)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_anyone_can_check_a_convention_by_its_code(client, sent):
    grant, convention, _carrier, _signer = sent
    page = client.get(reverse("grants:verify_convention", args=[convention.verification_code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert convention.reference in html and convention.sha256 in html
    assert grant.application.organisation.name in html
    assert client.get(reverse("grants:verify_convention", args=["x" * 22])).status_code == 404
