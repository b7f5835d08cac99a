"""The acknowledgement of receipt (« accusé de réception ») of a dossier submitted online.

Every request to the administration is acknowledged (CRPA L.112-3), instantly when it arrives
through an online service (L.112-11). R.112-5 fixes what the acknowledgement must say: when the
request was received and when, without an express decision, it is deemed rejected or accepted;
the service in charge (name, postal address, email, phone); whether silence means rejection or
acceptance, and — for a rejection — the routes and time limits of appeal. Without these mentions
no time limit runs against the carrier (L.112-6), so each one comes from the dossier's own data.

A grant is a request of a financial nature: two months of silence mean rejection (L.231-4, 3°).

The acknowledgement also keeps what the former « attestation de dépôt » proved: the dossier's
content section by section, its budget, and every attached file with its SHA-256 fingerprint.
Like a decision, it is a tagged PDF/A rendered by ``ami_portal.pdf`` (Marianne, restricted URL
fetcher, inline QR code) and it can be checked by anyone on the public verification page.
It is an administrative act, written in French whatever the reader's language.
"""

import hashlib
import uuid
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ami_portal import pades
from ami_portal.pdf import html_to_pdf, qr_svg
from ami_portal.tasks import retried_task

from . import wizard
from .formatting import paris_time
from .french_dates import add_months, french_date
from .models import Application, Receipt
from .notifications import carrier_recipients, prepare_email, queue_emails

IMPLICIT_REJECTION_MONTHS = 2  # CRPA L.231-4: two months of silence on a financial request
APPEAL_MONTHS = 2  # CJA R.421-1, R.421-2


def implicit_rejection_date(received: date | datetime) -> date:
    """The day on which a grant request left unanswered is deemed rejected (CRPA L.231-4, 3°).

    The two months run from the receipt of the complete request (the portal only accepts a
    complete dossier), from day to same day: received on 15 January, deemed rejected on
    15 March; received on 31 December, on the last day of February. A moment of receipt is read
    in Paris time: a dossier sent at 00:30 in Paris belongs to that day, not to the UTC one before.
    """
    if isinstance(received, datetime):
        received = paris_time(received).date()
    return add_months(received, IMPLICIT_REJECTION_MONTHS)


def receipt_verification_url(receipt: Receipt) -> str:
    """The short URL under the QR code: the same public page as the decisions'."""
    return settings.SITE_URL + reverse("verify_decision", kwargs={"code": receipt.verification_code})


def receipt_context(application: Application, receipt: Receipt) -> dict:
    content = wizard.with_content(Application.objects.filter(pk=application.pk)).get()
    lines = list(content.budget_lines.all())
    cofundings = list(content.cofundings.all())
    attachments = sorted(
        wizard.current_attachments_of(content),
        key=lambda a: (a.required_document.position if a.required_document else 999, a.uploaded_at),
    )
    call = content.call
    received_at = paris_time(content.submitted_at or timezone.now())
    rejected_on = implicit_rejection_date(received_at)
    issued_at = paris_time(receipt.created_at or timezone.now())
    url = receipt_verification_url(receipt)
    return {
        "receipt": receipt,
        "application": content,
        "call": call,
        "organisation": content.organisation,
        "received_at": received_at,
        "received_on": french_date(received_at),
        "deemed_rejected_on": french_date(rejected_on),
        "closes_on": french_date(call.closes_at),
        "closes_at": paris_time(call.closes_at),
        "issued_on": french_date(issued_at),
        "issued_at": issued_at,
        "project_start": french_date(content.start_date) if content.start_date else "",
        "project_end": french_date(content.end_date) if content.end_date else "",
        "service_address_lines": [line.strip() for line in call.service_address.splitlines() if line.strip()],
        "sections": wizard.dossier_status(content),
        "themes": list(content.themes.all()),
        "departements": list(content.departements.all()),
        "total_cost": sum((line.amount for line in lines), 0),
        "cofunding_total": sum((c.amount for c in cofundings), 0),
        "budget_lines": lines,
        "cofundings": cofundings,
        "attachments": attachments,
        "attachments_total": sum(a.size for a in attachments),
        "verification_url": url,
        "qr_svg": qr_svg(url),
    }


def render_receipt_html(*, application: Application, receipt: Receipt | None = None) -> str:
    """The acknowledgement's HTML: of ``receipt``, else of the dossier's stored one.

    A dossier without one (a draft, to warm WeasyPrint up) gets an unsaved receipt dated now.
    """
    receipt = receipt or getattr(application, "receipt", None) or Receipt(application=application)
    # The act is French text; the French locale names the dossier's sections and budget categories.
    with translation.override("fr"):
        return render_to_string("pdf/acknowledgement.html", receipt_context(application, receipt))


def render_receipt_pdf(*, application: Application, receipt: Receipt | None = None) -> bytes:
    """The acknowledgement's PDF (PDF/A-3b, tagged), freshly rendered: for the stored one, read ``receipt.file``."""
    return html_to_pdf(render_receipt_html(application=application, receipt=receipt))


def seal_receipt_pdf(application: Application, pdf: bytes) -> bytes:
    """The acknowledgement sealed electronically (PAdES) by the service in charge, where a key is configured."""
    if not pades.signing_configured():
        return pdf
    call = application.call
    service = call.issuing_service or call.issuing_authority
    with translation.override("fr"):
        block = "\n".join(
            [
                _("Electronic seal of %(service)s") % {"service": service},
                _("on %(date)s") % {"date": french_date(application.submitted_at)},
            ]
        )
        reason = _("Acknowledgement of receipt of dossier %(reference)s") % {"reference": application.reference}
    return pades.sign_pdf(pdf, block_text=block, reason=reason, signer_name=service)


def create_receipt(*, application: Application) -> Receipt:
    """The acknowledgement's row, inside the submission's transaction: its verification code and
    date exist from the moment the dossier is submitted; its PDF is rendered after the commit.

    With a task queue (production: the database backend and its ``db_worker``), the task that
    renders, seals, stores and emails it is queued in the same transaction, so that it exists
    exactly when the submission does, and the submitting request returns without waiting for
    WeasyPrint and the seal (≈ 0.3 s of CPU, more on a closing day: that was half of a
    submission's time in the rush, ``benchmarks/RESULTS.md`` § 6). The carrier's next page links
    to the receipt at once: a download that comes before the worker renders it now
    (``receipt_with_pdf``). Without a queue (the embedded default, the tests), the submitting
    request renders it right after its commit (``receipt_rendered_by_worker`` is false).
    """
    receipt = Receipt.objects.create(application=application)
    if receipt_rendered_by_worker():
        finish_receipt.enqueue(receipt_id=receipt.pk)
    return receipt


def receipt_rendered_by_worker() -> bool:
    """Whether receipts are rendered by a task worker rather than by the submitting request.

    A backend that can defer tasks runs them in another process (``db_worker``); the immediate
    backend of the embedded default would run the task inside the submission's transaction.
    """
    return finish_receipt.get_backend().supports_defer


def complete_receipt(*, receipt_id: int) -> Receipt:
    """Render, seal and store the acknowledgement's PDF once, then email it; idempotent.

    Whoever stores it first (the task worker or, without a queue, the submitting request; a download
    that came before either) wins a conditional update; another's copy is deleted, so the
    fingerprint never changes once stored, and the email goes out once, with the PDF that was kept.
    """
    receipt = Receipt.objects.select_related("application__call", "application__organisation").get(pk=receipt_id)
    if receipt.sha256:
        return receipt
    application = receipt.application
    pdf = seal_receipt_pdf(application, render_receipt_pdf(application=application, receipt=receipt))
    digest = hashlib.sha256(pdf).hexdigest()
    name = receipt.file.storage.save(
        receipt.file.field.generate_filename(receipt, f"{uuid.uuid4().hex}.pdf"), ContentFile(pdf)
    )
    with transaction.atomic():
        won = Receipt.objects.filter(pk=receipt.pk, sha256="").update(file=name, sha256=digest)
        if won:
            transaction.on_commit(lambda: email_receipt(receipt_id=receipt.pk))
    if not won:
        receipt.file.storage.delete(name)
    receipt.refresh_from_db(fields=["file", "sha256"])
    return receipt


def receipt_with_pdf(receipt: Receipt) -> Receipt:
    """``receipt`` with its PDF, rendered now if the submission could not (for its download)."""
    return receipt if receipt.sha256 else complete_receipt(receipt_id=receipt.pk)


@retried_task(max_attempts=5)
def finish_receipt(receipt_id: int) -> None:
    """The task queued by ``create_receipt``: nothing to do when a download already rendered it."""
    complete_receipt(receipt_id=receipt_id)


def receipt_download_name(application: Application) -> str:
    # The carrier's pages still link to « l'attestation de dépôt » under this name.
    return f"attestation-de-depot-{application.reference}.pdf"


def email_receipt(*, receipt_id: int) -> None:
    """Email the acknowledgement to the carrier's members and contact (recorded, then sent by a task)."""
    receipt = Receipt.objects.select_related("application__organisation", "application__call").get(pk=receipt_id)
    application = receipt.application
    received_at = paris_time(application.submitted_at)
    current = application.attachments.filter(superseded_at__isnull=True)
    link = settings.SITE_URL + reverse("applications:application_detail", kwargs={"public_id": application.public_id})
    emails = prepare_email(
        kind="submitted",
        application=application,
        to=carrier_recipients(application),
        context={
            "link": link,
            "receipt": receipt,
            "received_on": french_date(received_at),
            "received_time": f"{received_at:%H:%M}",
            "deemed_rejected_on": french_date(implicit_rejection_date(received_at)),
            "verification_url": receipt_verification_url(receipt),
            "attachment_count": current.count(),
            "attachments_size": current.aggregate(s=Sum("size"))["s"],
        },
        attachment_name=receipt_download_name(application),
        attachment_path=receipt.file.name,
    )
    queue_emails(emails)
