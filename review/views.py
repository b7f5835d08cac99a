"""Public verification of decisions, and the carrier's explanation of the algorithm for their dossier.

The verification pages need no account. They reveal only a decision's essentials, and only to
whoever holds its unguessable code or the genuine file; an unknown code is a 404 like any other
missing page. The explanation is for the carrier's organisation only, once a decision exists.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ami_portal.files import attachment_disposition
from applications.views.accounts import carrier_required
from applications.views.dossiers import carrier_applications

from . import algorithm_explanation
from .forms_decisions import FileCheckForm, VerificationForm
from .verification import FileCheck, UnreadableUpload, check_file, find_by_code, find_by_fingerprint, fingerprint

UPLOAD_ERRORS = {
    "not_pdf": lambda: _("This file is not a PDF."),
    "too_large": lambda: _("This file is larger than 20 MB: it cannot be an act of this portal."),
}


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def verify_decision_form(request):
    """Look an act up by its code, by its file, or check a file against a code: a decision, an
    acknowledgement of receipt, a convention or an ordre de reversement, so the not-found messages
    name none of them."""
    form = VerificationForm(request.POST, request.FILES) if request.method == "POST" else VerificationForm()
    if request.method == "POST" and form.is_valid():
        code, document = form.cleaned_data["code"], form.cleaned_data["document"]
        decision = None
        check = None
        try:
            if code:
                decision = find_by_code(code)
                if decision is None:
                    form.add_error("code", _("No act of this portal has this verification code. Check what you typed."))
                elif document:
                    check = check_file(decision, document)
            elif document:
                digest = fingerprint(document)
                decision = find_by_fingerprint(digest)
                if decision is None:
                    form.add_error(
                        "document",
                        _("No act of this portal has exactly this file: it is not a genuine act, or it was altered."),
                    )
                else:
                    check = FileCheck(genuine=True, digest=digest)
        except UnreadableUpload as problem:
            form.add_error("document", UPLOAD_ERRORS[str(problem)]())
            decision = None
        if decision is not None and not form.errors:
            if check is None:
                return redirect(reverse("verify_decision", kwargs={"code": decision.verification_code}))
            return _private(
                render(
                    request,
                    "review/verify_decision.html",
                    {"decision": decision, "check": check, "form": FileCheckForm()},
                )
            )
    return _private(render(request, "review/verify_form.html", {"form": form}))


@never_cache
def verify_decision(request, code):
    """The short URL of the QR code: the decision's essentials, and a file check."""
    decision = find_by_code(code)
    if decision is None:
        raise Http404
    form = FileCheckForm(request.POST, request.FILES) if request.method == "POST" else FileCheckForm()
    check = None
    if request.method == "POST" and form.is_valid():
        try:
            check = check_file(decision, form.cleaned_data["document"])
        except UnreadableUpload as problem:
            form.add_error("document", UPLOAD_ERRORS[str(problem)]())
    return _private(
        render(request, "review/verify_decision.html", {"decision": decision, "check": check, "form": form})
    )


@never_cache
@carrier_required
def algorithm_explanation_pdf(request, public_id):
    """For a carrier of the dossier's organisation, once a decision exists: how the algorithmic
    processing contributed to it, with the dossier's own figures (CRPA R.311-3-1-2)."""
    application = get_object_or_404(
        carrier_applications(request.user).select_related("call", "organisation"), public_id=public_id
    )
    decision = algorithm_explanation.latest_decision(application)
    if decision is None:
        raise Http404
    response = HttpResponse(
        algorithm_explanation.render_explanation_pdf(application, decision), content_type="application/pdf"
    )
    response["Content-Disposition"] = attachment_disposition(algorithm_explanation.download_name(application))
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
