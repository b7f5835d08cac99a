"""Pages lay out for the screens people use: a 1366×900 laptop and a phone (390×844).

Measured in Chromium, not guessed from the CSS: no page scrolls sideways, no card stretches to the
height of its column, no heading is covered by another element, and on the wide staff tables the
column that says which dossier a row is stays on screen.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Receipt
from review import documents
from review.decisions import validate_proposal
from review.models import Proposal
from review.selection import propose
from tests.e2e.a11y import log_in
from tests.factories import CarrierFactory
from tests.review.decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENS = {"laptop": (1366, 900), "phone": (390, 844)}

# What the page looks like to the eye, measured after layout.
MEASURE = """() => {
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  const tallCards = [...document.querySelectorAll('main .fr-card')]
    .map(card => card.getBoundingClientRect().height).filter(height => height > 700);
  const covered = [];
  for (const heading of document.querySelectorAll('main h1, main h2, main h3')) {
    heading.scrollIntoView({block: 'center'});
    const box = heading.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 40), box.top + box.height / 2);
    if (!hit || !(heading === hit || heading.contains(hit) || hit.contains(heading))) {
      covered.push(heading.textContent.trim() + ' covered by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing'));
    }
  }
  return {overflow, tallCards, covered};
}"""


@pytest.fixture
def awarded(transactional_db):
    call = small_call(max_selected=1, service_address="Place Beauvau\n75800 Paris Cedex 08")
    member, signer = committee_member(), official()
    dossier = reviewed_dossier(
        call, requested="45000.00", scores=(Decimal(92), Decimal(90)), start_date=date(2027, 2, 13)
    )
    refused = reviewed_dossier(call, scores=(Decimal(50), Decimal(55)))
    for application, outcome in ((dossier, Proposal.Outcome.SELECTED), (refused, Proposal.Outcome.REJECTED)):
        Receipt.objects.create(application=application)  # the side column's card
        proposal = propose(application=application, outcome=outcome, by=member, assessment_summary="Moins abouti.")
        documents.attach_pdf(validate_proposal(proposal=proposal, signature=signature(), by=signer))
    return {"awarded": dossier, "refused": refused, "call": call, "member": member}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_carriers_decided_dossier_page_lays_out(page, live_server, awarded, screen):
    page.set_viewport_size(dict(zip(("width", "height"), SCREENS[screen], strict=True)))
    for outcome in ("awarded", "refused"):
        dossier = awarded[outcome]
        page.context.clear_cookies()
        log_in(page, CarrierFactory(organisation=dossier.organisation), base_url=live_server.url)
        page.goto(dossier.get_absolute_url())
        measured = page.evaluate(MEASURE)
        assert measured["overflow"] <= 0, f"{outcome} page scrolls sideways by {measured['overflow']} px"
        assert not measured["tallCards"], f"{outcome}: cards stretched to {measured['tallCards']} px"
        assert not measured["covered"], f"{outcome}: {measured['covered']}"


def test_wide_staff_tables_keep_the_dossier_column_on_a_laptop(page, live_server, awarded):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, awarded["member"], base_url=live_server.url)
    call = awarded["call"]
    for url in (
        reverse("admin:review_rankingcall_change", args=[call.pk]),
        reverse("admin:review_selectioncall_change", args=[call.pk]),
        reverse("admin:review_review_changelist"),
        reverse("admin:review_assignment_changelist"),
    ):
        response = page.goto(url)
        assert response.ok, url
        measured = page.evaluate(MEASURE)
        assert measured["overflow"] <= 0, f"{url} scrolls sideways by {measured['overflow']} px"
        for table in page.locator("#content-main table").all():
            first = table.locator("tbody tr:first-child > :first-child")
            if not first.count():
                continue
            box = first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1366, f"{url}: the first column is off-screen"
