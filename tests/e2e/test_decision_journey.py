"""The committee and an official, in Chromium: select two carriers within €100,000, be refused a
third and an overspend with the reason, sign, download the PDF, and verify it on the public page."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from applications.models import Application
from review.models import Decision, Proposal
from tests.e2e.a11y import log_in
from tests.factories import CarrierFactory
from tests.pdf_support import pdf_text
from tests.review.decision_helpers import committee_member, official, reviewed_dossier

# live_server needs real transactions; serialized_rollback restores what migrations load (staff groups).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mot-de-passe-solide-2024"  # tests.factories.UserFactory


@pytest.fixture
def ami(transactional_db):
    from applications.management.commands.load_ami import load_ami

    # Decisions are signed after the call's closing and the committee's meeting (review.decisions).
    now = timezone.now()
    call = load_ami(opens=now - timedelta(weeks=8), closes=now - timedelta(weeks=4))
    call.committee_members = "Mme A (DGEF)\nM. B (SDFE)"
    call.committee_date = timezone.localdate() - timedelta(days=1)
    call.save()
    return call


def admin_log_in(page, user):
    page.goto("/gestion/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def propose_selected(page, call, dossier, amount="", reason=""):
    page.goto(f"/gestion/review/selectioncall/{call.pk}/dossiers/{dossier.pk}/proposition/")
    page.get_by_label("Retenu", exact=True).check()
    page.get_by_label("Montant attribué (€)").fill(amount)
    page.get_by_label("Motif de la réduction du montant").fill(reason)
    page.get_by_role("button", name="Enregistrer la proposition").click()


def test_select_sign_download_and_verify(page, live_server, ami, tmp_path):
    first = reviewed_dossier(ami, requested="60000.00", scores=[Decimal("90"), Decimal("88")])
    second = reviewed_dossier(ami, requested="40000.00", scores=[Decimal("84"), Decimal("80")])
    third = reviewed_dossier(ami, requested="20000.00", scores=[Decimal("70"), Decimal("72")])
    member, signer = committee_member(), official()

    # The committee: two carriers, exactly the envelope.
    admin_log_in(page, member)
    propose_selected(page, ami, first)
    propose_selected(page, ami, second)
    assert (
        "100\u00a0000,00\u00a0€ attribués sur 100\u00a0000,00\u00a0€"
        in page.locator("[data-envelope-text]").inner_text()
    )

    # A third is refused by the cap, with the numbers; the live gauge warned before saving.
    page.goto(f"/gestion/review/selectioncall/{ami.pk}/dossiers/{third.pk}/proposition/")
    page.get_by_label("Retenu", exact=True).check()
    assert "plafond" in page.locator("[data-gauge-warning]").inner_text()
    page.get_by_role("button", name="Enregistrer la proposition").click()
    summary = page.locator(".ami-error-summary").inner_text()
    assert "Plafond atteint" in summary and "2" in summary

    # Freeing a seat but overspending is refused with the excess.
    page.goto(f"/gestion/review/selectioncall/{ami.pk}/dossiers/{second.pk}/proposition/")
    page.get_by_label("Non retenu", exact=True).check()
    page.get_by_label("Appréciation pour le courrier").fill("Moins abouti que les projets retenus.")
    page.get_by_role("button", name="Enregistrer la proposition").click()
    page.goto(f"/gestion/review/selectioncall/{ami.pk}/dossiers/{third.pk}/proposition/")
    page.get_by_label("Retenu", exact=True).check()
    page.get_by_label("Montant attribué (€)").fill("45 000")
    page.get_by_role("button", name="Enregistrer la proposition").click()
    assert "dépasse" in page.locator(".ami-error-summary").inner_text()
    propose_selected(page, ami, third)
    assert Proposal.objects.filter(outcome=Proposal.Outcome.SELECTED).count() == 2

    # The official signs all proposals in one batch.
    page.context.clear_cookies()
    admin_log_in(page, signer)
    page.goto(f"/gestion/review/proposal/?call__id__exact={ami.pk}")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "validate_proposals")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_label("Qualité du signataire").fill("La directrice de l'intégration et de l'accès à la nationalité")
    page.get_by_label("Délégation de signature").fill("l'arrêté du 2 janvier 2024 portant délégation de signature")
    page.get_by_role("button", name="Prévisualiser les décisions").click()
    # The official reads the very documents before signing them.
    first.refresh_from_db()
    assert page.get_by_role("link", name=re.compile(r"^Lire la décision ")).count() == 3
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Lire la décision {first.reference}-D1 (PDF)").click()
    previewed = tmp_path / "apercu.pdf"
    download.value.save_as(previewed)
    page.get_by_role("button", name="Signer les 3 décisions lues").click()
    assert "décision(s) signée(s)" in page.locator(".messagelist").inner_text()
    assert Application.objects.filter(state=Application.State.AWARDED).count() == 2

    # Download an award letter.
    award = Decision.objects.filter(kind=Decision.Kind.AWARD, application=first).get()
    page.goto(f"/gestion/review/decision/{award.pk}/change/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    pdf = tmp_path / "decision.pdf"
    download.value.save_as(pdf)
    award.refresh_from_db()
    assert award.sha256
    # What was issued is the document read: the seal is appended, not a byte before it changes.
    assert pdf.read_bytes().startswith(previewed.read_bytes())

    # Anyone verifies it on the public page: genuine; one changed byte is not.
    page.context.clear_cookies()
    page.goto("/verifier/")
    page.get_by_label("Code de vérification").fill(f"{live_server.url}/v/{award.verification_code}/")
    page.locator("main").get_by_role("button", name="Vérifier").click()
    assert re.search(r"/v/[\w-]+$", page.url)
    assert "Décision en vigueur" in page.locator("main").inner_text()
    page.get_by_label("Le fichier PDF de la décision").set_input_files(str(pdf))
    page.get_by_role("button", name="Vérifier le fichier").click()
    assert "Fichier authentique" in page.locator("main").inner_text()

    forged = bytearray(pdf.read_bytes())
    forged[len(forged) // 3] ^= 0x20
    (tmp_path / "forged.pdf").write_bytes(bytes(forged))
    page.get_by_label("Le fichier PDF de la décision").set_input_files(str(tmp_path / "forged.pdf"))
    page.get_by_role("button", name="Vérifier le fichier").click()
    assert "n'est pas la décision émise" in page.locator("main").inner_text()
    assert not mail.outbox  # decision emails wait for an official to send them

    # The refused carrier reads the reasons and the appeal routes on the dossier page, and
    # downloads the explanation of the algorithm with the dossier's own figures.
    carrier = CarrierFactory(organisation=second.organisation)
    log_in(page, carrier, base_url=live_server.url)
    second.refresh_from_db()
    page.goto(f"/dossiers/{second.public_id}/")
    outcome = page.locator("main").inner_text()
    assert "Motifs de la décision" in outcome and "Moins abouti que les projets retenus." in outcome
    assert "Télérecours citoyens" in outcome and "deux mois" in outcome
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'explication de l'algorithme (PDF)").click()
    explanation = pdf_text(download.value.path().read_bytes())
    assert second.reference in explanation and "L.311-3-1" in explanation
