"""The ProConnect pages: start the sign-in, the provider's return (callback), the logout that also
ends the provider's session, and the page the provider sends people back to after it.

The rules of a sign-in (which account, what is refused, what counts as a strong authentication)
are in ``applications.proconnect``; these views translate HTTP and show its refusals in French.
Every page answers 404 while ProConnect is not configured.
"""

import logging
import secrets
from functools import wraps

import requests
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .. import proconnect

logger = logging.getLogger(__name__)

# Where a refused sign-in is explained: the login page it was started from (the portal's, or the
# staff area's when its form says so).
SESSION_LOGIN_PAGE = "proconnect_login_page"
LOGIN_PAGES = {"admin": "admin:login"}


def _enabled_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not proconnect.is_enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class StartView(OIDCAuthenticationRequestView):
    """Redirect to the provider with a fresh ``state``, ``nonce`` and PKCE challenge, kept in the
    session (mozilla-django-oidc)."""

    get_settings = staticmethod(proconnect.oidc_setting)

    def __init__(self, *args, **kwargs):
        # The endpoints are looked up when someone clicks, not when the URLconf is loaded.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        page = LOGIN_PAGES.get(request.GET.get("login_page", ""))
        if page:
            request.session[SESSION_LOGIN_PAGE] = page
        else:
            request.session.pop(SESSION_LOGIN_PAGE, None)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = proconnect.provider().authorization_endpoint
        except requests.RequestException:
            logger.exception("ProConnect discovery failed")
            messages.error(request, _("ProConnect cannot be reached at the moment. Try again in a few minutes."))
            return redirect(login_page(request))
        self.OIDC_RP_CLIENT_ID = proconnect.oidc_setting("OIDC_RP_CLIENT_ID")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's return: check ``state`` (once), exchange the code with the PKCE verifier,
    check the ID token and its ``nonce``, then sign in — or say in French why not."""

    get_settings = staticmethod(proconnect.oidc_setting)

    def get(self, request):
        if request.GET.get("error"):
            states = request.session.get("oidc_states") or {}
            if request.GET.get("state") in states:
                del states[request.GET["state"]]
                request.session["oidc_states"] = states
            return self._refused(_("The sign-in with ProConnect was cancelled or refused by ProConnect."))
        state = request.GET.get("state")
        states = request.session.get("oidc_states") or {}
        if not request.GET.get("code") or not state or state not in states:
            # Unknown, already used (a replayed return) or from another browser.
            return self._refused(
                _(
                    "This ProConnect sign-in is no longer valid (it was already used, or it was started in "
                    "another browser). Start again from the login page."
                )
            )
        entry = states.pop(state)
        request.session["oidc_states"] = states
        request.session.save()  # the state is spent before anything else happens
        try:
            user = proconnect.ProConnectBackend().authenticate(
                request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
            )
        except proconnect.Refused as refusal:
            return self._refused(refusal.message)
        except requests.HTTPError:
            logger.warning("ProConnect refused the code exchange", exc_info=True)
            return self._refused(_("ProConnect did not confirm this sign-in. Start again from the login page."))
        except (requests.RequestException, SuspiciousOperation):
            logger.exception("ProConnect sign-in failed")
            return self._refused(_("ProConnect cannot be reached at the moment. Try again in a few minutes."))
        if user is None:
            return self._refused(_("ProConnect did not confirm this sign-in. Start again from the login page."))
        self.user = user
        return self.login_success()

    def login_success(self):
        request = self.request
        sign_in = request.proconnect
        next_url = request.session.get("oidc_login_next")
        id_token = request.session.get(proconnect.SESSION_ID_TOKEN)
        auth.login(request, self.user, backend=proconnect.BACKEND)
        request.session[proconnect.SESSION_ID_TOKEN] = id_token
        if sign_in.strong:
            otp_login(request, proconnect.strong_authentication_device(self.user))
        if self.user.organisation_id is None and sign_in.siret:
            request.session[proconnect.SESSION_SIRET] = sign_in.siret
        return HttpResponseRedirect(next_url or self.success_url)

    def _refused(self, message):
        messages.error(self.request, message)
        return redirect(login_page(self.request))


def login_page(request) -> str:
    """The login page the sign-in was started from, where its refusal is explained. From the staff
    area's, the page it was to lead to is kept, as Django's admin does."""
    page = request.session.get(SESSION_LOGIN_PAGE, "")
    if page not in LOGIN_PAGES.values():
        return reverse("login")
    next_url = request.session.get("oidc_login_next")
    return reverse(page) + (f"?{urlencode({'next': next_url})}" if next_url else "")


class LoginView(auth_views.LoginView):
    """Django's login page, with the ProConnect button when ProConnect is configured."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "proconnect_enabled": proconnect.is_enabled()}


def ending_provider_session(logout_view):
    """Wrap a logout view (the portal's, the admin's): once it has logged out someone who signed in
    with ProConnect, the browser goes on to the provider to end its session too — otherwise the
    next click on the button would sign the person in again without asking anything, on a shared
    computer as well. Everything else is the wrapped view's answer."""

    @wraps(logout_view)
    def wrapper(request, *args, **kwargs):
        id_token = None
        if request.method == "POST" and proconnect.is_enabled():
            id_token = request.session.get(proconnect.SESSION_ID_TOKEN)
        response = logout_view(request, *args, **kwargs)
        if not id_token or request.user.is_authenticated:
            return response
        state = secrets.token_urlsafe(32)
        request.session[proconnect.SESSION_LOGOUT_STATE] = state
        try:
            target = proconnect.end_session_url(
                id_token=id_token,
                state=state,
                post_logout_redirect_uri=request.build_absolute_uri(reverse("proconnect_logged_out")),
            )
        except requests.RequestException:
            logger.exception("ProConnect discovery failed during logout")
            return response
        return HttpResponseRedirect(target)

    return wrapper


@never_cache
@_enabled_only
def logged_out(request):
    """Where the provider sends people back after its logout, with the ``state`` we gave it."""
    expected = request.session.pop(proconnect.SESSION_LOGOUT_STATE, None)
    if expected and secrets.compare_digest(expected, request.GET.get("state", "")):
        messages.success(request, _("You are logged out of the portal and of ProConnect."))
    return redirect("home")


start = _enabled_only(never_cache(StartView.as_view()))
callback = _enabled_only(never_cache(CallbackView.as_view()))
logout = ending_provider_session(auth_views.LogoutView.as_view())
