"""A carrier never reaches another organisation's dossier or file: every such URL answers 404,
for reading and for writing, and nothing changes."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications import submission, wizard
from applications.models import Application, Attachment, AuditEntry
from tests.applications.carrier_support import complete_draft, pdf_upload
from tests.factories import CarrierFactory, DecisionFactory, InformationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(ami_call):
    carrier, draft = complete_draft(ami_call, seed=1)
    _, done = complete_draft(ami_call, carrier, seed=2)
    submission.submit_application(application=done, user=carrier, sworn_statement=True)
    done.refresh_from_db()
    request = InformationRequestFactory(application=done)
    Application.objects.filter(pk=done.pk).update(state="refused")
    decision = DecisionFactory(application=done)
    decision.pdf.save("d.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"draft": draft, "done": done, "request": request, "decision": decision}


def urls(victim):
    draft, done = victim["draft"], victim["done"]
    attachment = Attachment.objects.filter(application=done).first()
    document = draft.call.required_documents.first()
    draft_attachment = Attachment.objects.filter(application=draft).first()
    pid, did = draft.public_id, done.public_id
    result = [("get", reverse("applications:application_detail", kwargs={"public_id": p})) for p in (pid, did)]
    result += [
        (method, reverse("applications:step", kwargs={"public_id": pid, "slug": step.slug}))
        for step in wizard.STEPS
        for method in ("get", "post")
    ]
    result += [
        ("post", reverse("applications:upload", kwargs={"public_id": pid, "document_id": document.pk})),
        (
            "post",
            reverse(
                "applications:remove_document",
                kwargs={"public_id": pid, "attachment_id": draft_attachment.public_id},
            ),
        ),
        ("post", reverse("applications:submit", kwargs={"public_id": pid})),
        (
            "get",
            reverse(
                "applications:attachment_download", kwargs={"public_id": did, "attachment_id": attachment.public_id}
            ),
        ),
        ("get", reverse("applications:receipt_download", kwargs={"public_id": did})),
        (
            "get",
            reverse("applications:decision_download", kwargs={"public_id": did, "decision_id": victim["decision"].pk}),
        ),
        (
            "get",
            reverse(
                "applications:information_request",
                kwargs={"public_id": did, "request_id": victim["request"].pk},
            ),
        ),
        ("post", reverse("applications:send_message", kwargs={"public_id": did})),
        ("get", reverse("applications:withdraw", kwargs={"public_id": pid})),
        ("post", reverse("applications:withdraw", kwargs={"public_id": pid})),
    ]
    return result


def test_another_carrier_gets_404_everywhere_and_changes_nothing(client, victim):
    intruder = CarrierFactory()
    client.force_login(intruder)
    entries_before = AuditEntry.objects.count()
    for method, url in urls(victim):
        data = {"confirm": "on", "body": "x", "sworn_statement": "on", "version": "1", "title": "piraté"}
        if method == "post" and "/pieces/" in url and "retirer" not in url:
            document = victim["draft"].call.required_documents.first()
            data = {f"doc{document.pk}-file": pdf_upload()}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, (method, url, response.status_code)
    assert AuditEntry.objects.count() == entries_before
    assert Application.objects.get(pk=victim["draft"].pk).state == "draft"
    assert Application.objects.get(pk=victim["draft"].pk).title != "piraté"


def test_a_colleague_of_the_same_organisation_reaches_them(client, victim):
    from tests.factories import UserFactory

    colleague = UserFactory(organisation=victim["draft"].organisation)
    client.force_login(colleague)
    for method, url in urls(victim):
        if method == "get":
            assert client.get(url).status_code in (200, 302), url


def test_anonymous_visitors_are_sent_to_login(client, victim):
    for method, url in urls(victim):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_a_user_without_organisation_sees_no_dossier(client, victim):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(victim["done"].get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("organisation_create"))
