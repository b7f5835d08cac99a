"""Verifying the audit chain while the portal keeps writing to it.

``verify_audit_chain`` runs on a live database (a nightly job, a monitoring probe): entries are
appended during the walk. It must read the entries and the chain's head as of one instant, or the
head, newer than the last entry it saw, would make an intact chain look cut — a false alarm.
Writers appending at once must not fork the chain either.
"""

from io import StringIO

from django.core.management import call_command

from applications import audit
from applications.models import AuditEntry

from .races import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY

WRITERS, ENTRIES_EACH, CHECKS = 3, 150, 6


def write_entries(writer):
    def call():
        for number in range(ENTRIES_EACH):
            audit.record(action="test_append", reason=f"{writer}-{number}")

    return call


def verify_repeatedly():
    results = []
    for _ in range(CHECKS):
        out, err = StringIO(), StringIO()
        try:
            call_command("verify_audit_chain", stdout=out, stderr=err, no_color=True)
        except SystemExit as exit_:
            results.append((exit_.code, err.getvalue()))
        else:
            results.append((0, out.getvalue().splitlines()[0]))
    return results


def test_verifying_while_entries_are_appended_reports_no_false_break(on_postgres):
    for number in range(50):
        audit.record(action="test_append", reason=f"before-{number}")

    outcomes = run_at_once(*[write_entries(writer) for writer in range(WRITERS)], verify_repeatedly)

    assert [o.error for o in outcomes if not o.ok] == []
    checks = outcomes[-1].value
    assert [code for code, _message in checks] == [0] * CHECKS, checks
    assert all(message.startswith("Chaîne du journal d'audit intacte : ") for _code, message in checks)
    # The writers did not fork the chain: every entry links to the one before it.
    assert AuditEntry.objects.count() == 50 + WRITERS * ENTRIES_EACH
    report = audit.verify_chain()
    assert report.ok and report.checked == 50 + WRITERS * ENTRIES_EACH
