"""The grant's acts as PDFs: the convention and the « ordre de reversement » of unspent funds.

Rendered like the decisions (``review.documents``): our own templates, our own stylesheet, fonts
read through the restricted fetcher, PDF/A-3a, a verification code and its QR code. The acts are
written in French whatever the reader's language.
"""

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ami_portal import pades
from applications.formatting import format_euros, paris_time
from applications.french_dates import french_date
from review.amount_words import amount_in_words_fr
from review.documents import html_to_pdf, paying_programmes, qr_svg

from .models import Convention, Grant, Report


def convention_verification_url(convention: Convention) -> str:
    return settings.SITE_URL + reverse("grants:verify_convention", kwargs={"code": convention.verification_code})


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
    grant = convention.grant
    application = grant.application
    call = application.call
    url = convention_verification_url(convention)
    return {
        "convention": convention,
        "grant": grant,
        "decision": grant.decision,
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "issuing_bodies": call.issuing_bodies_list(),
        "issued_on": paris_time(convention.created_at),
        "amount_figures": format_euros(grant.amount),
        "amount_words": amount_in_words_fr(grant.amount),
        "advance": format_euros(grant.advance_amount),
        "balance": format_euros(grant.balance_amount),
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
    with translation.override("fr"):
        block = "\n".join(
            [
                _("Signed electronically by %(name)s") % {"name": convention.signatory_name},
                convention.signatory_role,
                _("on %(date)s") % {"date": french_date(convention.signed_at)},
            ]
        )
        reason = _("Convention no. %(reference)s") % {"reference": convention.reference}
    return pades.sign_pdf(accepted, block_text=block, reason=reason, signer_name=convention.signatory_name)


def return_order_context(
    grant: Grant, report: Report, *, totals: dict, signatory_name: str, signatory_role: str
) -> dict:
    application = grant.application
    call = application.call
    convention = grant.conventions.filter(state=Convention.State.SIGNED).first()
    paid = sum((i.amount for i in grant.instalments.all() if i.state == "paid"), Decimal("0"))
    return {
        "grant": grant,
        "report": report,
        "convention": convention,
        "decision": grant.decision,
        "application": application,
        "organisation": application.organisation,
        "call": call,
        "issued_on": paris_time(grant.return_order_issued_at or timezone.now()),
        "amount_figures": format_euros(grant.amount_to_return),
        "amount_words": amount_in_words_fr(grant.amount_to_return),
        "award": format_euros(grant.amount),
        "paid": format_euros(paid),
        "charges": format_euros(totals["charges_actual"]),
        "other_income": format_euros(totals["other_income_actual"]),
        "entitled": format_euros(totals["entitled"]),
        "paying_programmes": paying_programmes(call),
        "signatory_name": signatory_name,
        "signatory_role": signatory_role,
        "service_address_line": ", ".join(line.strip() for line in call.service_address.splitlines() if line.strip()),
    }


def render_return_order_pdf(
    grant: Grant, report: Report, *, totals: dict, signatory_name: str, signatory_role: str
) -> bytes:
    """``totals``: the report's actual charges, other income and the part of the grant used."""
    with translation.override("fr"):
        html = render_to_string(
            "pdf/ordre_de_reversement.html",
            return_order_context(
                grant, report, totals=totals, signatory_name=signatory_name, signatory_role=signatory_role
            ),
        )
    return html_to_pdf(html)
