"""The closing instant, to the second: what a carrier who submits at 11:59:59 sees, and what one
who submits at 12:00:00 sees, on a call that closes at noon in Paris.

The clock is set with time_machine (never the real date): the call closes on 15 April 2031 at
12:00 Paris time (10:00 UTC, summer time). ``closes_at`` is the first instant at which the call no
longer accepts dossiers (``now >= closes_at`` is refused), so the last second before it belongs
to the carrier.

The cut-off is judged at the instant the dossier **arrived**: behind the portal's reverse proxy,
the instant nginx stamped on the request (``X-Request-Start``, its own clock), not the instant a
busy app server got to it (``security.request_arrival``; tests/production/test_arrival_stamp.py
for the stamp's own rules). That instant is the one recorded and stated on the receipt. A stamp
from anywhere but a trusted proxy, in the future or older than five minutes is ignored: then the
server's clock decides, as it does without a proxy.
"""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from applications import submission
from applications.models import Application
from tests.applications.carrier_support import complete_draft
from tests.pdf_support import pdf_text

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
OPENS = datetime(2031, 3, 8, 9, 0, tzinfo=PARIS)
CLOSES = datetime(2031, 4, 15, 12, 0, tzinfo=PARIS)
CLOSED_MESSAGE = (
    "Cet appel a été clos le 15/04/2031 à 12:00 (heure de Paris) : les dossiers ne peuvent plus être déposés."
)


@pytest.fixture
def closing_call(ami_call):
    ami_call.opens_at = OPENS
    ami_call.closes_at = CLOSES
    ami_call.save()
    return ami_call


def html_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


PROXY = "10.0.0.10"


def submit(client, application, **extra):
    return client.post(
        reverse("applications:submit", kwargs={"public_id": application.public_id}),
        {"version": application.version, "sworn_statement": "on"},
        **extra,
    )


def stamped(arrived: datetime, remote: str = PROXY) -> dict:
    """What the reverse proxy adds to the request: ``t=<seconds>.<microseconds>`` (nginx writes
    milliseconds; the microseconds let the test put the arrival one microsecond from the cut-off)."""
    return {"REMOTE_ADDR": remote, "HTTP_X_REQUEST_START": f"t={arrived.timestamp():.6f}"}


def test_a_submission_in_the_last_second_is_accepted(client, closing_call):
    carrier, application = complete_draft(closing_call)
    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        client.force_login(carrier)  # signed in on that day (a session of today would have expired)
        summary = html_of(client.get(reverse("applications:step", args=[application.public_id, "recapitulatif"])))
        assert "Dossiers may be submitted" not in summary  # the page is in French
        assert "Les dossiers peuvent être déposés jusqu'au 15 avril 2031 à 12:00 (heure de Paris)" in summary
        assert (
            "Un dossier compte comme déposé à l'instant où le portail le reçoit : envoyé avant cette heure, il est "
            "accepté même si le portail met quelques secondes à répondre." in summary
        )
        response = submit(client, application)
        assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
        page = html_of(client.get(response["Location"]))
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert application.reference == "AMI-2024-EGALITE-0001"
    assert application.submitted_at == CLOSES - timedelta(seconds=1)
    assert application.receipt.sha256
    assert "Votre dossier est déposé sous la référence AMI-2024-EGALITE-0001" in page


def test_a_submission_at_the_closing_instant_is_refused_and_the_draft_kept(client, closing_call):
    carrier, application = complete_draft(closing_call)
    version = application.version
    with time_machine.travel(CLOSES, tick=False):
        client.force_login(carrier)
        response = submit(client, application)
        html = html_of(response)
    assert response.status_code == 200
    assert "Le dossier n'a pas été déposé" in html
    assert CLOSED_MESSAGE in html
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT
    assert application.reference is None and application.submitted_at is None
    assert application.version == version  # nothing was written: the draft is as the carrier left it
    assert not hasattr(application, "receipt") or application.receipt is None


def test_the_summary_page_says_the_call_is_closed_once_it_is(client, closing_call):
    carrier, application = complete_draft(closing_call)
    url = reverse("applications:step", args=[application.public_id, "recapitulatif"])
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        client.force_login(carrier)
        html = html_of(client.get(url))
    assert CLOSED_MESSAGE in html


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (CLOSES - timedelta(seconds=1), True),
        (CLOSES - timedelta(microseconds=1), True),
        (CLOSES, False),
        (CLOSES + timedelta(microseconds=1), False),
    ],
)
def test_the_domain_cuts_off_at_the_closing_instant(closing_call, moment, accepted):
    carrier, application = complete_draft(closing_call)
    with time_machine.travel(moment, tick=False):
        if accepted:
            submission.submit_application(application=application, user=carrier, sworn_statement=True)
        else:
            with pytest.raises(submission.CallNotOpen) as refusal:
                submission.submit_application(application=application, user=carrier, sworn_statement=True)
            assert refusal.value.messages == [CLOSED_MESSAGE]
    application.refresh_from_db()
    assert (application.state == Application.State.SUBMITTED) is accepted


@pytest.mark.parametrize(
    ("arrived", "accepted"),
    [
        (CLOSES - timedelta(seconds=1), True),
        (CLOSES - timedelta(microseconds=1), True),
        (CLOSES, False),
        (CLOSES + timedelta(microseconds=1), False),
    ],
)
def test_the_domain_cuts_off_at_the_arrival_instant_when_it_is_known(closing_call, arrived, accepted):
    """Processed three seconds after the closing instant: the arrival decides, to the microsecond."""
    carrier, application = complete_draft(closing_call)
    with time_machine.travel(CLOSES + timedelta(seconds=3), tick=False):
        if accepted:
            submission.submit_application(
                application=application, user=carrier, sworn_statement=True, received_at=arrived
            )
        else:
            with pytest.raises(submission.CallNotOpen) as refusal:
                submission.submit_application(
                    application=application, user=carrier, sworn_statement=True, received_at=arrived
                )
            assert refusal.value.messages == [CLOSED_MESSAGE]
    application.refresh_from_db()
    assert (application.state == Application.State.SUBMITTED) is accepted
    assert application.submitted_at == (arrived if accepted else None)


@override_settings(AMI_TRUSTED_PROXIES=[PROXY])
def test_a_dossier_that_arrived_before_the_deadline_and_waited_past_it_is_accepted(client, closing_call, caplog):
    """Clicked at 11:59:59.500, read by the app server at 12:00:04: submitted, and the receipt says
    it was received at 11:59:59 — before the closing, as the act states."""
    carrier, application = complete_draft(closing_call)
    arrived = CLOSES - timedelta(milliseconds=500)
    with time_machine.travel(CLOSES + timedelta(seconds=4), tick=False):
        client.force_login(carrier)
        with caplog.at_level(logging.INFO, logger="applications.submission"):
            response = submit(client, application, **stamped(arrived))
        assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
        page = html_of(client.get(response["Location"]))
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert application.submitted_at == arrived
    assert "Votre dossier est déposé sous la référence AMI-2024-EGALITE-0001" in page
    text = pdf_text(application.receipt.file.read())
    assert "reçue le 15 avril 2031 à 11:59:59 (heure de Paris), avant la clôture de l'appel fixée au" in text
    assert "15 avril 2031 à 12:00 (heure de Paris)" in text
    assert (
        "dossier AMI-2024-EGALITE-0001: received at 2031-04-15T09:59:59.500000+00:00, before the closing, "
        "processed at 2031-04-15T10:00:04+00:00" in caplog.text
    )


@override_settings(AMI_TRUSTED_PROXIES=[PROXY])
def test_a_dossier_that_arrived_at_the_closing_instant_is_refused_whenever_it_is_processed(client, closing_call):
    carrier, application = complete_draft(closing_call)
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        client.force_login(carrier)
        response = submit(client, application, **stamped(CLOSES))
        html = html_of(response)
    assert response.status_code == 200
    assert "Le dossier n'a pas été déposé" in html and CLOSED_MESSAGE in html
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT and application.submitted_at is None


@override_settings(AMI_TRUSTED_PROXIES=[PROXY])
def test_a_stamp_sent_by_anyone_but_our_proxy_is_ignored(client, closing_call):
    """A carrier who writes the header himself (straight to an app server) gains nothing."""
    carrier, application = complete_draft(closing_call)
    with time_machine.travel(CLOSES + timedelta(seconds=2), tick=False):
        client.force_login(carrier)
        response = submit(client, application, **stamped(CLOSES - timedelta(seconds=5), remote="203.0.113.5"))
        html = html_of(response)
    assert response.status_code == 200 and CLOSED_MESSAGE in html
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT


@override_settings(AMI_TRUSTED_PROXIES=[PROXY])
def test_a_stamp_older_than_five_minutes_is_ignored(client, closing_call):
    """No request waits that long behind the proxy (it gives up after 90 s): the clock decides."""
    carrier, application = complete_draft(closing_call)
    with time_machine.travel(CLOSES + timedelta(seconds=2), tick=False):
        client.force_login(carrier)
        response = submit(client, application, **stamped(CLOSES - timedelta(minutes=6)))
        html = html_of(response)
    assert response.status_code == 200 and CLOSED_MESSAGE in html
    application.refresh_from_db()
    assert application.state == Application.State.DRAFT


@override_settings(AMI_TRUSTED_PROXIES=[PROXY])
def test_a_stamp_in_the_future_is_ignored_and_the_servers_clock_decides(client, closing_call):
    """A proxy whose clock runs ahead cannot refuse a dossier the server received in time, nor
    date it later than it was processed."""
    carrier, application = complete_draft(closing_call)
    processed = CLOSES - timedelta(seconds=2)
    with time_machine.travel(processed, tick=False):
        client.force_login(carrier)
        response = submit(client, application, **stamped(CLOSES + timedelta(seconds=1)))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert application.submitted_at == processed
