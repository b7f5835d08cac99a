"""The instant the portal's reverse proxy received a request (``security.request_arrival``).

nginx writes ``X-Request-Start: t=<seconds>.<milliseconds>`` with its own clock
(deploy/nginx.conf). The stamp is believed only from a trusted proxy, only between five minutes
ago and now; anything else is ignored (and logged), and the server's clock decides instead.
"""

import logging
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from ami_portal import security

NOW = datetime(2031, 4, 15, 10, 0, 3, 250000, tzinfo=UTC)
PROXY = "10.0.0.10"


def stamp(moment: datetime, digits: int = 3) -> str:
    seconds = int(moment.timestamp())
    fraction = f"{moment.microsecond:06d}"[:digits]
    return f"t={seconds}.{fraction}" if digits else f"t={seconds}"


def request_from(address: str, header: str | None):
    extra = {"REMOTE_ADDR": address}
    if header is not None:
        extra["HTTP_X_REQUEST_START"] = header
    return RequestFactory().post("/dossiers/x/deposer/", **extra)


@pytest.fixture(autouse=True)
def trusted_proxy():
    with override_settings(AMI_TRUSTED_PROXIES=[PROXY, "10.0.1.0/24"]):
        yield


def test_a_stamp_from_our_proxy_is_the_arrival_to_the_millisecond():
    arrived = NOW - timedelta(seconds=4, milliseconds=125)
    assert security.request_arrival(request_from(PROXY, stamp(arrived)), now=NOW) == arrived


def test_a_stamp_from_a_proxy_of_a_trusted_network_and_through_an_ipv6_socket():
    arrived = NOW - timedelta(seconds=1)
    assert security.request_arrival(request_from("10.0.1.7", stamp(arrived)), now=NOW) == arrived
    assert security.request_arrival(request_from(f"::ffff:{PROXY}", stamp(arrived)), now=NOW) == arrived


def test_microseconds_and_whole_seconds_are_read_too():
    arrived = NOW - timedelta(seconds=2, microseconds=1)
    assert security.request_arrival(request_from(PROXY, stamp(arrived, 6)), now=NOW) == arrived
    whole = (NOW - timedelta(seconds=10)).replace(microsecond=0)
    assert security.request_arrival(request_from(PROXY, stamp(whole, 0)), now=NOW) == whole


def test_without_a_stamp_there_is_no_arrival():
    assert security.request_arrival(request_from(PROXY, None), now=NOW) is None


@pytest.mark.parametrize("address", ["203.0.113.5", "10.0.0.11", "127.0.0.1", "", "not-an-address"])
def test_a_stamp_from_anywhere_else_is_ignored(address):
    """Anyone can send the header: only our proxies' word counts (they overwrite the client's)."""
    request = request_from(address, stamp(NOW - timedelta(seconds=30)))
    assert security.request_arrival(request, now=NOW) is None


def test_no_trusted_proxy_configured_means_no_stamp_is_believed():
    with override_settings(AMI_TRUSTED_PROXIES=[]):
        assert security.request_arrival(request_from(PROXY, stamp(NOW - timedelta(seconds=1))), now=NOW) is None


@pytest.mark.parametrize(
    "offset",
    [timedelta(microseconds=1), timedelta(seconds=2), timedelta(days=1)],
    ids=["a microsecond ahead", "two seconds ahead", "a day ahead"],
)
def test_a_stamp_in_the_future_is_ignored_and_logged(caplog, offset):
    with caplog.at_level(logging.WARNING, logger="ami_portal.security"):
        assert security.request_arrival(request_from(PROXY, stamp(NOW + offset, 6)), now=NOW) is None
    assert "later than the app server's clock" in caplog.text


def test_a_stamp_older_than_five_minutes_is_ignored_and_logged(caplog):
    too_old = NOW - security.ARRIVAL_MAX_AGE - timedelta(microseconds=1)
    with caplog.at_level(logging.WARNING, logger="ami_portal.security"):
        assert security.request_arrival(request_from(PROXY, stamp(too_old, 6)), now=NOW) is None
    assert "is older than 0:05:00" in caplog.text


def test_the_bounds_themselves_are_believed():
    assert security.request_arrival(request_from(PROXY, stamp(NOW, 6)), now=NOW) == NOW
    oldest = NOW - security.ARRIVAL_MAX_AGE
    assert security.request_arrival(request_from(PROXY, stamp(oldest, 6)), now=NOW) == oldest


@pytest.mark.parametrize(
    "header",
    [
        "1776247203.250",
        "t=",
        "t=abc",
        "t=1776247203.1234567",
        "t=-1776247203",
        "t=1776247203.250, t=1",
        "t=1e9",
        "t=999999999999.999",
    ],
)
def test_a_malformed_stamp_is_ignored_and_logged(caplog, header):
    with caplog.at_level(logging.WARNING, logger="ami_portal.security"):
        assert security.request_arrival(request_from(PROXY, header), now=NOW) is None
    assert "X-Request-Start ignored" in caplog.text


def test_the_clock_is_the_servers_when_now_is_not_given():
    """Without ``now`` the helper compares with timezone.now(): a stamp of a second ago is kept."""
    from django.utils import timezone

    arrived = timezone.now() - timedelta(seconds=1)
    assert security.request_arrival(request_from(PROXY, stamp(arrived, 6))) == arrived


def test_the_reverse_proxy_stamps_every_request_it_passes_on():
    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    location = conf[conf.index("location / {") :]
    assert 'proxy_set_header X-Request-Start "t=${msec}";' in location


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed here")
def test_nginx_stamps_with_its_own_clock_and_replaces_the_clients_header(tmp_path):
    """deploy/nginx.conf's ``location /`` block, run by a real nginx in front of a server that
    answers with the headers it received: the stamp is nginx's clock, to the millisecond, and a
    client's own ``X-Request-Start`` never reaches the app server."""
    import http.server
    import socket
    import subprocess
    import threading
    import time
    import urllib.request

    from time_machine import escape_hatch

    def real_time() -> float:  # nginx's clock is the real one, whatever the suite's (AMI_TEST_CLOCK)
        return escape_hatch.time.time() if escape_hatch.is_travelling() else time.time()

    conf = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    start = conf.index("location / {")
    location = conf[start : conf.index("\n    }", start) + len("\n    }")]

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            body = self.headers.get("X-Request-Start", "").encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temp = " ".join(
        f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"daemon off; master_process off; pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        f"http {{ access_log off; {temp}\n"
        f"  upstream ami_app {{ server 127.0.0.1:{upstream.server_address[1]}; keepalive 16; }}\n"
        f"  server {{ listen 127.0.0.1:{port}; {location} }}\n"
        "}\n"
    )
    nginx = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(50):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        before = real_time()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"X-Request-Start": "t=1000000000.000"})
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            received = response.read().decode()
        after = real_time()
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        upstream.shutdown()
    assert re.fullmatch(r"t=\d{10}\.\d{3}", received), received
    assert before - 0.001 <= float(received[2:]) <= after + 0.001
