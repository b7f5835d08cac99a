"""Background tasks are retried with backoff, and their failures are visible to administrators."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ami_portal.tasks import PermanentTaskError, retried_task, retry_delay
from applications import roles
from applications.models import OutgoingEmail
from tests.factories import StaffFactory, UserFactory
from tests.task_support import run_worker

CALLS: dict[str, int] = {}


@retried_task(max_attempts=4, backoff=0)
def flaky(key: str, failures: int) -> str:
    """Fails ``failures`` times for ``key``, then succeeds."""
    CALLS[key] = CALLS.get(key, 0) + 1
    if CALLS[key] <= failures:
        raise ConnectionError(f"attempt {CALLS[key]} of {key} failed")
    return f"done after {CALLS[key]}"


@retried_task(max_attempts=3, backoff=0)
def always_failing(key: str) -> None:
    CALLS[key] = CALLS.get(key, 0) + 1
    raise ConnectionError("the bucket is unreachable")


@retried_task(max_attempts=5, backoff=0)
def refused(key: str) -> None:
    CALLS[key] = CALLS.get(key, 0) + 1
    raise PermanentTaskError("this file will never render")


@retried_task(max_attempts=5, backoff=30, max_backoff=3600)
def slow_retry(key: str) -> None:
    CALLS[key] = CALLS.get(key, 0) + 1
    raise ConnectionError("SMTP timeout")


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()


def attempts_of(task_name: str) -> list[tuple[int, str]]:
    rows = DBTaskResult.objects.filter(task_path__endswith=f".{task_name}").order_by("enqueued_at")
    return [(row.args_kwargs["kwargs"].get("_attempt", 1), row.status) for row in rows]


@pytest.mark.django_db
def test_failed_task_is_retried_by_the_worker_until_it_succeeds(database_tasks):
    flaky.enqueue(key="pdf-7", failures=2)

    run_worker()

    assert CALLS["pdf-7"] == 3
    assert attempts_of("flaky") == [(1, "FAILED"), (2, "FAILED"), (3, "SUCCESSFUL")]
    last = DBTaskResult.objects.get(status="SUCCESSFUL")
    assert last.return_value == "done after 3"
    failed = DBTaskResult.objects.filter(status="FAILED").order_by("enqueued_at").first()
    assert failed.exception_class_path == "builtins.ConnectionError"
    assert "attempt 1 of pdf-7 failed" in failed.traceback


@pytest.mark.django_db
def test_task_gives_up_after_its_last_attempt(database_tasks, caplog):
    always_failing.enqueue(key="zip-1")

    with caplog.at_level(logging.ERROR, logger="ami_portal.tasks"):
        run_worker()

    assert CALLS["zip-1"] == 3
    assert attempts_of("always_failing") == [(1, "FAILED"), (2, "FAILED"), (3, "FAILED")]
    assert not DBTaskResult.objects.ready().exists()
    assert any("gave up after 3 attempts" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_permanent_error_is_not_retried(database_tasks):
    refused.enqueue(key="bad")

    run_worker()

    assert CALLS["bad"] == 1
    assert attempts_of("refused") == [(1, "FAILED")]


@pytest.mark.django_db
def test_retry_waits_with_exponential_backoff(database_tasks):
    slow_retry.enqueue(key="smtp")
    before = timezone.now()

    run_worker(max_tasks=1)

    assert CALLS["smtp"] == 1
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["kwargs"] == {"key": "smtp", "_attempt": 2}
    assert before + timedelta(seconds=30) <= waiting.run_after <= timezone.now() + timedelta(seconds=33.1)
    # Not yet due: the worker leaves it alone.
    run_worker()
    assert CALLS["smtp"] == 1


def test_backoff_doubles_and_is_capped():
    delays = [retry_delay(attempt, backoff=30, max_backoff=600) for attempt in range(1, 8)]

    for attempt, delay in enumerate(delays, start=1):
        base = min(600, 30 * 2 ** (attempt - 1))
        assert base <= delay <= base * 1.1


@pytest.mark.django_db
def test_in_process_backend_retries_once_at_once():
    result = flaky.enqueue(key="inline", failures=1)

    assert CALLS["inline"] == 2
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "done after 2"


@pytest.mark.django_db
def test_in_process_backend_does_not_hold_the_request_for_every_attempt():
    # Inside a request, a dead SMTP server must not cost max_attempts timeouts.
    result = flaky.enqueue(key="inline-dead", failures=10)

    assert CALLS["inline-dead"] == 2
    assert result.status == "FAILED"


class FlakySMTP(LocmemBackend):
    failures_left = 0

    def send_messages(self, messages):
        if FlakySMTP.failures_left:
            FlakySMTP.failures_left -= 1
            raise ConnectionRefusedError("SMTP server unavailable")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_carrier_email_is_sent_after_the_smtp_server_comes_back(settings, database_tasks):
    from applications.notifications import queue_emails

    settings.EMAIL_BACKEND = "tests.production.test_tasks.FlakySMTP"
    FlakySMTP.failures_left = 2
    email = OutgoingEmail.objects.create(kind="test", to="porteuse@example.org", subject="Votre dossier", body="…")

    queue_emails([email])
    with pytest.MonkeyPatch.context() as patch:
        # The real delays are 30 s and 60 s; the worker is not made to wait for them here.
        patch.setattr("ami_portal.tasks.retry_delay", lambda attempt, **kwargs: 0)
        run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert [status for _, status in attempts_of("send_outgoing_email")] == ["FAILED", "FAILED", "SUCCESSFUL"]


@pytest.mark.django_db
def test_administrators_see_failed_tasks_in_the_staff_area(client, database_tasks):
    always_failing.enqueue(key="visible")
    run_worker()
    administrator = StaffFactory(role=roles.ADMINISTRATOR)
    client.force_login(administrator)

    response = client.get("/gestion/django_tasks_database/dbtaskresult/?status__exact=FAILED")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("always_failing") == 3
    assert "ConnectionError" in page
    index = client.get("/gestion/").content.decode()
    assert "/gestion/django_tasks_database/dbtaskresult/" in index


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.REVIEWER, roles.COMMITTEE, roles.OFFICIAL])
def test_other_staff_do_not_see_tasks(client, role):
    user = StaffFactory(role=role)
    client.force_login(user)

    assert client.get("/gestion/django_tasks_database/dbtaskresult/").status_code in (403, 404)
    assert "dbtaskresult" not in client.get("/gestion/").content.decode()


@pytest.mark.django_db
def test_carriers_do_not_see_tasks(client):
    client.force_login(UserFactory())

    response = client.get("/gestion/django_tasks_database/dbtaskresult/")

    assert response.status_code in (302, 404)
