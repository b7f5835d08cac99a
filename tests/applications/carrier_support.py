"""Helpers shared by the carrier-journey tests: complete dossiers, tiny valid files, form data."""

import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import attachments, wizard
from applications.demo_stages import fill_demo_content, tiny_pdf
from applications.models import Application
from tests.factories import ApplicationFactory, CarrierFactory

PASSWORD = "mot-de-passe-solide-2024"


def pdf_upload(name="statuts.pdf", text="Document de test"):
    return SimpleUploadedFile(name, tiny_pdf(text), content_type="application/pdf")


def step_url(application, key):
    return reverse("applications:step", kwargs={"public_id": application.public_id, "slug": wizard.BY_KEY[key].slug})


def carrier_with_draft(call, **application_fields):
    """A verified carrier and an empty draft of its organisation for ``call``."""
    carrier = CarrierFactory()
    application = Application.objects.create(
        call=call, organisation=carrier.organisation, created_by=carrier, **application_fields
    )
    return carrier, application


def complete_draft(call, carrier=None, *, with_documents=True, seed=3):
    """A draft with every section complete (and every mandatory document when asked)."""
    carrier = carrier or CarrierFactory()
    application = ApplicationFactory(call=call, organisation=carrier.organisation, created_by=carrier)
    application.budget_lines.all().delete()
    fill_demo_content(application, random.Random(seed))
    application.organisation_confirmed_at = timezone.now()
    application.save(update_fields=["organisation_confirmed_at"])
    if with_documents:
        for document in call.required_documents.filter(mandatory=True):
            attachments.store_attachment(
                application=application,
                document=document,
                uploaded=pdf_upload(f"{document.label[:40]}.pdf", f"Piece {document.pk}"),
                user=carrier,
            )
    application.refresh_from_db()
    return carrier, application


def posted(application, key, **changes) -> dict:
    """What the browser posts for step ``key`` as shown (what is saved), with ``changes`` applied."""
    from applications.forms_wizard import STEP_FORMS

    application = Application.objects.get(pk=application.pk)
    bound = STEP_FORMS[key].from_saved(wizard.BY_KEY[key], application)
    data = {
        name: values if len(values) > 1 else values[0] for name, values in bound.version_form.data.lists() if values
    }
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def euros(value: str) -> Decimal:
    return Decimal(value)
