"""Accounts under attack: login throttling and lock-out, rate limits on sign-up, password reset and
email verification, and answers that never tell whether an address has an account."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ami_portal import security
from applications.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-solide-2024"


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def without_tokens(html: str) -> str:
    """The page minus what differs from one request to the next (CSRF token, nonce)."""
    import re

    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


# --------------------------------------------------------------------------------------------
# Login: throttling and lock-out (django-axes)
# --------------------------------------------------------------------------------------------
def test_repeated_wrong_passwords_lock_the_account_out_in_french(client, axes_on):
    user = UserFactory(email="marie@asso.example.org")
    for _ in range(axes_on.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": user.email, "password": "mauvais"})
        assert response.status_code == 200
    locked = client.post(reverse("login"), {"username": user.email, "password": "mauvais"})
    assert locked.status_code == 429
    assert "Trop de tentatives" in page(locked)
    # Even the right password is refused while the lock-out lasts.
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_address_does_not_reset_the_counter(client, axes_on):
    UserFactory(email="marie@asso.example.org")
    variants = ["marie@asso.example.org", "Marie@asso.example.org", "MARIE@ASSO.EXAMPLE.ORG", " marie@Asso.example.org"]
    answers = [
        client.post(reverse("login"), {"username": variants[n % len(variants)], "password": "mauvais"}).status_code
        for n in range(axes_on.AXES_FAILURE_LIMIT)
    ]
    assert answers[-1] == 429


def test_an_unknown_address_is_locked_out_the_same_way(client, axes_on):
    answers = [
        client.post(reverse("login"), {"username": "personne@nulle-part.example.org", "password": "x"}).status_code
        for _ in range(axes_on.AXES_FAILURE_LIMIT)
    ]
    assert answers[-1] == 429  # the lock-out does not tell whether the account exists


def test_the_staff_login_is_locked_out_too(client, axes_on):
    staff = UserFactory(email="agent@interieur.gouv.fr", is_staff=True)
    for _ in range(axes_on.AXES_FAILURE_LIMIT):
        response = client.post(reverse("admin:login"), {"username": staff.email, "password": "mauvais"})
    assert response.status_code == 429


def test_many_accounts_tried_from_one_address_are_throttled(client, rate_limited):
    limit = security.DEFAULT_RATE_LIMITS["login"].count
    answers = [
        client.post(reverse("login"), {"username": f"victime{n}@example.org", "password": "123456"}).status_code
        for n in range(limit + 1)
    ]
    assert set(answers[:limit]) == {200}
    assert answers[-1] == 429


# --------------------------------------------------------------------------------------------
# Rate limits on the account pages
# --------------------------------------------------------------------------------------------
def signup_data(email, n=0):
    return {
        "email": email,
        "first_name": "Awa",
        "last_name": f"Diallo{n}",
        "password1": "Un-mot-de-passe-solide-2024",
        "password2": "Un-mot-de-passe-solide-2024",
    }


def test_sign_up_is_limited_per_address_with_a_french_page(client, rate_limited):
    limit = security.DEFAULT_RATE_LIMITS["signup"].count
    for n in range(limit):
        assert client.post(reverse("signup"), signup_data(f"nouvelle{n}@example.org", n)).status_code == 302
    throttled = client.post(reverse("signup"), signup_data("encore@example.org"))
    assert throttled.status_code == 429
    assert "Trop de demandes" in page(throttled) and "Réessayez dans" in page(throttled)
    assert 0 < int(throttled["Retry-After"]) <= 3600
    assert not User.objects.filter(email="encore@example.org").exists()
    # Another connection is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(reverse("signup"), signup_data("autre@example.org")).status_code == 302


def test_password_reset_is_limited_per_target_address_whatever_the_connection(rate_limited):
    UserFactory(email="cible@asso.example.org")
    per_email = security.DEFAULT_RATE_LIMITS["password_reset"].per_email
    answers = [
        Client(REMOTE_ADDR=f"203.0.113.{n}")
        .post(reverse("password_reset"), {"email": "cible@asso.example.org"})
        .status_code
        for n in range(per_email + 1)
    ]
    assert answers[:per_email] == [302] * per_email
    assert answers[-1] == 429
    assert len(mail.outbox) == per_email  # nobody can flood the owner's mailbox


def test_email_verification_links_cannot_be_brute_forced(client, rate_limited):
    limit = security.DEFAULT_RATE_LIMITS["verify_email"].count
    answers = [
        client.get(reverse("verify_email", kwargs={"uidb64": "MQ", "token": f"essai-{n}"})).status_code
        for n in range(limit + 1)
    ]
    assert set(answers[:limit]) == {400}
    assert answers[-1] == 429


def test_resending_the_verification_email_is_limited(client, rate_limited):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    limit = security.DEFAULT_RATE_LIMITS["resend_verification"].count
    for _ in range(limit):
        assert client.post(reverse("resend_verification")).status_code == 302
    assert client.post(reverse("resend_verification")).status_code == 429
    assert len(mail.outbox) == limit


def test_limits_count_per_window_and_start_again_after_it(rate_limited):
    limit = security.Limit(2, 60)
    rate_limited.AMI_RATE_LIMITS = {"signup": limit}
    now = 1_700_000_000.0 - (1_700_000_000.0 % 60)
    hits = [security.check_rate_limit(name="signup", method="POST", ip="192.0.2.1", now=now + n) for n in range(3)]
    assert hits[:2] == [None, None] and 0 < hits[2] <= 60
    assert security.check_rate_limit(name="signup", method="POST", ip="192.0.2.1", now=now + 61) is None
    assert security.check_rate_limit(name="signup", method="GET", ip="192.0.2.1", now=now + 1) is None


def test_behind_the_reverse_proxy_the_client_address_is_the_one_the_proxy_saw(rf, settings):
    settings.AMI_TRUSTED_PROXIES = ["10.0.0.2"]
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23", REMOTE_ADDR="10.0.0.2")
    assert security.client_ip(request) == "198.51.100.23"  # what the client wrote itself is ignored
    settings.AMI_TRUSTED_PROXIES = []
    assert security.client_ip(request) == "10.0.0.2"


# --------------------------------------------------------------------------------------------
# No account enumeration
# --------------------------------------------------------------------------------------------
def test_login_answers_the_same_for_an_unknown_address_and_a_wrong_password(client):
    UserFactory(email="connue@asso.example.org")
    unknown = client.post(reverse("login"), {"username": "inconnue@asso.example.org", "password": "mauvais"})
    wrong = client.post(reverse("login"), {"username": "connue@asso.example.org", "password": "mauvais"})
    assert unknown.status_code == wrong.status_code == 200
    strip = without_tokens
    assert strip(page(unknown)).replace("inconnue@", "X@") == strip(page(wrong)).replace("connue@", "X@")


def test_password_reset_answers_the_same_and_queues_the_same_work(client, settings):
    """Both requests only queue one task: the time they take cannot tell the addresses apart."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    UserFactory(email="connue@asso.example.org")
    known = client.post(reverse("password_reset"), {"email": "connue@asso.example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "inconnue@asso.example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert mail.outbox == []  # nothing was sent inside either request
    queued = DBTaskResult.objects.filter(task_path="ami_portal.security.send_password_reset")
    assert queued.count() == 2
    assert all("/compte/" not in str(task.args_kwargs) for task in queued)  # no link stored in the queue
    # The worker sends the link to the real account only.
    for task in queued:
        security.send_password_reset.call(**task.args_kwargs["kwargs"])
    (message,) = mail.outbox
    assert message.to == ["connue@asso.example.org"]
    assert "/compte/mot-de-passe-oublie/" in message.body


def test_sign_up_answers_the_same_and_hashes_a_password_either_way(client, monkeypatch):
    UserFactory(email="connue@asso.example.org")
    hashed = []
    original = MD5PasswordHasher.encode

    def counting(self, password, salt):
        hashed.append(password)
        return original(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    known = client.post(reverse("signup"), signup_data("connue@asso.example.org"))
    hashes_known = len(hashed)
    unknown = client.post(reverse("signup"), signup_data("inconnue@asso.example.org"))
    hashes_unknown = len(hashed) - hashes_known
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert hashes_known == hashes_unknown == 1
    assert len(mail.outbox) == 2  # one email each: to the owner of the known address, to the new one
    done_known = page(Client().get(reverse("signup_done")))
    assert "connue" not in done_known


# --------------------------------------------------------------------------------------------
# CSRF everywhere
# --------------------------------------------------------------------------------------------
def test_every_form_refuses_a_post_without_its_csrf_token(world):
    """Every URL pattern, posted to without a token by a signed-in person, is refused (403 page)
    before anything happens; anonymous visitors too on the public forms."""
    from tests.security.permission_table import TABLE
    from tests.security.urlconf import all_patterns
    from tests.security.world import snapshot

    before = snapshot(world)
    accepted = []
    checked = set()
    for role in ("anonymous", "owner", "assigned_reviewer", "committee", "official", "administrator"):
        client = Client(enforce_csrf_checks=True)
        if world.people[role] is not None:
            client.force_login(world.people[role])
        for pattern in all_patterns():
            row = TABLE[pattern.key]
            if row.post[role] in {"405", "login", "admin_login", "org", "otp", "404", "400"}:
                continue  # refused anyway: nothing to protect
            url = row.url or pattern.reverse(row.args(world))
            checked.add(pattern.key)
            response = client.post(url, {})
            if response.status_code != 403 or "Demande refusée" not in page(response):
                accepted.append(f"{pattern.key} as {role}: {response.status_code}")
    assert not accepted, "POST accepted without a CSRF token:\n" + "\n".join(accepted)
    assert {"login", "signup", "password_reset", "applications:upload", "applications:submit"} <= checked
    assert {"admin:applications_application_review", "admin:review_selectioncall_promote"} <= checked
    assert len(checked) > 80, len(checked)
    assert snapshot(world) == before
