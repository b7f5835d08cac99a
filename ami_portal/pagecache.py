"""Whole public pages for visitors who are not signed in, kept in the shared cache.

When a national call is announced, thousands of people open its page, nearly all of them without
an account. For them the page's HTML is the same but for two values made for each response: the
CSRF token of the header's language form and the CSP nonce of the scripts. The cache keeps one
copy per key with a slot in place of each, and every response gets its own token and nonce; the
middleware (CSRF cookie, CSP header, language, logs) runs as for any page.

Never from the cache: a signed-in visitor (their header and menus are theirs), a request with a
query string, a visitor with messages waiting to be shown (the page shows them), and nobody when
``DEBUG`` is on (development: a template being edited shows at once). The caller's
key must hold everything the page depends on (the language is added here): for the call page, the
call's last change, its dates and what the clock makes of them (phase, time left).
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

# NUL cannot come from a form (Django refuses it in every text field), so the slots can never
# be mistaken for a part of the page.
CSRF_SLOT = "\x00ami:csrf-token\x00"
NONCE_SLOT = "\x00ami:csp-nonce\x00"


def servable_from_cache(request) -> bool:
    user = getattr(request, "user", None)
    return (
        not settings.DEBUG  # a developer editing a template sees it at once
        and request.method in ("GET", "HEAD")  # a monitor's HEAD costs what a visitor's GET does
        and not request.GET
        and not (user is not None and user.is_authenticated)
        and not len(messages.get_messages(request))  # counts without marking them as shown
    )


def visitor_page(
    request, key: tuple, render_page: Callable[[dict], HttpResponse], *, timeout: int = 600
) -> HttpResponse:
    """The page ``render_page(extra_context)`` renders, from the cache when the visitor may have it.

    ``render_page`` receives the context to add to its own (the CSRF token it must use).
    """
    if not servable_from_cache(request):
        return render_page({})
    parts = (request.path, translation.get_language(), *key)
    cache_key = "visitor-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    token = get_token(request)  # a token of this visitor's secret; sets the CSRF cookie when new
    copy = cache.get(cache_key)
    if copy is not None:
        if NONCE_SLOT in copy:
            copy = copy.replace(NONCE_SLOT, str(request.csp_nonce))  # also puts it in the CSP header
        return HttpResponse(copy.replace(CSRF_SLOT, token))
    response = render_page({"csrf_token": token})
    if response.status_code == 200 and not response.streaming:
        copy = response.content.decode(response.charset).replace(token, CSRF_SLOT)
        nonce = getattr(request, "csp_nonce", None)
        if nonce:  # django-csp: true once the page has used it
            copy = copy.replace(str(nonce), NONCE_SLOT)
        cache.set(cache_key, copy, timeout)
    return response
