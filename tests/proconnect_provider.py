"""A real OpenID Connect provider on loopback for the ProConnect tests: oidc-provider-mock (authlib)
served by werkzeug on 127.0.0.1 and a free port, in a thread of the test process — so that its
tokens are dated by the same clock as the portal, whatever date the suite runs on.

The mock does not check PKCE; ProConnect-like, the wrapper below does: an authorization request
without an S256 ``code_challenge`` is refused, and the token endpoint refuses a code whose
``code_verifier`` does not match the challenge it was issued for.
"""

import base64
import contextlib
import copy
import hashlib
import io
import json
import threading
from urllib.parse import parse_qs, quote, urlparse

import httpx
import oidc_provider_mock
import werkzeug.serving


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class PkceRequired:
    def __init__(self, app):
        self.app = app
        self.challenges: dict[str, str] = {}
        self.lock = threading.Lock()

    @staticmethod
    def _refuse(start_response, description):
        body = json.dumps({"error": "invalid_grant", "error_description": description}).encode()
        start_response("400 Bad Request", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/authorize":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            challenge = (query.get("code_challenge") or [""])[0]
            if not challenge or (query.get("code_challenge_method") or [""])[0] != "S256":
                return self._refuse(start_response, "PKCE S256 required")

            def remember(status, headers, exc_info=None):
                location = dict(headers).get("Location", "")
                code = (parse_qs(urlparse(location).query).get("code") or [""])[0]
                if code:
                    with self.lock:
                        self.challenges[code] = challenge
                return start_response(status, headers, exc_info)

            return self.app(environ, remember)
        if path == "/oauth2/token" and environ.get("REQUEST_METHOD") == "POST":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            form = parse_qs(body.decode())
            code = (form.get("code") or [""])[0]
            verifier = (form.get("code_verifier") or [""])[0]
            with self.lock:
                challenge = self.challenges.pop(code, None)
            if challenge is None or not verifier or s256(verifier) != challenge:
                return self._refuse(start_response, "code_verifier does not match")
        return self.app(environ, start_response)


class Provider:
    def __init__(self, url: str):
        self.url = url
        self.http = httpx.Client(trust_env=False, timeout=10)

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def set_user(self, sub: str, **claims) -> None:
        """The claims of the person who will « sign in » as ``sub`` (acr, amr, siret… included)."""
        response = self.http.put(f"{self.url}/users/{quote(sub, safe='')}", json=claims)
        assert response.status_code == 204, response.text

    def authorize(self, authorization_url: str, sub: str) -> str:
        """What the person's browser does at the provider: choose ``sub`` and come back. Returns
        the callback URL (with ``code`` and ``state``) the provider redirects to."""
        response = self.http.post(authorization_url, data={"sub": sub})
        assert response.status_code == 302, response.text
        return response.headers["location"]


@contextlib.contextmanager
def running_provider():
    app = PkceRequired(oidc_provider_mock.app(require_nonce=True))
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def configure(settings, provider: Provider) -> None:
    """Turn ProConnect on in the test's settings, pointed at ``provider``."""
    settings.PROCONNECT_CLIENT_ID = "portail-ami-test"
    settings.PROCONNECT_CLIENT_SECRET = "a-secret-only-for-the-tests"
    settings.PROCONNECT_DISCOVERY_URL = provider.discovery_url
    settings.PROCONNECT_SIGN_ALGO = "RS256"
    settings.PROCONNECT_STRONG_ACR = ["eidas2", "eidas3"]
    settings.PROCONNECT_STRONG_AMR = ["mfa"]
    settings.PROCONNECT_ACR_VALUES = ""
    # As ami_portal/settings.py does for the configured provider: the forms may lead there.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], provider.url]
    settings.CONTENT_SECURITY_POLICY = policy
    backend = "applications.proconnect.ProConnectBackend"
    if backend not in settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, backend]
