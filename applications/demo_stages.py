"""``seed_demo --stage submitted``: the demo dossiers get their files and are submitted.

Everything goes through the functions the screens use: ``attachments.store_attachment`` checks
and stores each file, ``submission.submit_application`` checks completeness, assigns the
reference, issues the receipt and emails it. The demo carrier account also gets a submitted
dossier and a draft of its own organisation, so that « Mes dossiers » shows both.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from . import attachments, submission
from .demo import BUDGET_SHARES, DEMO_DOMAIN, application_content
from .models import Application, BudgetLine, Call, CoFunding, Departement

DEMO_CARRIER = f"porteuse@{DEMO_DOMAIN}"


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(*lines: str) -> bytes:
    """A valid one-page PDF (a few hundred bytes) showing ``lines`` — Latin-1 text only."""
    stream_lines = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in lines:
        stream_lines.append(f"({_pdf_text(line)}) '")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return assemble_pdf(objects)


def assemble_pdf(objects: list[bytes], *, root: int = 1, version: bytes = b"1.4") -> bytes:
    """A classic PDF file holding ``objects`` (numbered from 1), with its cross-reference table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def attach_demo_documents(application: Application, *, user=None) -> int:
    """Upload a small generated PDF for each document the call asks for; return how many."""
    count = 0
    for document in application.call.required_documents.all():
        if not document.mandatory and document.position % 2:
            continue  # some optional documents stay empty, as in real life
        kind = "pdf" if "pdf" in document.accepted_types else document.accepted_types[0]
        if kind != "pdf":
            continue
        content = tiny_pdf(
            document.label.encode("latin-1", "replace").decode("latin-1"),
            str(application.organisation.name).encode("latin-1", "replace").decode("latin-1"),
            "Document de demonstration - Portail AMI",
        )
        uploaded = SimpleUploadedFile(f"{document.label[:60]}.pdf", content, content_type="application/pdf")
        attachments.store_attachment(application=application, document=document, uploaded=uploaded, user=user)
        count += 1
    return count


def fill_demo_content(application: Application, rng: random.Random) -> None:
    """Give a draft complete content, as a carrier would through the wizard."""
    call = application.call
    content = application_content(rng, call=call)
    for name, value in content.items():
        setattr(application, name, value)
    application.organisation_confirmed_at = timezone.now()
    total = Decimal(rng.randrange(40, 100) * 1000)
    cofunded = Decimal(rng.choice([0, 5000, 10000]))
    requested = min(total - cofunded, call.budget_envelope)
    total = requested + cofunded
    application.requested_amount = requested
    application.save()
    remaining = total
    for index, (category, label, share) in enumerate(BUDGET_SHARES):
        amount = remaining if index == len(BUDGET_SHARES) - 1 else (total * share).quantize(Decimal("1"))
        remaining -= amount
        BudgetLine.objects.create(application=application, category=category, label=label, amount=amount)
    if cofunded:
        CoFunding.objects.create(
            application=application, source="Conseil départemental", amount=cofunded, status=CoFunding.Status.OBTAINED
        )
    application.themes.set(call.themes.all())
    if not call.departements_fixed:
        application.departements.set(rng.sample(list(Departement.objects.all()), call.departement_count))


def submission_moment(call: Call, index: int, count: int):
    """Now while the call is open; otherwise a moment spread inside its opening window."""
    now = timezone.now()
    if call.opens_at <= now < call.closes_at:
        return None
    span = (call.closes_at - call.opens_at).total_seconds()
    return call.opens_at + timedelta(seconds=span * (index + 1) / (count + 2))


def ensure_demo_carrier_dossiers(*, call: Call, carrier) -> list[Application]:
    """One dossier to submit and one draft for the demo carrier's organisation (once)."""
    if carrier is None or carrier.organisation_id is None:
        return []
    if Application.objects.filter(call=call, organisation_id=carrier.organisation_id).exists():
        return []
    rng = random.Random(7)
    with transaction.atomic():
        to_submit = Application.objects.create(
            call=call, organisation=carrier.organisation, created_by=carrier, last_edited_by=carrier
        )
        fill_demo_content(to_submit, rng)
        draft = Application.objects.create(
            call=call,
            organisation=carrier.organisation,
            created_by=carrier,
            last_edited_by=carrier,
            title="Ambassadrices de l'égalité — deuxième vague (brouillon)",
            summary="Prolonger l'action dans trois nouveaux départements.",
            start_date=date(call.closes_at.year + 1, 1, 1),
        )
        draft.themes.set(call.themes.all()[:3])
    return [to_submit]


def submit_demo_dossiers(*, call: Call, application_ids: list[int], accounts: dict, stdout) -> list[int]:
    """Attach files to the demo dossiers, give the sworn statement and submit them; return the submitted ids."""
    carrier = accounts.get(DEMO_CARRIER)
    own = ensure_demo_carrier_dossiers(call=call, carrier=carrier)
    Application.objects.filter(pk__in=application_ids, organisation_confirmed_at__isnull=True).update(
        organisation_confirmed_at=timezone.now()
    )
    queue = [(application, carrier) for application in own] + [
        (application, None)
        for application in Application.objects.filter(pk__in=application_ids, state=Application.State.DRAFT)
        .select_related("call", "organisation")
        .order_by("pk")
    ]
    submitted, refused = [], {}
    for index, (application, user) in enumerate(queue):
        if not application.attachments.exists():
            attach_demo_documents(application, user=user)
        try:
            submission.submit_application(
                application=application,
                user=user,
                sworn_statement=True,
                at=submission_moment(call, index, len(queue)),
            )
        except submission.SubmissionRefused as refusal:
            # Realistic: some demo organisations have a legal form the call does not accept.
            reason = "; ".join(refusal.messages)
            refused[reason] = refused.get(reason, 0) + 1
            continue
        submitted.append(application.pk)
        if (index + 1) % 100 == 0:
            stdout.write(f"  {index + 1} dossiers déposés…")
    stdout.write(f"{len(submitted)} dossiers déposés avec leur attestation.")
    for reason, count in refused.items():
        stdout.write(f"  {count} laissé(s) en brouillon : {reason}")
    return submitted
