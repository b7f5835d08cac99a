"""Carrier accounts: sign-up, email verification, « Mon compte », organisation and invitations,
and Django's password views with our templates."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ami_portal.security import QueuedPasswordResetForm

from .. import registration
from ..forms import InvitationForm, OrganisationForm, SignupForm
from ..models import Invitation, User


def safe_next(request, candidate: str | None, default: str = "") -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def base_url(request) -> str:
    return request.build_absolute_uri("/")


def verified_required(view):
    """A signed-in user whose address is verified (carriers may not act before)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.email_verified_at is None:
            messages.warning(request, _("Confirm your email address first: open the link we sent you."))
            return redirect("account")
        return view(request, *args, **kwargs)

    return wrapper


def carrier_required(view):
    """A verified user who belongs to an organisation (otherwise: create it first, then come back)."""

    @wraps(view)
    @verified_required
    def wrapper(request, *args, **kwargs):
        if request.user.organisation_id is None:
            messages.info(request, _("Before starting a dossier, register your organisation."))
            return redirect(f"{reverse('organisation_create')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


# --------------------------------------------------------------------------------------------
# Sign-up and verification
# --------------------------------------------------------------------------------------------
def signup(request):
    if request.user.is_authenticated:
        return redirect("account")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            base_url=base_url(request),
            next_url=next_url,
        )
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


def signup_done(request):
    # The same page whether the address was new or already known (no account enumeration).
    return render(request, "registration/signup_done.html", {"email": request.session.get("signup_email", "")})


def verify_email(request, uidb64, token):
    user = registration.verify_email(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "registration/verify_failed.html", status=400)
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    elif request.user.pk != user.pk:
        return render(request, "registration/verify_failed.html", status=400)
    messages.success(request, _("Your email address is confirmed. Welcome!"))
    pending = Invitation.objects.filter(
        email__iexact=user.email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if pending and user.organisation_id is None:
        return redirect("invitation", token=pending.token)
    default = reverse("account") if user.organisation_id else reverse("organisation_create")
    return redirect(safe_next(request, request.GET.get("next"), default))


@login_required
@require_POST
def resend_verification(request):
    if request.user.email_verified_at is None:
        registration.send_verification(request.user, base_url=base_url(request))
    messages.info(request, _("A new confirmation link has been sent to %(email)s.") % {"email": request.user.email})
    return redirect("account")


# --------------------------------------------------------------------------------------------
# « Mon compte », organisation, invitations
# --------------------------------------------------------------------------------------------
@login_required
def account(request, invitation_form=None):
    user = request.user
    organisation = None
    if user.organisation_id:
        organisation = (
            type(user.organisation)
            .objects.select_related("departement")
            .prefetch_related(
                Prefetch("members", queryset=User.objects.filter(is_active=True).order_by("last_name", "first_name")),
                Prefetch(
                    "invitations",
                    queryset=Invitation.objects.filter(
                        accepted_at__isnull=True, expires_at__gt=timezone.now()
                    ).order_by("-created_at"),
                    to_attr="pending_invitations",
                ),
            )
            .get(pk=user.organisation_id)
        )
    pending_for_me = (
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("organisation")
        .first()
        if organisation is None
        else None
    )
    return render(
        request,
        "registration/account.html",
        {
            "organisation": organisation,
            "invitation_form": invitation_form or (InvitationForm(organisation=organisation) if organisation else None),
            "pending_for_me": pending_for_me,
        },
    )


@verified_required
def organisation_create(request):
    if request.user.organisation_id:
        return redirect("organisation_edit")
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    # Signed in with ProConnect: the SIRET of the establishment it vouched for fills the form.
    form = OrganisationForm(request.POST or None, initial={"siret": request.session.get("proconnect_siret", "")})
    if request.method == "POST" and form.is_valid():
        registration.create_organisation(organisation=form.save(commit=False), user=request.user)
        messages.success(request, _("Your organisation is registered."))
        return redirect(next_url or "applications:my_applications")
    return render(request, "registration/organisation_form.html", {"form": form, "next": next_url, "creating": True})


@verified_required
def organisation_edit(request):
    if not request.user.organisation_id:
        return redirect("organisation_create")
    organisation = request.user.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your organisation's details are saved."))
        return redirect("account")
    return render(request, "registration/organisation_form.html", {"form": form, "creating": False})


@verified_required
@require_POST
def invite(request):
    organisation = request.user.organisation
    if organisation is None:
        raise Http404
    form = InvitationForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return account(request, invitation_form=form)
    try:
        registration.invite_colleague(
            organisation=organisation,
            email=form.cleaned_data["email"],
            invited_by=request.user,
            base_url=base_url(request),
        )
    except ValidationError as refusal:  # a colleague's invitation went through meanwhile
        form.add_error("email", refusal)
        return account(request, invitation_form=form)
    messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("account")


def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation", "invited_by"), token=token)
    error = None
    if request.method == "POST" and request.user.is_authenticated:
        try:
            registration.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request, _("You joined %(organisation)s.") % {"organisation": invitation.organisation.name}
            )
            return redirect("applications:my_applications")
    return render(
        request,
        "registration/invitation.html",
        {
            "invitation": invitation,
            "error": error,
            "here": request.get_full_path(),
            "email_matches": request.user.is_authenticated and request.user.email.lower() == invitation.email.lower(),
        },
    )


# --------------------------------------------------------------------------------------------
# Django's password views, with our templates
# --------------------------------------------------------------------------------------------
password_change = auth_views.PasswordChangeView.as_view(
    template_name="registration/password_change.html", success_url=reverse_lazy("password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html")
password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm,  # same work whether the address has an account or not
    template_name="registration/password_reset.html",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html", success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)
