"""Decision documents: the award letter and the refusal letter, as archival, tagged PDFs.

WeasyPrint renders ``templates/pdf/decision_award.html`` or ``decision_refusal.html`` with
``static/pdf/decision.css`` and the Marianne font shipped by django-dsfr. The renderer only ever
reads those few files from disk: a restricted URL fetcher refuses every other URL, so nothing a
carrier typed (a link, an image, a stylesheet) is fetched, and Django's autoescaping keeps their
text from being read as HTML. The QR code is an inline SVG of the short verification URL.

Decision documents are administrative acts and are written in French whatever the reader's
language (Constitution, art. 2; loi n° 94-665, art. 1): their templates are French text.

Once rendered, a decision's PDF and its SHA-256 fingerprint are stored and never replaced: the
fingerprint is what the public verification page compares an uploaded file with.
"""

import atexit
import calendar
import hashlib
import re
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ami_portal import pades
from applications.formatting import format_euros, paris_time
from applications.french_dates import french_date

from .amount_words import amount_in_words_fr
from .models import Decision

BASE_URL = "file:///ami-pdf/"  # a folder that does not exist: relative URLs resolve to refused files
CSS_PATH = Path(settings.BASE_DIR) / "static" / "pdf" / "decision.css"
FONTS = {
    # (family weight, style): file shipped by django-dsfr
    ("400", "normal"): "Marianne-Regular.woff2",
    ("400", "italic"): "Marianne-Regular_Italic.woff2",
    ("500", "normal"): "Marianne-Medium.woff2",
    ("700", "normal"): "Marianne-Bold.woff2",
}
# PDF/A-3a: the accessible conformance level (tagged structure, Unicode text, declared language).
PDF_OPTIONS = {"pdf_variant": "pdf/a-3a", "pdf_tags": True}
QR_SIZE = "26mm"
STAGED_ADVANCE_PERCENT = 80  # paid when the convention is signed; the rest after the financial report


@cache
def font_files() -> dict[tuple[str, str], Path]:
    files = {}
    for key, name in FONTS.items():
        found = finders.find(f"dsfr/dist/fonts/{name}")
        if found:
            files[key] = Path(found)
    return files


def allowed_files() -> dict[str, Path]:
    """The only URLs the PDF renderer may read, and the file each one maps to."""
    return {path.as_uri(): path for path in font_files().values()}


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = allowed_files()

    class RestrictedFetcher(URLFetcher):
        """Serves our own font files from disk; refuses every other URL (network, disk, data)."""

        def fetch(self, url, headers=None):
            path = allowed.get(url)
            if path is None:
                raise ValueError(f"the decision renderer does not fetch {url[:200]!r}")
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "font/woff2"})

    return RestrictedFetcher()


def stylesheet_text() -> str:
    faces = [
        f"@font-face {{ font-family: 'Marianne'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{path.as_uri()}') format('woff2'); }}"
        for (weight, style), path in font_files().items()
    ]
    return "\n".join(faces) + "\n" + CSS_PATH.read_text(encoding="utf-8")


@cache
def _renderer():
    """The fetcher, the font configuration and the parsed stylesheet, built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher()
    fonts = FontConfiguration()
    css = CSS(string=stylesheet_text(), base_url=BASE_URL, url_fetcher=fetcher, font_config=fonts)
    return fetcher, fonts, css


# Drop the cached renderer before the interpreter tears its modules down (WeasyPrint's font
# configuration cleans up after itself and needs them).
atexit.register(_renderer.cache_clear)


def html_to_pdf(html: str) -> bytes:
    """Render our own HTML with our own stylesheet; nothing else is ever read."""
    from weasyprint import HTML

    fetcher, fonts, css = _renderer()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[css], font_config=fonts, **PDF_OPTIONS)


def verification_url(decision: Decision) -> str:
    return settings.SITE_URL + reverse("verify_decision", kwargs={"code": decision.verification_code})


def qr_svg(text: str) -> str:
    """An inline SVG QR code (no image to fetch). The text is our own URL."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2, error_correction=1)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]
    # The viewBox keeps the drawing; the printed size is set here, where the layout expects it.
    return re.sub(
        r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', rf'\1 width="{QR_SIZE}" height="{QR_SIZE}"', svg, count=1
    )


def grant_end_date(start: date, months: int) -> date:
    """The last day of a grant of ``months`` months starting on ``start``, inclusive.

    12 months from 13 February 2027 end on 12 February 2028; a start on a day the last month does
    not have (31 January + 1 month) ends on that month's last day.
    """
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


def paying_programmes(call) -> list[str]:
    return [line.strip() for line in call.paying_programmes.splitlines() if line.strip()]


def dossier_url(application) -> str:
    return settings.SITE_URL + reverse("applications:application_detail", kwargs={"public_id": application.public_id})


def decision_context(decision: Decision) -> dict:
    application = decision.application
    call = decision.call
    url = verification_url(decision)
    amount = decision.amount or Decimal("0")
    return {
        "decision": decision,
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "issuing_bodies": call.issuing_bodies_list(),
        "signed_at": paris_time(decision.signed_at),
        "amount_figures": format_euros(decision.amount) if decision.amount else "",
        "amount_words": amount_in_words_fr(amount) if decision.amount else "",
        "convention_required": decision.amount is not None and decision.amount > Decimal("23000"),
        "staged_advance_percent": STAGED_ADVANCE_PERCENT,
        "staged_advance": format_euros(amount * STAGED_ADVANCE_PERCENT / 100) if decision.amount else "",
        "staged_balance": format_euros(amount - amount * STAGED_ADVANCE_PERCENT / 100) if decision.amount else "",
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


def sign_decision_pdf(decision: Decision, pdf: bytes) -> bytes:
    """The decision signed electronically (PAdES) in the official's name, where a key is configured."""
    if not pades.signing_configured():
        return pdf
    with translation.override("fr"):
        block = "\n".join(
            [
                _("Signed electronically by %(name)s") % {"name": decision.signatory_name},
                decision.signatory_role,
                _("on %(date)s") % {"date": french_date(decision.signed_at)},
            ]
        )
        reason = _("Decision no. %(reference)s") % {"reference": decision.reference}
    return pades.sign_pdf(pdf, block_text=block, reason=reason, signer_name=decision.signatory_name)


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
