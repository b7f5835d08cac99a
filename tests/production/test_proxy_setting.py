"""The production profile runs behind a reverse proxy and refuses to start without knowing it."""

import pytest

from tests.production.test_settings import PRODUCTION_ENV, run_django, settings_of, strong_key


@pytest.mark.parametrize(
    "value,named",
    [
        pytest.param("", "AMI_TRUSTED_PROXIES must list", id="missing"),
        pytest.param("10.0.0.10,proxy.internal", "proxy.internal", id="a host name"),
        pytest.param("10.0.0.300", "10.0.0.300", id="not an address"),
    ],
)
def test_production_refuses_to_start_without_its_proxies(value, named):
    env = {**PRODUCTION_ENV, "SECRET_KEY": strong_key(), "AMI_TRUSTED_PROXIES": value}
    result = run_django("print('started')", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr
    assert "started" not in result.stdout


def test_production_reads_its_proxies_from_the_environment():
    env = {**PRODUCTION_ENV, "SECRET_KEY": strong_key(), "AMI_TRUSTED_PROXIES": "10.0.0.10, 10.0.1.0/24"}
    assert settings_of(["AMI_TRUSTED_PROXIES"], **env) == {"AMI_TRUSTED_PROXIES": ["10.0.0.10", "10.0.1.0/24"]}
