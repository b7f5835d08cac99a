"""The carrier's list and dossier pages run a fixed number of queries, whatever the number of rows."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications import submission
from applications.models import Application, BudgetLine, Message
from tests.applications.carrier_support import complete_draft, pdf_upload, step_url
from tests.factories import CarrierFactory, DecisionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 30])
def test_my_applications_query_count_does_not_grow(client, ami_call, django_assert_max_num_queries, count):
    carrier = CarrierFactory()
    for index in range(count):
        application = Application.objects.create(
            call=ami_call, organisation=carrier.organisation, title=f"Dossier {index}", created_by=carrier
        )
        Message.objects.create(application=application, from_staff=True, body="Bonjour")
    _, done = complete_draft(ami_call, carrier)
    submission.submit_application(application=done, user=carrier, sworn_statement=True)
    Application.objects.filter(pk=done.pk).update(state="refused")
    DecisionFactory(application=done)
    client.force_login(carrier)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("applications:my_applications"))
    assert response.status_code == 200
    assert done.reference in response.content.decode() or count >= 20


@pytest.mark.parametrize("rows", [1, 40])
def test_summary_and_dossier_pages_query_count_does_not_grow(client, ami_call, django_assert_max_num_queries, rows):
    carrier, application = complete_draft(ami_call)
    lines = list(application.budget_lines.all())
    total = sum(line.amount for line in lines)
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, category="personnel", label=f"Ligne {i}", amount=total / rows)
        for i in range(rows)
    )
    application.requested_amount = Decimal(total / rows) * rows - sum(c.amount for c in application.cofundings.all())
    application.save()
    document = ami_call.required_documents.get(position=1)
    from applications import attachments

    for index in range(min(rows, 10)):  # history of a replaced file
        attachments.store_attachment(
            application=application, document=document, uploaded=pdf_upload(f"v{index}.pdf", str(index)), user=carrier
        )
    client.force_login(carrier)
    with django_assert_max_num_queries(14):
        response = client.get(step_url(application, "summary"))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(step_url(application, "budget")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(step_url(application, "documents")).status_code == 200
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    with django_assert_max_num_queries(19):
        assert client.get(application.get_absolute_url()).status_code == 200
