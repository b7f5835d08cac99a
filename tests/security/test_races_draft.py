"""Colleagues of one organisation saving the same step of a draft at the same moment.

Both opened the step at the same version of the dossier. The save that gets the dossier's lock
first is written; every other one finds a newer version under the lock and is refused with the
warning « Vos modifications n'ont pas été enregistrées », its input still on screen. Nothing is
overwritten silently and no step is half written.
"""

from decimal import Decimal

from django.test import Client

from applications import audit
from applications.models import Application, AuditEntry, BudgetLine
from tests.applications.carrier_support import carrier_with_draft, posted, step_url
from tests.factories import UserFactory

from .races import POSTGRES_ONLY, run_at_once

pytestmark = POSTGRES_ONLY

CONFLICT = "Vos modifications n'ont pas été enregistrées"


def colleagues_on_one_draft(call, count):
    carrier, draft = carrier_with_draft(call, title="Titre initial", partners="OFII")
    people = [carrier] + [
        UserFactory(organisation=carrier.organisation, first_name=f"Collègue{n}", last_name="Martin")
        for n in range(1, count)
    ]
    browsers = []
    for person in people:
        browser = Client()
        browser.force_login(person)
        browsers.append(browser)
    return draft, people, browsers


def post_at_once(browsers, url, forms):
    outcomes = run_at_once(*[(lambda b=b, f=f: b.post(url, f)) for b, f in zip(browsers, forms, strict=True)])
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    return [o.value for o in outcomes]


def test_two_colleagues_saving_the_same_step_at_once_lose_nothing_silently(ami_call):
    draft, people, browsers = colleagues_on_one_draft(ami_call, 2)
    before = Application.objects.get(pk=draft.pk)
    titles = ["Version de Camille", "Version de Collègue1"]
    forms = [posted(draft, "project", title=title, action="draft") for title in titles]

    responses = post_at_once(browsers, step_url(draft, "project"), forms)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 302]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 302)
    loser = 1 - winner
    saved = Application.objects.get(pk=draft.pk)
    assert saved.title == titles[winner]
    assert saved.version == before.version + 1
    assert saved.last_edited_by_id == people[winner].pk
    page = responses[loser].content.decode()
    assert CONFLICT in page
    assert f"{people[winner].first_name} {people[winner].last_name}" in page  # who saved in between
    assert f'value="{titles[loser]}"' in page  # the refused input is still on screen
    assert f'name="version" value="{saved.version}"' in page  # saving again is a conscious choice
    assert AuditEntry.objects.filter(application=draft, action="section_saved").count() == 1
    assert audit.verify_chain().ok


def test_many_saves_of_the_same_version_write_exactly_one(ami_call):
    draft, people, browsers = colleagues_on_one_draft(ami_call, 5)
    before = Application.objects.get(pk=draft.pk)
    titles = [f"Version {n}" for n in range(5)]
    forms = [posted(draft, "project", title=title, action="draft") for title in titles]

    responses = post_at_once(browsers, step_url(draft, "project"), forms)

    assert sorted(r.status_code for r in responses) == [200] * 4 + [302]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 302)
    saved = Application.objects.get(pk=draft.pk)
    assert (saved.title, saved.version) == (titles[winner], before.version + 1)
    assert all(CONFLICT in r.content.decode() for r in responses if r.status_code == 200)
    assert AuditEntry.objects.filter(application=draft, action="section_saved").count() == 1


def test_budget_lines_saved_at_once_are_one_persons_lines_never_a_mix(ami_call):
    """A step with several rows (the budget's formset): the rows are the winner's, whole."""
    draft, people, browsers = colleagues_on_one_draft(ami_call, 2)
    amounts = ["1000,00", "2000,00"]
    forms = []
    for index, amount in enumerate(amounts):
        data = posted(draft, "budget", action="draft")
        data.update(
            {
                "budget-TOTAL_FORMS": "2",
                "budget-0-category": "personnel",
                "budget-0-label": f"Coordination ({index})",
                "budget-0-amount": amount,
                "budget-1-category": "training",
                "budget-1-label": f"Formation ({index})",
                "budget-1-amount": amount,
            }
        )
        forms.append(data)

    responses = post_at_once(browsers, step_url(draft, "budget"), forms)

    assert sorted(r.status_code for r in responses) == [200, 302]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 302)
    lines = list(BudgetLine.objects.filter(application=draft).order_by("id").values_list("label", "amount"))
    expected = Decimal(amounts[winner].replace(",", "."))
    assert lines == [(f"Coordination ({winner})", expected), (f"Formation ({winner})", expected)]
