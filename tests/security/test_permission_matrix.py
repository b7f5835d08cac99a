"""Every URL of the portal × every role, against the table in ``permission_table.py``.

The URL patterns are read from the URL configuration (admin screens of our models included): a new
URL without a row in the table fails here. Forbidden objects answer 404; a refused request changes
nothing; a page a role may open never shows a dossier that role may not see; identifiers in the
URLs carriers and the public see cannot be guessed.
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.permission_table import TABLE
from tests.security.urlconf import all_patterns, outcome
from tests.security.world import ROLES, snapshot

REFUSED = {"404", "405", "400", "login", "admin_login", "org", "otp"}
# Roles that must never see the victim's submitted or decided dossiers, nor its draft.
LEAK_CHECKED = ("anonymous", "other_carrier", "reviewer", "conflicted_reviewer")
# Pages whose URL itself is the proof of the right to read them.
LEAK_EXEMPT = {
    "verify_decision": "anyone holding a decision's verification code (its QR code) reads what it certifies",
    "grants:verify_convention": "anyone holding a convention's verification code (its QR code) reads what it states",
}


def test_every_url_pattern_has_a_row_and_every_row_a_pattern():
    keys = [pattern.key for pattern in all_patterns()]
    missing = sorted(set(keys) - set(TABLE))
    stale = sorted(set(TABLE) - set(keys))
    assert not missing, "URL patterns without an entry in tests/security/permission_table.py:\n" + "\n".join(missing)
    assert not stale, "Entries for URL patterns that no longer exist:\n" + "\n".join(stale)
    assert len(keys) == len(set(keys)), "two URL patterns share a key"


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


@pytest.mark.django_db
def test_permission_matrix(world):
    clients = {role: _client(world, role) for role in ROLES}
    secrets = _secrets(world)
    failures = []
    for pattern in all_patterns():
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


# --------------------------------------------------------------------------------------------
# Identifiers in the URLs carriers and the public see
# --------------------------------------------------------------------------------------------
# Parameters of non-staff URLs, and why each cannot be used to find someone else's object.
PUBLIC_PARAMETERS = {
    "public_id": "UUID4 of a dossier (122 random bits)",
    "attachment_id": "UUID4 of a file",
    "slug": "a published call's slug, or a step's name: public by nature",
    "code": "decision or convention verification code, secrets.token_urlsafe(16)",
    "token": "invitation (secrets.token_urlsafe(32)) or one-time link tokens (HMAC)",
    "uidb64": "always paired with an HMAC token that is checked",
    # Integers only ever come after the dossier's UUID, and are looked up within that dossier.
    "document_id": "a required document of the call (configuration, public)",
    "decision_id": "nested under the dossier's UUID",
    "request_id": "nested under the dossier's UUID",
    "convention_id": "nested under the dossier's UUID",
    "report_id": "UUID4 of a grant's report, nested under the dossier's UUID",
    "file_id": "UUID4 of a report's supporting file, nested under the report's UUID",
}


def test_identifiers_in_carrier_and_public_urls_are_not_guessable():
    for pattern in all_patterns():
        if pattern.route.startswith(("gestion/", "i18n/")):
            continue
        for parameter, converter in pattern.converters.items():
            assert parameter in PUBLIC_PARAMETERS, (pattern.key, parameter)
            if parameter in {"public_id", "attachment_id", "file_id"}:
                assert converter == "UUIDConverter", (pattern.key, parameter, converter)
            if converter == "IntConverter":
                assert pattern.route.index("<uuid:public_id>") < pattern.route.index(f"<int:{parameter}>"), pattern.key


@pytest.mark.django_db
def test_codes_and_tokens_are_long_and_random(world, settings):
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", world.decision.verification_code)
    assert world.under_review.public_id.version == 4
    assert world.attachment.public_id.version == 4
    from applications import registration

    settings.AMI_INVITATIONS_PER_DAY = 100  # the world has sent some already
    before = set()
    for n in range(20):
        invitation = registration.invite_colleague(
            organisation=world.organisation, email=f"x{n}@example.org", invited_by=world.owner, base_url="http://t/"
        )
        assert len(invitation.token) >= 40 and invitation.token not in before
        before.add(invitation.token)


@pytest.mark.django_db
def test_nested_identifiers_do_not_reach_another_dossiers_objects(world):
    """The other carrier puts the victim's ids after the UUID of its own dossier: 404, every time."""
    client = Client()
    client.force_login(world.people["other_carrier"])
    own = world.other_draft.public_id
    attempts = [
        ("get", reverse("applications:decision_download", kwargs={"public_id": own, "decision_id": world.decision.pk})),
        (
            "get",
            reverse(
                "applications:information_request",
                kwargs={"public_id": own, "request_id": world.information_request.pk},
            ),
        ),
        (
            "get",
            reverse(
                "applications:attachment_download",
                kwargs={"public_id": own, "attachment_id": world.attachment.public_id},
            ),
        ),
        (
            "post",
            reverse(
                "applications:remove_document",
                kwargs={"public_id": own, "attachment_id": world.draft_attachment.public_id},
            ),
        ),
    ]
    before = snapshot(world)
    for method, url in attempts:
        response = client.get(url) if method == "get" else client.post(url)
        assert response.status_code == 404, url
    assert snapshot(world) == before
