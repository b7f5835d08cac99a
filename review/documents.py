"""Decision documents: the award letter and the refusal letter, as archival, tagged PDFs.

``templates/pdf/decision_award.html`` or ``decision_refusal.html`` are rendered by the portal's
PDF renderer (``ami_portal.pdf``: our stylesheet and fonts, a URL fetcher that refuses anything
else), and Django's autoescaping keeps what carriers typed from being read as HTML. The QR code is
an inline SVG of the short verification URL.

Decision documents are administrative acts and are written in French whatever the reader's
language (Constitution, art. 2; loi n° 94-665, art. 1): their templates are French text.

Once rendered, a decision's PDF and its SHA-256 fingerprint are stored and never replaced: the
fingerprint is what the public verification page compares an uploaded file with.
"""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ami_portal import pades
from ami_portal.pdf import html_to_pdf, qr_svg
from applications.formatting import format_euros, paris_time
from applications.french_dates import french_date

from .amount_words import amount_in_words_fr
from .award_terms import STAGED_ADVANCE_PERCENT, award_terms, grant_end_date
from .models import Decision


def verification_url(decision: Decision) -> str:
    return settings.SITE_URL + reverse("verify_decision", kwargs={"code": decision.verification_code})


def paying_programmes(call) -> list[str]:
    return [line.strip() for line in call.paying_programmes.splitlines() if line.strip()]


def dossier_url(application) -> str:
    return settings.SITE_URL + reverse("applications:application_detail", kwargs={"public_id": application.public_id})


def decision_context(decision: Decision) -> dict:
    application = decision.application
    call = decision.call
    url = verification_url(decision)
    amount = decision.amount or Decimal("0")
    terms = award_terms(decision) if decision.kind == Decision.Kind.AWARD else None
    return {
        "decision": decision,
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "issuing_bodies": call.issuing_bodies_list(),
        "signed_at": paris_time(decision.signed_at),
        "amount_figures": format_euros(decision.amount) if decision.amount else "",
        "amount_words": amount_in_words_fr(amount) if decision.amount else "",
        "convention_required": terms.convention_required if terms else False,
        "terms": terms,
        "staged_advance_percent": STAGED_ADVANCE_PERCENT,
        "staged_advance": format_euros(terms.advance.amount) if terms and terms.staged else "",
        "staged_balance": format_euros(terms.balance.amount) if terms and terms.staged else "",
        "departements": list(application.departements.all()),
        "verification_url": url,
        "qr_svg": qr_svg(url),
        "superseded": decision.supersedes,
        "envelope": format_euros(call.budget_envelope),
        "grounds": decision.grounds or {},
        "grant_start": application.start_date,
        "grant_end": grant_end_date(application.start_date, call.grant_duration_months)
        if application.start_date
        else None,
        "paying_programmes": paying_programmes(call),
        "service_address_line": ", ".join(line.strip() for line in call.service_address.splitlines() if line.strip()),
        "dossier_url": dossier_url(application),
    }


def render_decision_html(decision: Decision) -> str:
    template = "pdf/decision_award.html" if decision.kind == Decision.Kind.AWARD else "pdf/decision_refusal.html"
    with translation.override("fr"):
        return render_to_string(template, decision_context(decision))


def render_decision_pdf(decision: Decision) -> bytes:
    """The decision's PDF (PDF/A-3a, tagged), freshly rendered, before any electronic signature."""
    return html_to_pdf(render_decision_html(decision))


def sign_in_name(pdf: bytes, *, name: str, role: str, when, reason) -> bytes:
    """``pdf`` signed electronically (PAdES) in ``name``'s name, where a key is configured: the
    visible block says who (``name``, ``role``) and when (``when``, the act's date), in French;
    ``reason()`` names the act in the signature (called in French)."""
    if not pades.signing_configured():
        return pdf
    with translation.override("fr"):
        block = "\n".join(
            [
                _("Signed electronically by %(name)s") % {"name": name},
                role,
                _("on %(date)s") % {"date": french_date(when)},
            ]
        )
        named = reason()
    return pades.sign_pdf(pdf, block_text=block, reason=named, signer_name=name)


def sign_decision_pdf(decision: Decision, pdf: bytes) -> bytes:
    """The decision signed electronically (PAdES) in the official's name, where a key is configured."""
    return sign_in_name(
        pdf,
        name=decision.signatory_name,
        role=decision.signatory_role,
        when=decision.signed_at,
        reason=lambda: _("Decision no. %(reference)s") % {"reference": decision.reference},
    )


def attach_pdf(decision: Decision) -> Decision:
    """Render and store the decision's PDF once; a decision that already has one keeps it.

    The conditional update makes concurrent generations harmless: only the first one's file is
    kept (the other's is deleted), so the fingerprint never changes after it is published.
    """
    if decision.sha256:
        return decision
    decision = Decision.objects.select_related("application__organisation", "call", "supersedes").get(pk=decision.pk)
    if decision.sha256:
        return decision
    pdf = sign_decision_pdf(decision, render_decision_pdf(decision))
    digest = hashlib.sha256(pdf).hexdigest()
    name = decision.pdf.storage.save(decision.pdf.field.generate_filename(decision, "decision.pdf"), ContentFile(pdf))
    with transaction.atomic():
        won = Decision.objects.filter(pk=decision.pk, sha256="").update(pdf=name, sha256=digest)
    if not won:
        decision.pdf.storage.delete(name)
    decision.refresh_from_db(fields=["pdf", "sha256"])
    return decision


def download_name(decision: Decision) -> str:
    return f"{decision.reference}.pdf"
