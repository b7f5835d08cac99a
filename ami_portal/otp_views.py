"""The staff second factor: enrolling an authenticator app (QR code) and entering its code.

With ``AMI_REQUIRE_STAFF_OTP`` on (the production profile), ``StaffSecurityMiddleware`` sends a
signed-in staff member here before anything else: to ``otp_setup`` when they have no confirmed
device yet, to ``otp_verify`` otherwise. A lost phone is handled by an administrator, who deletes
the person's device in the staff area (« Appareils TOTP »); the person then enrols a new one.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from applications import audit
from applications.forms import DsfrForm

from . import security


class CodeForm(DsfrForm, forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Six-digit code shown by your authentication app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        error_messages={
            "required": gettext_lazy("Enter the six-digit code shown by your authentication app."),
            "invalid": gettext_lazy("The code is made of six digits, for example 123456."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "fr-input"}),
    )


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _staff_only(request):
    if not security.is_staff_account(request.user):
        raise Http404


@never_cache
@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    _staff_only(request)
    if security.has_second_factor(request.user):
        return redirect(f"{reverse('otp_verify')}?next={_next_url(request)}")
    device = security.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if security.confirm_device(device, form.cleaned_data["token"]):
            otp_login(request, device)
            audit.record(action="second_factor_enrolled", actor=request.user, obj=device)
            messages.success(request, _("Your authentication app is registered. It will be asked at each login."))
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not the one expected. Check the time of your phone and try again."))
    return render(
        request,
        "otp/setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": security.qr_code_svg(security.provisioning_uri(device)),
            "secret": security.secret_base32(device),
        },
    )


@never_cache
@login_required
def otp_verify(request):
    """Enter the current code of one's authenticator app once per session."""
    _staff_only(request)
    if not security.has_second_factor(request.user):
        return redirect(f"{reverse('otp_setup')}?next={_next_url(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = security.verify_code(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token",
            _(
                "This code is not valid. Enter the code shown now by your app; after several wrong codes, "
                "wait a little before trying again."
            ),
        )
    return render(request, "otp/verify.html", {"form": form, "next": _next_url(request)})
