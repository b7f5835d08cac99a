"""Every URL of the portal × every role, against the table in ``permission_table.py``.

The URL patterns are read from the URL configuration (admin screens of our models included): a new
URL without a row in the table fails here. Forbidden objects answer 404; a refused request changes
nothing; a page a role may open never shows a dossier that role may not see; identifiers in the
URLs carriers and the public see cannot be guessed. The walk itself (``permission_walk.py``) runs in
four shards, ``test_permission_matrix_shard_*.py``, so that the workers share it.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.permission_table import TABLE
from tests.security.permission_walk import SHARDS, shard_patterns
from tests.security.urlconf import all_patterns
from tests.security.world import snapshot


def test_the_shards_cover_every_pattern_once():
    keys = [pattern.key for shard in range(SHARDS) for pattern in shard_patterns(shard)]
    assert sorted(keys) == sorted(pattern.key for pattern in all_patterns())


def test_every_url_pattern_has_a_row_and_every_row_a_pattern():
    keys = [pattern.key for pattern in all_patterns()]
    missing = sorted(set(keys) - set(TABLE))
    stale = sorted(set(TABLE) - set(keys))
    assert not missing, "URL patterns without an entry in tests/security/permission_table.py:\n" + "\n".join(missing)
    assert not stale, "Entries for URL patterns that no longer exist:\n" + "\n".join(stale)
    assert len(keys) == len(set(keys)), "two URL patterns share a key"


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
