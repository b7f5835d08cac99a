"""The staff homes (the admin's index for reviewers, the committee, officials): axe-core in Chromium
at both widths, and the Nu HTML Checker on the HTML as served, with their lists and charts filled."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from applications import roles
from applications.models import Application, Departement, OutgoingEmail
from review.models import GenerationJob, Proposal
from tests.e2e.a11y import Auditor, english_in, log_in, validate_html
from tests.factories import InformationRequestFactory, MessageFactory, ProposalFactory, StaffFactory
from tests.review.review_support import assign, dossier, submitted_review

S = Application.State


def staff_work(ami):
    """A reviewer, a committee member and an official, each with work waiting on their home."""
    me = StaffFactory(role=roles.REVIEWER, first_name="Inès", last_name="Instructrice")
    colleague = StaffFactory(role=roles.REVIEWER, first_name="Paul", last_name="Sévère")
    themes = list(ami.themes.order_by("position"))
    departements = list(Departement.objects.filter(code__in=["13", "59", "69", "75", "93"]))
    for index in range(3):
        scored = dossier(ami, state=S.ADMISSIBLE)
        scored.themes.set(themes[: index + 2])
        scored.departements.set(departements[index : index + 3])
        submitted_review(scored, me, [7, 6, 8, 5, 6, 7, 4 + index])
        submitted_review(scored, colleague, [3, 2, 4, 2, 3, 2, index])
    ProposalFactory(application=scored, outcome=Proposal.Outcome.SELECTED, awarded_amount=Decimal("40000.00"))
    todo = dossier(ami, state=S.ADMISSIBLE)
    assign(todo, me)
    checking = dossier(ami, state=S.UNDER_REVIEW)
    assign(checking, me)
    InformationRequestFactory(application=checking)
    MessageFactory(application=checking, from_staff=False, body="Une question sur le budget.")
    OutgoingEmail.objects.create(
        kind="decision_award", to="a@example.org", subject="Décision", body="…", status="draft"
    )
    GenerationJob.objects.create(call=ami, status=GenerationJob.Status.DONE, total=1, done=1)
    return {
        "reviewer": me,
        "committee": StaffFactory(role=roles.COMMITTEE),
        "official": StaffFactory(role=roles.OFFICIAL),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_homes_in_a_browser(page, live_server):
    from applications.management.commands.load_ami import load_ami

    ami = load_ami()
    people = staff_work(ami)
    auditor = Auditor(page)
    for role, person in people.items():
        page.context.clear_cookies()
        log_in(page, person, base_url=live_server.url)
        auditor.visit(reverse("admin:index"), f"staff home ({role})")
        if role == "committee":
            page.locator(".ami-chart__data summary").first.click()  # a data table opened
            auditor.check("staff home (committee), a chart's table open")
            auditor.visit(reverse("admin:review_rankingcall_change", args=[ami.pk]), "ranking with its leniency chart")
            auditor.visit(reverse("admin:review_selectioncall_change", args=[ami.pk]), "selection with its gauge chart")
    auditor.finish()


@pytest.mark.django_db
def test_staff_homes_are_valid_html_in_french(ami_call):
    pages = {}
    for role, person in staff_work(ami_call).items():
        client = Client()
        client.force_login(person)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 200
        pages[f"staff home ({role})"] = response.content.decode()
        if role == "committee":
            for name in ("admin:review_rankingcall_change", "admin:review_selectioncall_change"):
                pages[name] = client.get(reverse(name, args=[ami_call.pk])).content.decode()
            assert 'id="chart-leniency-' in pages["admin:review_rankingcall_change"]
            assert 'id="chart-gauge-' in pages["admin:review_selectioncall_change"]
    english = {label: found for label, html in pages.items() if (found := english_in(html))}
    assert not english, english
    errors = {label: found for label, found in validate_html(pages).items() if found}
    assert not errors, errors
