"""Carrier accounts: sign-up with email verification, organisations and invitations.

Nothing here tells a stranger whether an address has an account: signing up with an address
already in use answers exactly like a new sign-up, and the owner of the address gets an email
instead. Emails that carry a secret link (verification, invitation) are sent directly and never
stored in the outgoing-email log, which staff can read.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ami_portal.security import spend_password_hash_time

from . import audit
from .formatting import paris_time
from .models import Invitation, Organisation, User

INVITATION_VALIDITY = timedelta(days=14)
logger = logging.getLogger(__name__)


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """One-time link: it stops working once the address is verified (or the password changes)."""

    key_salt = "applications.registration.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.password}{verified}{timestamp}{user.email}"


verification_tokens = EmailVerificationTokenGenerator()


def send_account_email(*, kind: str, to: str, context: dict) -> None:
    """Render ``emails/<kind>_subject.txt`` and ``emails/<kind>.txt`` in French and send it now."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", context).split())
        body = render_to_string(f"emails/{kind}.txt", context)
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send()
    except Exception:  # noqa: BLE001 - the page must not tell whether it worked; staff see the log
        # The person can ask for the link again (« Mon compte », forgotten password, a new invitation).
        logger.exception("account email %s could not be sent", kind)


def verification_link(user: User, *, base_url: str, next_url: str = "") -> str:
    path = reverse(
        "verify_email",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": verification_tokens.make_token(user)},
    )
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return base_url.rstrip("/") + path + query


def send_verification(user: User, *, base_url: str, next_url: str = "") -> None:
    send_account_email(
        kind="account_verification",
        to=user.email,
        context={"user": user, "link": verification_link(user, base_url=base_url, next_url=next_url)},
    )


def sign_up(*, email: str, password: str, first_name: str, last_name: str, base_url: str, next_url: str = "") -> None:
    """Create an unverified account and send the verification link; for an address already in use,
    tell its owner instead (the page answers the same either way)."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=password, first_name=first_name.strip(), last_name=last_name.strip()
                )
                audit.record(action="account_created", actor=user, obj=user)
        except IntegrityError:  # the same address signed up twice at once
            existing = User.objects.get(email__iexact=email)
        else:
            send_verification(user, base_url=base_url, next_url=next_url)
            return
    else:
        spend_password_hash_time(password)  # as long as creating the account (no enumeration by timing)
    send_account_email(
        kind="account_exists",
        to=existing.email,
        context={
            "user": existing,
            "login_link": base_url.rstrip("/") + reverse("login"),
            "reset_link": base_url.rstrip("/") + reverse("password_reset"),
            "verification_link": (
                verification_link(existing, base_url=base_url, next_url=next_url)
                if existing.email_verified_at is None
                else ""
            ),
        },
    )


def verify_email(*, uidb64: str, token: str) -> User | None:
    """Mark the address verified when the link is valid; ``None`` otherwise."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    if user.email_verified_at is not None:
        return user if verification_tokens.check_token(user, token) else None
    if not verification_tokens.check_token(user, token):
        return None
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    audit.record(action="email_verified", actor=user, obj=user)
    return user


def create_organisation(*, organisation: Organisation, user: User) -> Organisation:
    """Save a new organisation and make ``user`` its first member."""
    with transaction.atomic():
        organisation.save()
        User.objects.filter(pk=user.pk).update(organisation=organisation)
        user.organisation = organisation
        audit.record(action="organisation_created", actor=user, obj=organisation)
    return organisation


INVITATIONS_PER_DAY = 10  # default of settings.AMI_INVITATIONS_PER_DAY


def invitations_per_day() -> int:
    return getattr(settings, "AMI_INVITATIONS_PER_DAY", INVITATIONS_PER_DAY)


def check_may_invite(*, organisation: Organisation, email: str) -> None:
    """An organisation sends at most ``AMI_INVITATIONS_PER_DAY`` invitations in 24 hours (each one
    is an email the portal sends in its name to an address the carrier typed), and never a second
    one to an address whose invitation is still pending; ``ValidationError`` (French) otherwise.
    ``invite_colleague`` checks again under the organisation's lock, so that two members inviting
    at the same moment cannot pass the limit together."""
    if organisation.members.filter(email__iexact=email).exists():
        raise ValidationError(_("This person is already a member of your organisation."), code="member")
    now = timezone.now()
    pending = (
        organisation.invitations.filter(email__iexact=email, accepted_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        raise ValidationError(
            _(
                "An invitation to this address is already waiting for an answer (sent on %(sent)s, valid until "
                "%(expires)s). Ask your colleague to look for it, including in their spam folder."
            )
            % {
                "sent": paris_time(pending.created_at).strftime("%d/%m/%Y"),
                "expires": paris_time(pending.expires_at).strftime("%d/%m/%Y"),
            },
            code="pending",
        )
    limit = invitations_per_day()
    if organisation.invitations.filter(created_at__gt=now - timedelta(days=1)).count() >= limit:
        raise ValidationError(
            ngettext(
                "Your organisation has already sent %(limit)d invitation in the last 24 hours, the most allowed. "
                "You can invite more colleagues tomorrow.",
                "Your organisation has already sent %(limit)d invitations in the last 24 hours, the most allowed. "
                "You can invite more colleagues tomorrow.",
                limit,
            )
            % {"limit": limit},
            code="too_many",
        )


def invite_colleague(*, organisation: Organisation, email: str, invited_by: User, base_url: str) -> Invitation:
    """Invite ``email`` to join ``organisation``; the link is valid for 14 days."""
    email = email.strip().lower()
    with transaction.atomic():
        Organisation.objects.select_for_update(no_key=True).filter(pk=organisation.pk).first()
        check_may_invite(organisation=organisation, email=email)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            token=secrets.token_urlsafe(32),
            invited_by=invited_by,
            expires_at=timezone.now() + INVITATION_VALIDITY,
        )
        audit.record(action="colleague_invited", actor=invited_by, obj=invitation, changes={"email": invitation.email})
    send_account_email(
        kind="invitation",
        to=invitation.email,
        context={
            "invitation": invitation,
            "organisation": organisation,
            "invited_by": invited_by,
            "link": base_url.rstrip("/") + reverse("invitation", kwargs={"token": invitation.token}),
        },
    )
    return invitation


def accept_invitation(*, invitation: Invitation, user: User) -> Organisation:
    """``user`` joins the invitation's organisation (the invitation was sent to their address)."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update(no_key=True).select_related("organisation").get(pk=invitation.pk)
        if not locked.is_usable:
            raise ValidationError(_("This invitation has expired or has already been used."), code="unusable")
        if locked.email.lower() != user.email.lower():
            raise ValidationError(
                _("This invitation was sent to another email address: log in with the address that received it."),
                code="other_email",
            )
        if user.organisation_id and user.organisation_id != locked.organisation_id:
            raise ValidationError(
                _("Your account already belongs to another organisation; an account belongs to one organisation."),
                code="other_organisation",
            )
        # The link reached this address: it is verified as well.
        verified_at = user.email_verified_at or timezone.now()
        User.objects.filter(pk=user.pk).update(organisation=locked.organisation, email_verified_at=verified_at)
        user.organisation = locked.organisation
        user.email_verified_at = verified_at
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        audit.record(action="invitation_accepted", actor=user, obj=locked)
    return locked.organisation
