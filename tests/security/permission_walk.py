"""The permission matrix's walk, shared by its shards (``test_permission_matrix_shard_*.py``).

The walk asks every URL pattern as every role, with a GET and an empty POST: several thousand
requests, the suite's longest test. Split across files, pytest-xdist (``--dist loadfile``) runs
the shards on different workers instead of leaving one worker with the whole walk; together the
shards cover every pattern (``shard_patterns``).
"""

from django.db import transaction
from django.test import Client

from tests.security.permission_table import TABLE
from tests.security.urlconf import all_patterns, outcome
from tests.security.world import ROLES, snapshot

SHARDS = 4
REFUSED = {"404", "405", "400", "login", "admin_login", "org", "otp"}
# Roles that must never see the victim's submitted or decided dossiers, nor its draft.
LEAK_CHECKED = ("anonymous", "other_carrier", "reviewer", "conflicted_reviewer")
# Pages whose URL itself is the proof of the right to read them.
LEAK_EXEMPT = {
    "verify_decision": "anyone holding a decision's verification code (its QR code) reads what it certifies",
    "grants:verify_convention": "anyone holding a convention's verification code (its QR code) reads what it states",
}


def shard_patterns(shard: int) -> list:
    """Every ``SHARDS``-th pattern in key order, from ``shard``: neighbours (often one model's
    admin screens, alike in cost) go to different shards."""
    patterns = sorted(all_patterns(), key=lambda pattern: pattern.key)
    return patterns[shard::SHARDS]


def _client(world, role):
    client = Client()
    if world.people[role] is not None:
        client.force_login(world.people[role])
    return client


def _secrets(world) -> list[str]:
    return [
        world.under_review.reference,
        world.decided.reference,
        world.under_review.title,
        world.decided.title,
        world.draft.title,
    ]


def walk(world, patterns) -> None:
    """Every pattern of ``patterns`` × every role against the table; fails with every difference."""
    clients = {role: _client(world, role) for role in ROLES}
    secrets = _secrets(world)
    failures = []
    for pattern in patterns:
        row = TABLE.get(pattern.key)
        if row is None:
            failures.append(f"{pattern.key}: no entry in the table")
            continue
        url = row.url or pattern.reverse(row.args(world))
        for role in ROLES:
            client = clients[role]
            before = snapshot(world)
            response = client.get(url)
            got = outcome(response)
            if got != row.get[role]:
                failures.append(f"GET  {pattern.key} as {role}: {got}, expected {row.get[role]} ({url})")
            if got in REFUSED and snapshot(world) != before:
                failures.append(f"GET  {pattern.key} as {role}: refused but something changed")
            if (
                got == "200"
                and role in LEAK_CHECKED
                and pattern.key not in LEAK_EXEMPT
                and not getattr(response, "streaming", False)
            ):
                body = response.content.decode(errors="replace")
                leaked = [secret for secret in secrets if secret and secret in body]
                if leaked:
                    failures.append(f"GET  {pattern.key} as {role}: shows {leaked}")
            with transaction.atomic():
                response = client.post(url, {})
                got = outcome(response)
                changed = snapshot(world) != before
                transaction.set_rollback(True)
            if got != row.post[role]:
                failures.append(f"POST {pattern.key} as {role}: {got}, expected {row.post[role]} ({url})")
            if got in REFUSED and changed:
                failures.append(f"POST {pattern.key} as {role}: refused but something changed")
            client.cookies.pop("django_language", None)
            if world.people[role] is not None and not client.cookies.get("sessionid", None):
                clients[role] = _client(world, role)  # logged out by the request: log in again
            elif world.people[role] is not None and not client.cookies["sessionid"].value:
                clients[role] = _client(world, role)
    assert not failures, f"{len(failures)} unexpected answers:\n" + "\n".join(failures)
