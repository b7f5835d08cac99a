"""The demo (`make run`, stage « decided ») produces acts a court would uphold, even from a call still open."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.demo import ensure_accounts
from applications.models import Application, Call
from review import documents
from review.demo_decisions import decide_demo_dossiers
from review.models import AdmissibilityCheck, Decision
from tests.factories import AdmissibilityCheckFactory

from ..pdf_support import pdf_text
from .decision_helpers import inadmissible_dossier, reviewed_dossier, small_call

pytestmark = pytest.mark.django_db
ITEM_LABELS = [str(label) for _name, label in AdmissibilityCheck.ITEMS]


def test_the_demo_closes_an_open_call_and_its_refusals_give_the_reasons_of_each_case():
    now = timezone.now()
    # As `make run` leaves it: opened minutes ago, closing in four weeks, no committee date.
    call = small_call(opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(weeks=4), committee_date=None)
    accounts = ensure_accounts(password="demo-ami-2024-secret", call=call)
    requests = ["30000", "45000", "60000", "25000", "80000", "50000", "35000"]
    dossiers = [
        reviewed_dossier(call, requested=amount, scores=[Decimal(90 - 5 * i), Decimal(85 - 5 * i)])
        for i, amount in enumerate(requests)
    ]
    refused_late = inadmissible_dossier(call)
    AdmissibilityCheckFactory(
        application=refused_late,
        outcome=AdmissibilityCheck.Outcome.INADMISSIBLE,
        complete=False,
        complete_comment="Les comptes approuvés transmis sont illisibles.",
        reasons="Dossier non recevable : complet.",  # what review/demo.py records
    )
    Application.objects.filter(call=call).update(submitted_at=now - timedelta(minutes=1))

    decide_demo_dossiers(call=call, application_ids=[d.pk for d in dossiers], accounts=accounts, stdout=io.StringIO())

    call = Call.objects.get(pk=call.pk)
    assert call.closes_at <= timezone.now() and call.closes_at > now - timedelta(minutes=1)
    assert call.committee_date == timezone.localdate()
    decisions = Decision.objects.filter(call=call)
    assert decisions.count() == len(dossiers) + 1 - 3
    for decision in decisions:
        assert decision.signed_at >= call.closes_at

    inadmissible = pdf_text(documents.render_decision_pdf(decisions.get(application=refused_late)))
    motifs = inadmissible.split("Article 2 — Motifs")[1].split("Voies et délais de recours")[0]
    assert "le dossier était incomplet" in motifs and "illisibles" in motifs
    assert "Dossier non recevable : Dossier non recevable" not in inadmissible
    assert "Dossier non recevable : complet" not in inadmissible
    for label in ITEM_LABELS:
        assert label not in inadmissible
    for words in ("enveloppe", "€", "rang"):
        assert words not in motifs

    not_selected = decisions.filter(kind=Decision.Kind.REFUSAL).exclude(application=refused_late).first()
    text = pdf_text(documents.render_decision_pdf(not_selected))
    motifs = text.split("Article 2 — Motifs")[1].split("Voies et délais de recours")[0]
    assert "rang sur 7 dossiers recevables classés" in motifs
    assert "note moyenne de" in motifs and "méthode annoncée par l'appel" in motifs
    assert "Note moyenne de" not in motifs  # the committee's summary no longer repeats the letter's figures
