"""Two submissions of the same dossier at once: one submission, one receipt, one reference.

A double click, or two colleagues pressing « Déposer » in the same second, must not submit the
dossier twice, issue two receipts, or burn a second reference of the call's sequence. The one that
loses is told, in French, that the dossier is already submitted.
"""

import html
import time

from django.core import mail
from django.test import Client
from django.urls import reverse

from applications import audit, submission, wizard
from applications.management.commands.load_ami import load_ami
from applications.models import Application, AuditEntry, OutgoingEmail, Receipt
from applications.notifications import carrier_recipients
from tests.applications.carrier_support import complete_draft
from tests.factories import UserFactory

from .races import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY


def stored_receipts(settings) -> list:
    folder = settings.MEDIA_ROOT / "receipts"
    return sorted(folder.iterdir()) if folder.exists() else []


def assert_submitted_once(application, settings):
    """Exactly one submission of ``application`` left a trace, and the chain is whole."""
    application = Application.objects.get(pk=application.pk)
    assert application.state == Application.State.SUBMITTED
    assert (application.sequence, application.reference) == (1, "AMI-2024-EGALITE-0001")
    assert Receipt.objects.filter(application=application).count() == 1
    assert len(stored_receipts(settings)) == 1  # the refused attempt stored no PDF either
    assert AuditEntry.objects.filter(application=application, action="submitted").count() == 1
    recipients = carrier_recipients(application)
    emails = OutgoingEmail.objects.filter(application=application, kind="submitted")
    assert sorted(emails.values_list("to", flat=True)) == recipients
    assert len(mail.outbox) == len(recipients)
    assert audit.verify_chain().ok
    return application


def test_same_dossier_submitted_twice_at_once_is_submitted_once(on_postgres, settings):
    call = load_ami()
    carrier, draft = complete_draft(call)
    colleague = UserFactory(organisation=carrier.organisation)

    outcomes = run_at_once(
        lambda: submission.submit_application(application=draft, user=carrier, sworn_statement=True),
        lambda: submission.submit_application(application=draft, user=colleague, sworn_statement=True),
    )

    winners = [o for o in outcomes if o.ok]
    losers = [o for o in outcomes if not o.ok]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0].error, submission.SubmissionRefused)
    assert losers[0].error.code == "not_draft"
    assert losers[0].error.messages == ["Ce dossier a déjà été déposé."]
    assert_submitted_once(draft, settings)

    # The refused attempt used no number: the next dossier of the call is the second one.
    other_carrier, other = complete_draft(call, seed=5)
    submitted = submission.submit_application(application=other, user=other_carrier, sworn_statement=True)
    assert submitted.reference == "AMI-2024-EGALITE-0002"


def test_many_presses_of_submit_at_once_submit_once(on_postgres, settings):
    """Five colleagues (or one impatient finger) on the same dossier: still one of everything."""
    call = load_ami()
    carrier, draft = complete_draft(call)
    people = [carrier] + [UserFactory(organisation=carrier.organisation) for _ in range(4)]

    outcomes = run_at_once(
        *[
            (lambda person=person: submission.submit_application(application=draft, user=person, sworn_statement=True))
            for person in people
        ]
    )

    assert sum(o.ok for o in outcomes) == 1
    assert sorted(o.error.code for o in outcomes if not o.ok) == ["not_draft"] * 4
    assert_submitted_once(draft, settings)


def test_double_click_on_the_submit_button_answers_both_clearly(on_postgres, settings):
    """Through the real screens: both requests get a French page, neither an error page."""
    call = load_ami()
    carrier, draft = complete_draft(call)
    colleague = UserFactory(organisation=carrier.organisation)
    browsers = []
    for person in (carrier, colleague):
        browser = Client()
        browser.force_login(person)
        browsers.append(browser)
    url = reverse("applications:submit", kwargs={"public_id": draft.public_id})
    data = {"version": draft.version, "sworn_statement": "on"}

    outcomes = run_at_once(*[(lambda b=b: b.post(url, data, follow=True)) for b in browsers])

    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    pages = [o.value.content.decode() for o in outcomes]
    assert [o.value.status_code for o in outcomes] == [200, 200]
    confirmed = [p for p in pages if "Votre dossier est déposé sous la référence AMI-2024-EGALITE-0001" in p]
    told = [p for p in pages if "Ce dossier a déjà été déposé." in p]
    assert len(confirmed) == 1 and len(told) == 1
    assert_submitted_once(draft, settings)


def test_a_colleagues_save_landing_during_the_submission_is_not_submitted_unseen(on_postgres, settings):
    """Camille submits from the summary she read (version N) while Karim's save of a step is being
    written. Karim's save commits first: the dossier Camille would certify is no longer the one she
    read, so her submission is refused with the « changed since you opened this page » message —
    never submitted with content she did not see."""
    call = load_ami()
    carrier, draft = complete_draft(call)
    colleague = UserFactory(organisation=carrier.organisation, first_name="Karim", last_name="Benali")
    read_version = draft.version
    browser = Client()
    browser.force_login(carrier)
    url = reverse("applications:submit", kwargs={"public_id": draft.public_id})

    def slow_write():
        Application.objects.filter(pk=draft.pk).update(title="Titre changé par Karim")
        time.sleep(0.6)  # the dossier's lock is held while the step is written
        return {"fields": ["title"]}

    def karim_saves():
        return wizard.save_section(
            application=Application.objects.get(pk=draft.pk),
            section="project",
            user=colleague,
            expected_version=read_version,
            write=slow_write,
        )

    def camille_submits():
        time.sleep(0.2)  # Karim's save is under way
        return browser.post(url, {"version": read_version, "sworn_statement": "on"})

    outcomes = run_at_once(karim_saves, camille_submits)

    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    dossier = Application.objects.get(pk=draft.pk)
    assert dossier.title == "Titre changé par Karim"
    assert (dossier.state, dossier.reference) == (Application.State.DRAFT, None)
    assert not Receipt.objects.filter(application=dossier).exists()
    page = html.unescape(outcomes[1].value.content.decode())
    assert outcomes[1].value.status_code == 200
    assert "Le dossier a été modifié depuis l'ouverture de cette page (par Karim Benali" in page
    # The page now carries the new version: submitting again, knowingly, works.
    assert f'name="version" value="{dossier.version}"' in page
    response = browser.post(url, {"version": dossier.version, "sworn_statement": "on"})
    assert response.status_code == 302
    assert Application.objects.get(pk=draft.pk).reference == "AMI-2024-EGALITE-0001"


def test_carriers_saving_steps_while_others_submit_never_deadlock(on_postgres, settings):
    """The last minutes before the closing time: some carriers submit, others still save steps of
    their own drafts of the same call. Every request completes; none is aborted as a deadlock."""
    call = load_ami()
    submitting = [complete_draft(call, seed=seed) for seed in range(3)]
    saving = [complete_draft(call, seed=seed) for seed in range(3, 6)]

    def submit(carrier, draft):
        return lambda: submission.submit_application(application=draft, user=carrier, sworn_statement=True)

    def save(carrier, draft):
        def write():
            Application.objects.filter(pk=draft.pk).update(title=f"Titre revu {draft.pk}")
            return {"fields": ["title"]}

        return lambda: wizard.save_section(
            application=draft, section="project", user=carrier, expected_version=draft.version, write=write
        )

    for _round in range(3):
        outcomes = run_at_once(*[submit(*pair) for pair in submitting], *[save(*pair) for pair in saving])
        assert [o.error for o in outcomes if not o.ok] == []
        submitting = [complete_draft(call, seed=seed) for seed in range(3)]
        saving = [(carrier, Application.objects.get(pk=draft.pk)) for carrier, draft in saving]
    references = list(Application.objects.filter(call=call).exclude(reference=None).values_list("reference", flat=True))
    assert sorted(references) == [f"AMI-2024-EGALITE-{n:04d}" for n in range(1, 10)]
    assert audit.verify_chain().ok
