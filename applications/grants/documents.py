"""The grant's acts as PDFs: the convention and the « ordre de reversement » of unspent funds.

Rendered like the decisions (``review.documents``): our own templates, our own stylesheet, fonts
read through the restricted fetcher, PDF/A-3a, a verification code and its QR code leading to the
public verification page (``/v/<code>``, which ``review.verification`` answers for decisions,
conventions and ordres de reversement alike). The acts are written in French whatever the
reader's language.

Both are sealed with PAdES where a key is configured (``ami_portal.pades``): the convention when
the official countersigns it (an incremental update after the bytes the carrier accepted), the
ordre de reversement when it is issued. The fingerprint of each file issued is stored.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ami_portal import pades
from applications.formatting import format_euros, paris_time
from review.amount_words import amount_in_words_fr
from review.documents import html_to_pdf, paying_programmes, qr_svg, sign_in_name

from .models import Convention, Grant, Instalment, Report, new_verification_code, paid_total

RETURN_WITHIN_DAYS = 30  # the beneficiary pays back within thirty days of the ordre de reversement


def short_verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("verify_decision", kwargs={"code": code})


def convention_verification_url(convention: Convention) -> str:
    return short_verification_url(convention.verification_code)


def return_order_verification_url(grant: Grant) -> str:
    return short_verification_url(grant.return_order_verification_code)


def indicator_targets(application) -> dict:
    """The targets the application committed to, as the convention and the reports show them."""
    departements = list(application.departements.all())
    themes = list(application.themes.all())
    per_departement = application.ambassadrices_per_departement or 0
    per_cell = application.workshops_per_theme_per_departement or 0
    return {
        "departements": departements,
        "themes": themes,
        "ambassadrices": per_departement * len(departements),
        "workshops_per_cell": per_cell,
        "workshops": per_cell * len(departements) * len(themes),
        "people": application.expected_participants or 0,
    }


def convention_context(convention: Convention) -> dict:
    from .conventions import FIXED, instalments_of, schedule_for

    grant = convention.grant
    application = grant.application
    call = application.call
    url = convention_verification_url(convention)
    # The version's own amount, and the schedule it leads to (what is approved or paid stays).
    instalments = instalments_of(grant)
    advance, balance = schedule_for(grant, convention.amount, instalments)
    advance_instalment = instalments.get(Instalment.Kind.ADVANCE)
    previous = convention.supersedes
    return {
        "convention": convention,
        "grant": grant,
        "decision": grant.decision,
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "issuing_bodies": call.issuing_bodies_list(),
        "issued_on": paris_time(convention.created_at),
        "amount_figures": format_euros(convention.amount),
        "amount_words": amount_in_words_fr(convention.amount),
        "amendment_number": convention.version - 1,
        "previous_amount": format_euros(previous.amount) if previous else "",
        "previous_amount_words": amount_in_words_fr(previous.amount) if previous else "",
        "amount_changed": previous is not None and previous.amount != convention.amount,
        "advance": format_euros(advance),
        "balance": format_euros(balance),
        "advance_already_paid": bool(previous and advance_instalment is not None and advance_instalment.state in FIXED),
        "targets": indicator_targets(application),
        "paying_programmes": paying_programmes(call),
        "verification_url": url,
        "qr_svg": qr_svg(url),
    }


def render_convention_html(convention: Convention) -> str:
    convention = Convention.objects.select_related(
        "grant__application__organisation", "grant__application__call", "grant__decision", "supersedes"
    ).get(pk=convention.pk)
    with translation.override("fr"):
        return render_to_string("pdf/convention.html", convention_context(convention))


def render_convention_pdf(convention: Convention) -> bytes:
    return html_to_pdf(render_convention_html(convention))


def countersigned_pdf(convention: Convention) -> bytes | None:
    """The accepted PDF with the official's PAdES signature appended, where a key is configured.

    The signature is an incremental update: the bytes the carrier accepted stay the file's prefix.
    """
    if not pades.signing_configured() or not convention.pdf:
        return None
    with convention.pdf.open("rb") as handle:
        accepted = handle.read()
    return sign_in_name(
        accepted,
        name=convention.signatory_name,
        role=convention.signatory_role,
        when=convention.signed_at,
        reason=lambda: _("Convention no. %(reference)s") % {"reference": convention.reference},
    )


def return_order_context(
    grant: Grant, report: Report | None, *, totals: dict | None, signatory_name: str, signatory_role: str
) -> dict:
    """What the ordre de reversement says. With a final ``report`` and its ``totals``: the unspent
    funds. Without (``report`` None): the award was withdrawn (``grant.withdrawal``), and the sums
    paid are returned whole; the convention in force until then is the one terminated."""
    application = grant.application
    call = application.call
    withdrawn = report is None
    in_force = Convention.State.TERMINATED if withdrawn else Convention.State.SIGNED
    convention = grant.conventions.filter(state=in_force, signed_at__isnull=False).order_by("-version").first()
    paid = paid_total(grant.instalments.all())
    issued_at = grant.return_order_issued_at or timezone.now()
    url = return_order_verification_url(grant) if grant.return_order_verification_code else ""
    return {
        "grant": grant,
        "report": report,
        "convention": convention,
        "decision": grant.decision,
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "issuing_bodies": call.issuing_bodies_list(),
        "issued_on": paris_time(issued_at),
        "due_on": grant.return_order_due_on or return_due_date(issued_at),
        "return_within_days": RETURN_WITHIN_DAYS,
        "amount_figures": format_euros(grant.amount_to_return),
        "amount_words": amount_in_words_fr(grant.amount_to_return),
        "award": format_euros(grant.amount),
        "paid": format_euros(paid),
        "withdrawal": grant.withdrawal if withdrawn else None,
        "charges": format_euros(totals["charges_actual"]) if totals else "",
        "other_income": format_euros(totals["other_income_actual"]) if totals else "",
        "entitled": format_euros(totals["entitled"]) if totals else "",
        "paying_programmes": paying_programmes(call),
        "signatory_name": signatory_name,
        "signatory_role": signatory_role,
        "service_address_line": ", ".join(line.strip() for line in call.service_address.splitlines() if line.strip()),
        "verification_url": url,
        "qr_svg": qr_svg(url) if url else "",
    }


def return_due_date(issued_at):
    return paris_time(issued_at).date() + timedelta(days=RETURN_WITHIN_DAYS)


def render_return_order_html(
    grant: Grant, report: Report | None, *, totals: dict | None, signatory_name: str, signatory_role: str
) -> str:
    with translation.override("fr"):
        return render_to_string(
            "pdf/ordre_de_reversement.html",
            return_order_context(
                grant, report, totals=totals, signatory_name=signatory_name, signatory_role=signatory_role
            ),
        )


def render_return_order_pdf(
    grant: Grant, report: Report | None, *, totals: dict | None, signatory_name: str, signatory_role: str
) -> bytes:
    """The ordre de reversement as issued: the act's PDF, sealed where a key is configured.

    ``totals``: the report's actual charges, other income and the part of the grant used (None,
    with no report, when the award was withdrawn: see ``return_order_context``). Called
    on the locked grant being issued (``reports.issue_return_order`` has set its reference and
    ``return_order_issued_at``, the date of the act): the act gets its own verification code, its
    due date and its signatory, and the fingerprint of the file returned — all saved on the grant
    here, so that the act is verifiable as soon as it exists.
    """
    if grant.return_order_issued_at is None:
        raise ValueError("an ordre de reversement is rendered when it is issued")
    grant.return_order_due_on = return_due_date(grant.return_order_issued_at)
    grant.return_order_verification_code = grant.return_order_verification_code or new_verification_code()
    grant.return_order_signatory_name = signatory_name
    grant.return_order_signatory_role = signatory_role
    html = render_return_order_html(
        grant, report, totals=totals, signatory_name=signatory_name, signatory_role=signatory_role
    )
    pdf = seal_return_order_pdf(grant, html_to_pdf(html))
    grant.return_order_sha256 = hashlib.sha256(pdf).hexdigest()
    grant.save(
        update_fields=[
            "return_order_due_on",
            "return_order_verification_code",
            "return_order_signatory_name",
            "return_order_signatory_role",
            "return_order_sha256",
        ]
    )
    return pdf


def seal_return_order_pdf(grant: Grant, pdf: bytes) -> bytes:
    """The ordre de reversement sealed (PAdES) in its signatory's name, where a key is configured."""
    return sign_in_name(
        pdf,
        name=grant.return_order_signatory_name,
        role=grant.return_order_signatory_role,
        when=grant.return_order_issued_at,
        reason=lambda: _("Ordre de reversement no. %(reference)s") % {"reference": grant.return_order_reference},
    )
