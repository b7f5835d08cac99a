"""The acknowledgement's PDF is rendered after the submission commits, not under the call's lock,
and, where there is a task queue, not in the submitting request at all.

The closing-day rush measured submissions queueing on the call's row, locked to number the
references, while each receipt rendered (≈ 0.3 s of WeasyPrint): p95 4.2 s. Then the reference and
the receipt's row were committed under the lock and the PDF rendered right after, in the same
request: p95 1.2 s, still over the target, half of it the receipt. In production the task that
renders, seals and emails it is now queued in the submission's transaction and run by the worker;
without a queue (the embedded default) the request renders it after its commit. Either way a
download that comes first renders it, and the carrier is emailed once.
"""

import hashlib
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from applications import receipts, submission
from applications.models import Application, Call, OutgoingEmail, Receipt
from tests.applications.carrier_support import complete_draft
from tests.task_support import run_worker

pytestmark = pytest.mark.django_db


def download(client, application):
    return client.get(reverse("applications:receipt_download", kwargs={"public_id": application.public_id}))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # another connection reads the lock
def test_the_call_row_is_free_while_the_receipt_renders(ami_call, on_postgres, monkeypatch):
    carrier, application = complete_draft(ami_call)
    render = receipts.render_receipt_pdf
    seen = {}

    def render_and_try_the_lock(**kwargs):
        # Another submission, on its own connection, tries the call's row without waiting.
        def other_submission():
            with connections["default"].cursor() as cursor:
                cursor.execute("SET lock_timeout = '100ms'")
                try:
                    cursor.execute("SELECT id FROM applications_call WHERE id = %s FOR NO KEY UPDATE", [ami_call.pk])
                    seen["locked"] = False
                except Exception as error:  # noqa: BLE001 - LockNotAvailable, through Django's wrapper
                    seen["locked"] = type(error).__name__
            connections["default"].close()

        thread = threading.Thread(target=other_submission)
        thread.start()
        thread.join()
        seen["reference"] = Application.objects.filter(pk=application.pk).values_list("reference", flat=True).get()
        return render(**kwargs)

    monkeypatch.setattr(receipts, "render_receipt_pdf", render_and_try_the_lock)

    submission.submit_application(application=application, user=carrier, sworn_statement=True)

    assert seen["locked"] is False  # the lock was released before the PDF was rendered
    assert seen["reference"]  # and the reference was already committed
    application.refresh_from_db()
    assert application.receipt.sha256 and application.receipt.file
    assert connection.in_atomic_block is False


def test_a_receipt_left_without_its_pdf_is_rendered_by_its_first_download_and_emailed_once(
    client, ami_call, monkeypatch, django_capture_on_commit_callbacks
):
    carrier, application = complete_draft(ami_call)

    def app_server_dies(**kwargs):
        raise RuntimeError("the app server was stopped here")

    with monkeypatch.context() as patch:
        patch.setattr(receipts, "render_receipt_pdf", app_server_dies)
        with django_capture_on_commit_callbacks(execute=True):
            submission.submit_application(application=application, user=carrier, sworn_statement=True)

    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED and application.reference
    receipt = application.receipt
    assert receipt.sha256 == "" and not receipt.file and not mail.outbox
    client.force_login(carrier)

    with django_capture_on_commit_callbacks(execute=True):
        response = download(client, application)

    assert response.status_code == 200
    receipt.refresh_from_db()
    assert receipt.sha256 and b"".join(response.streaming_content).startswith(b"%PDF-")
    sent = len(mail.outbox)
    assert sent == len(receipts.carrier_recipients(application)) >= 1
    with django_capture_on_commit_callbacks(execute=True):
        assert download(client, application).status_code == 200
    assert len(mail.outbox) == sent  # not emailed again
    assert Receipt.objects.get(pk=receipt.pk).sha256 == receipt.sha256


def test_with_a_task_queue_the_worker_renders_seals_and_emails_the_receipt(
    ami_call, monkeypatch, database_tasks, django_capture_on_commit_callbacks
):
    carrier, application = complete_draft(ami_call)
    rendered = []
    render = receipts.render_receipt_pdf
    monkeypatch.setattr(receipts, "render_receipt_pdf", lambda **kwargs: rendered.append(1) or render(**kwargs))

    with django_capture_on_commit_callbacks(execute=True):
        submission.submit_application(application=application, user=carrier, sworn_statement=True)

    receipt = Receipt.objects.get(application=application)
    assert rendered == [] and receipt.sha256 == "" and not receipt.file  # the request did not wait for it
    # What the carrier's next page needs is there.
    assert receipt.verification_code and Application.objects.get(pk=application.pk).reference

    with django_capture_on_commit_callbacks(execute=True):
        run_worker(max_tasks=1)  # due at once, not a minute later
    run_worker()  # the email tasks queued once the receipt was stored

    receipt.refresh_from_db()
    assert rendered == [1] and receipt.sha256 and receipt.file
    assert hashlib.sha256(receipt.file.read()).hexdigest() == receipt.sha256
    emails = OutgoingEmail.objects.filter(application=application, kind="submitted")
    assert emails.count() == len(receipts.carrier_recipients(application)) >= 1
    assert set(emails.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}


def test_a_download_before_the_worker_renders_the_receipt_once_and_the_task_then_does_nothing(
    client, ami_call, database_tasks, django_capture_on_commit_callbacks
):
    carrier, application = complete_draft(ami_call)
    with django_capture_on_commit_callbacks(execute=True):
        submission.submit_application(application=application, user=carrier, sworn_statement=True)
    client.force_login(carrier)

    with django_capture_on_commit_callbacks(execute=True):
        response = download(client, application)

    assert response.status_code == 200
    receipt = Receipt.objects.get(application=application)
    assert receipt.sha256 == hashlib.sha256(b"".join(response.streaming_content)).hexdigest()
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()  # the queued task finds the PDF there; then the emails the download queued
    run_worker()
    assert Receipt.objects.get(pk=receipt.pk).sha256 == receipt.sha256  # never rendered twice
    assert OutgoingEmail.objects.filter(application=application, kind="submitted").count() == len(
        receipts.carrier_recipients(application)
    )


def test_without_a_queue_the_submitting_request_renders_the_receipt(ami_call, django_capture_on_commit_callbacks):
    carrier, application = complete_draft(ami_call)
    assert not receipts.receipt_rendered_by_worker()  # the embedded default's immediate backend

    with django_capture_on_commit_callbacks(execute=True):
        submission.submit_application(application=application, user=carrier, sworn_statement=True)

    receipt = Receipt.objects.get(application=application)
    assert receipt.sha256 and receipt.file
    assert OutgoingEmail.objects.filter(application=application, kind="submitted").count() == len(
        receipts.carrier_recipients(application)
    )
    assert Call.objects.filter(pk=ami_call.pk).exists()
