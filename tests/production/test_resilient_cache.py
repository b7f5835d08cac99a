"""Redis lost: the portal keeps serving from the database (the fault drill found every page a 500).

Against a closed port on loopback (nothing listens there) and the machine's Redis on 6379 for the
ordinary path; the cache answers as an empty cache while Redis is away, and tries again later.
"""

import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories import CarrierFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # released at once: nothing listens there


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ami_portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield caches["default"]


def test_an_unreachable_redis_is_an_empty_cache(redis_down):
    cache = redis_down
    assert cache.get("x", "default") == "default"
    assert not cache.available  # and the next calls do not wait for a connection
    assert cache.set("x", 1) is None and cache.add("x", 1) is False
    assert cache.get_many(["x", "y"]) == {} and cache.has_key("x") is False
    cache.delete("x")
    with pytest.raises(ValueError):
        cache.incr("x")


def test_pages_and_sessions_work_while_redis_is_down(client, ami_call, redis_down):
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("call_detail", kwargs={"slug": ami_call.slug})).status_code == 200
    carrier = CarrierFactory()
    client.force_login(carrier)  # the session is written to PostgreSQL (cached_db)
    assert client.get(reverse("applications:my_applications")).status_code == 200


def test_it_uses_redis_again_once_it_answers(settings):
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            pass
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (started before the session and before CI)")
    settings.AMI_CACHE_RETRY_AFTER = 0
    settings.CACHES = {
        "default": {"BACKEND": "ami_portal.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    }
    cache = caches["default"]
    cache._down_until = 1e18  # as after a failure…
    assert cache.get("ami-test-key") is None
    cache._down_until = 0  # …until the retry delay is over
    cache.set("ami-test-key", "value", 5)
    assert cache.get("ami-test-key") == "value"
    cache.delete("ami-test-key")
