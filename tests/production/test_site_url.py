"""The production profile refuses to start unless SITE_URL is the portal's public https:// address.

Acts, emails and QR codes carry links built on it: a plain-HTTP or local address would send a
third party checking a decision to the wrong place.
"""

import pytest

from tests.production.test_settings import PRODUCTION_ENV, run_django, settings_of, strong_key


@pytest.mark.parametrize(
    "site_url",
    [
        pytest.param(None, id="missing (the development default)"),
        pytest.param("http://ami.example.gouv.fr", id="plain http"),
        pytest.param("https://", id="no host"),
        pytest.param("https://127.0.0.1:8000", id="local address"),
        pytest.param("ami.example.gouv.fr", id="no scheme"),
    ],
)
def test_production_refuses_a_site_url_that_is_not_public_https(site_url, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)  # run_django passes the caller's environment on
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SITE_URL"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    result = run_django("print('started')", **env, SECRET_KEY=strong_key())
    assert result.returncode != 0
    assert "SITE_URL must be the portal's public https:// address" in result.stderr


def test_production_keeps_an_https_site_url_without_its_trailing_slash():
    values = settings_of(
        ["SITE_URL"], **{**PRODUCTION_ENV, "SITE_URL": "https://ami.interieur.gouv.fr/"}, SECRET_KEY=strong_key()
    )
    assert values == {"SITE_URL": "https://ami.interieur.gouv.fr"}
