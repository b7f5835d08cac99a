"""The client's address behind the reverse proxy: read from X-Forwarded-For only when the request
comes from a configured proxy, so that two people behind it have their own counters and nobody
outside can choose the address they are counted under."""

import pytest
from django.test import Client
from django.urls import reverse

from ami_portal import security
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.10"


@pytest.mark.parametrize(
    "remote,forwarded,trusted,expected",
    [
        (PROXY, "198.51.100.7", [PROXY], "198.51.100.7"),
        (PROXY, "6.6.6.6, 198.51.100.7", [PROXY], "198.51.100.7"),  # the left part is the client's own writing
        ("203.0.113.9", "198.51.100.7", [PROXY], "203.0.113.9"),  # not from our proxy: the header is ignored
        ("203.0.113.9", "198.51.100.7", [], "203.0.113.9"),  # no proxy configured
        ("10.0.1.20", "198.51.100.7, 10.0.1.5", ["10.0.1.0/24"], "198.51.100.7"),  # two proxies of one network
        (PROXY, "", [PROXY], PROXY),  # the proxy speaking for itself
        (PROXY, "not-an-address, 198.51.100.7", [PROXY], "198.51.100.7"),
        (PROXY, "198.51.100.7, not-an-address", [PROXY], PROXY),  # a proxy never writes that: not believed
        ("::ffff:10.0.0.10", "2001:db8::1", [PROXY], "2001:db8::1"),  # IPv4 seen through an IPv6 socket
        ("2001:db8:ffff::1", "198.51.100.7", ["2001:db8:ffff::/48"], "198.51.100.7"),
    ],
)
def test_the_client_address(rf, settings, remote, forwarded, trusted, expected):
    settings.AMI_TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert security.client_ip(request) == expected


def test_a_wrong_proxy_setting_is_named():
    with pytest.raises(ValueError, match="10.0.0.300"):
        security.trusted_proxy_networks(["10.0.0.1", "10.0.0.300"])


def login(client, email, *, address):
    return client.post(
        reverse("login"),
        {"username": email, "password": "mauvais"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_two_clients_behind_the_proxy_have_separate_login_counters(axes_on, settings):
    settings.AMI_TRUSTED_PROXIES = [PROXY]
    user = UserFactory(email="marie@asso.example.org")
    attacker, colleague = Client(), Client()
    for _ in range(axes_on.AXES_FAILURE_LIMIT):
        response = login(attacker, user.email, address="198.51.100.66")
    assert response.status_code == 429  # the attacker is locked out…
    assert login(colleague, user.email, address="198.51.100.7").status_code == 200  # …not the colleague


def test_without_the_setting_everyone_behind_the_proxy_shares_one_counter(axes_on, settings):
    """What the setting prevents: the same two people, the proxy not declared."""
    settings.AMI_TRUSTED_PROXIES = []
    user = UserFactory(email="marie@asso.example.org")
    attacker, colleague = Client(), Client()
    for _ in range(axes_on.AXES_FAILURE_LIMIT):
        login(attacker, user.email, address="198.51.100.66")
    assert login(colleague, user.email, address="198.51.100.7").status_code == 429


def test_a_forged_header_from_outside_does_not_escape_the_lockout(axes_on, settings):
    settings.AMI_TRUSTED_PROXIES = [PROXY]
    user = UserFactory(email="marie@asso.example.org")
    attacker = Client()
    for n in range(axes_on.AXES_FAILURE_LIMIT + 1):
        response = attacker.post(
            reverse("login"),
            {"username": user.email, "password": "mauvais"},
            REMOTE_ADDR="203.0.113.66",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",  # a new address each time, written by the attacker
        )
    assert response.status_code == 429


def test_rate_limits_count_per_client_behind_the_proxy(rate_limited, settings):
    settings.AMI_TRUSTED_PROXIES = [PROXY]
    settings.AMI_RATE_LIMITS = {"resend_verification": security.Limit(2, 900)}
    one, two = Client(), Client()
    url = reverse("resend_verification")
    codes = [
        one.post(url, {"email": "a@example.org"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429
    other = two.post(url, {"email": "b@example.org"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code != 429
