"""Public pages answer HEAD, so that monitors and link checkers work (they answered 405)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cached", [False, True], ids=["rendered", "from the visitor cache"])
def test_public_pages_answer_head_like_get(client, ami_call, settings, fresh_cache, cached):
    settings.DEBUG = not cached  # the visitor cache is off while DEBUG is on
    urls = [
        reverse("home"),
        reverse("call_detail", kwargs={"slug": ami_call.slug}),
        reverse("accessibility"),
    ]
    for url in urls:
        get = client.get(url)
        head = client.head(url)
        assert get.status_code == 200, url
        assert head.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"]
        assert head.content == b""


def test_head_changes_nothing_and_post_is_still_refused(client, ami_call):
    assert client.post(reverse("home")).status_code == 405
