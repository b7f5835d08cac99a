"""Every URL pattern of the portal, read from the URL configuration itself, and how to classify
the answer a person gets."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route for the admin's unnamed redirects
    route: str
    name: str | None
    namespace: str | None
    converters: dict  # parameter -> converter class name

    def reverse(self, kwargs: dict) -> str:
        if self.name:
            viewname = f"{self.namespace}:{self.name}" if self.namespace else self.name
            return reverse(viewname, kwargs=kwargs)
        route = self.route
        for parameter, value in kwargs.items():
            for converter in ("path", "int", "str", "uuid", "slug", ""):
                token = f"<{converter}:{parameter}>" if converter else f"<{parameter}>"
                route = route.replace(token, str(value))
        return "/" + route


def _walk(patterns, prefix="", namespace=None, converters=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                inner,
                {**(converters or {}), **entry.pattern.converters},
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            found = {**(converters or {}), **entry.pattern.converters}
            key = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else route
            yield Pattern(
                key=key,
                route=route,
                name=entry.name,
                namespace=namespace,
                converters={name: type(c).__name__ for name, c in found.items()},
            )


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


def outcome(response) -> str:
    """``200``, ``404``… or, for redirects, where to: ``login``, ``admin_login``, ``org`` (register
    an organisation first), ``otp`` (second factor), ``redirect`` (anywhere else)."""
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path == reverse("login"):
            return "login"
        if path == reverse("admin:login"):
            return "admin_login"
        if path == reverse("organisation_create"):
            return "org"
        if path in (reverse("otp_verify"), reverse("otp_setup")):
            return "otp"
        return "redirect"
    return str(code)
