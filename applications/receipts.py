"""The « attestation de dépôt »: the PDF a carrier receives when its dossier is submitted.

It states when the dossier was submitted (Paris time), what it contains section by section, and
each attached file with its SHA-256 fingerprint, so that the carrier can later prove which files
it sent. WeasyPrint renders it from ``templates/pdf/receipt.html`` without fetching anything: the
template is self-contained and the URL fetcher refuses every URL.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import wizard
from .formatting import paris_time
from .models import Application, Receipt


def _no_fetching():
    from weasyprint.urls import URLFetcher

    class RefuseEverything(URLFetcher):
        """Nothing a PDF shows is ever fetched: a URL in user text cannot reach the network."""

        def fetch(self, url, headers=None):
            raise ValueError(f"fetching {url!r} is not allowed in a receipt")

    return RefuseEverything()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # Tagged (structure tree in reading order, /MarkInfo, DisplayDocTitle): readable with a screen reader.
    return HTML(string=html, base_url=None, url_fetcher=_no_fetching()).write_pdf(pdf_tags=True)


def receipt_context(application: Application) -> dict:
    content = wizard.with_content(Application.objects.filter(pk=application.pk)).get()
    lines = list(content.budget_lines.all())
    cofundings = list(content.cofundings.all())
    attachments = sorted(
        wizard.current_attachments_of(content),
        key=lambda a: (a.required_document.position if a.required_document else 999, a.uploaded_at),
    )
    return {
        "application": content,
        "call": content.call,
        "organisation": content.organisation,
        "submitted_at": paris_time(content.submitted_at),
        "generated_at": paris_time(timezone.now()),
        "sections": wizard.dossier_status(content),
        "themes": list(content.themes.all()),
        "departements": list(content.departements.all()),
        "total_cost": sum((line.amount for line in lines), 0),
        "cofunding_total": sum((c.amount for c in cofundings), 0),
        "budget_lines": lines,
        "cofundings": cofundings,
        "attachments": attachments,
        "attachments_total": sum(a.size for a in attachments),
    }


def render_receipt_pdf(*, application: Application) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("pdf/receipt.html", receipt_context(application))
    return html_to_pdf(html)


def create_receipt(*, application: Application) -> Receipt:
    """Render and store the receipt of a submitted dossier (inside the submission's transaction)."""
    pdf = render_receipt_pdf(application=application)
    receipt = Receipt(application=application, sha256=hashlib.sha256(pdf).hexdigest())
    receipt.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    receipt.save()
    return receipt


def receipt_download_name(application: Application) -> str:
    return f"attestation-de-depot-{application.reference}.pdf"


def email_receipt(*, receipt_id: int) -> None:
    """Email the receipt to the carrier's members and contact (recorded, then sent by a task)."""
    from .notifications import carrier_recipients, prepare_email, queue_emails

    receipt = Receipt.objects.select_related("application__organisation", "application__call").get(pk=receipt_id)
    application = receipt.application
    link = settings.SITE_URL + reverse("applications:application_detail", kwargs={"public_id": application.public_id})
    emails = prepare_email(
        kind="submitted",
        application=application,
        to=carrier_recipients(application),
        context={
            "link": link,
            "receipt": receipt,
            "submitted_at": paris_time(application.submitted_at),
            "attachment_count": application.attachments.filter(superseded_at__isnull=True).count(),
            "attachments_size": application.attachments.filter(superseded_at__isnull=True).aggregate(s=Sum("size"))[
                "s"
            ],
        },
        attachment_name=receipt_download_name(application),
        attachment_path=receipt.file.name,
    )
    queue_emails(emails)
