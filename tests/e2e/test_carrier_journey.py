"""The whole carrier journey in Chromium, as a new user would go through it: from the call page
to a submitted dossier, its receipt, and « Mes dossiers »."""

import re

import pytest
from django.core import mail

from applications.demo_stages import tiny_pdf
from applications.models import Application, Organisation, User
from tests.pdf_support import pdf_text

# live_server needs real transactions; serialized_rollback restores what migrations load (départements).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "awa.diallo@femmes-en-reseau.example.org"
PASSWORD = "Egalite-Ambassadrices-2024"


@pytest.fixture
def ami(transactional_db):
    from applications.departements import DEPARTEMENTS
    from applications.management.commands.load_ami import load_ami
    from applications.models import Departement

    # Another transactional test may have flushed what the data migration loaded.
    for code, name in DEPARTEMENTS:
        Departement.objects.get_or_create(code=code, defaults={"name": name})
    return load_ami()


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def tick(locator):
    """DSFR draws its own boxes: the label receives the click, as it does for a person."""
    locator.check(force=True)
    assert locator.is_checked()


def click_continue(page):
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state()


def test_a_new_carrier_applies_from_the_call_page_to_the_receipt(page, ami, tmp_path):
    mail.outbox.clear()
    # The call page leads to the sign-in, then to the sign-up.
    page.goto(f"/appels/{ami.slug}/")
    page.get_by_role("link", name="Déposer un dossier").click()
    assert "/compte/connexion/" in page.url
    page.get_by_role("link", name="Créer un compte").last.click()
    page.fill("#id_email", EMAIL)
    page.fill("#id_first_name", "Awa")
    page.fill("#id_last_name", "Diallo")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("heading", name="Consultez votre messagerie").wait_for()

    # The verification link comes by email.
    (message,) = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto(path_of(link))
    page.get_by_role("heading", name="Inscrire votre organisme").wait_for()
    assert User.objects.get(email=EMAIL).email_verified_at is not None

    # The organisation.
    page.fill("#id_name", "Femmes en réseau")
    page.fill("#id_siret", "732 829 320 00074")
    page.select_option("#id_legal_form", "association")
    page.fill("#id_rna", "W593001234")
    page.fill("#id_year_created", "2004")
    page.fill("#id_address", "12 rue Nationale")
    page.fill("#id_postcode", "59000")
    page.fill("#id_city", "Lille")
    page.select_option("#id_departement", label="59 – Nord")
    page.fill("#id_representative_name", "Fatou Traoré")
    page.fill("#id_representative_role", "Présidente")
    page.fill("#id_contact_name", "Awa Diallo")
    page.fill("#id_contact_email", "contact@femmes-en-reseau.example.org")
    page.fill("#id_contact_phone", "03 20 00 00 00")
    page.fill("#id_annual_budget", "185 000")
    page.fill("#id_staff_count", "4")
    page.fill("#id_volunteer_count", "35")
    page.fill("#id_experience", "Vingt ans d'ateliers d'accès aux droits avec des femmes primo-arrivantes.")
    tick(page.locator("#id_republican_commitment"))
    page.get_by_role("button", name="Inscrire l'organisme").click()
    page.get_by_role("heading", name="Déposer un dossier").wait_for()
    assert Organisation.objects.get().members.get().email == EMAIL

    # Start the dossier; step 1 confirms the organisation.
    page.get_by_role("button", name="Commencer mon dossier").click()
    page.get_by_text("Étape 1 sur 8").wait_for()
    tick(page.locator("#id_confirmed"))
    click_continue(page)

    # Step 2: the project. A wrong number of départements is explained, then corrected.
    page.get_by_text("Étape 2 sur 8").wait_for()
    page.fill("#id_title", "Passerelles pour l'égalité")
    page.fill("#id_summary", "Former des ambassadrices et animer des ateliers dans cinq départements.")
    for checkbox in page.locator("input[name=themes]").all():
        tick(checkbox)
    for code in ["13", "59", "62", "69"]:
        tick(page.get_by_label(re.compile(rf"^{code} – ")))
    page.fill("#id_partners", "OFII Lille, préfecture du Nord, centres sociaux.")
    click_continue(page)
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "vous en avez choisi 4" in summary.inner_text()
    assert page.input_value("#id_title") == "Passerelles pour l'égalité"  # nothing typed is lost
    tick(page.get_by_label(re.compile(r"^75 – ")))
    click_continue(page)

    # Step 3: the toolkit.
    page.get_by_text("Étape 3 sur 8").wait_for()
    for field, value in {
        "toolkit_content": "Livret, fiches thématiques et quiz.",
        "toolkit_formats": "Imprimé et PDF accessible.",
        "toolkit_languages": "français, arabe, anglais",
        "toolkit_accessibility": "Langage clair et pictogrammes.",
        "toolkit_licence": "Licence Ouverte Etalab 2.0",
        "toolkit_ambassadrices_involvement": "Quatre ateliers de co-conception.",
    }.items():
        page.fill(f"#id_{field}", value)
    click_continue(page)

    # Step 4: the ambassadrices.
    page.get_by_text("Étape 4 sur 8").wait_for()
    page.fill("#id_ambassadrices_per_departement", "3")
    page.fill("#id_recruitment_channels", "Réseau associatif et France Travail.")
    page.fill("#id_eligibility_checks", "Titre de séjour de plus de cinq ans, entretien en français.")
    page.fill("#id_training_hours", "40")
    page.fill("#id_training_content", "Droits des femmes, animation de groupe.")
    page.fill("#id_compensation", "Vacations de 25 € de l'heure.")
    page.fill("#id_employment_support", "Attestation de formation et mise en relation.")
    click_continue(page)

    # Step 5: workshops.
    page.get_by_text("Étape 5 sur 8").wait_for()
    page.fill("#id_workshops_per_theme_per_departement", "4")
    page.fill("#id_expected_participants", "600")
    page.fill("#id_referral_partners", "OFII et structures d'hébergement.")
    page.fill("#id_workshop_formats", "Ateliers de deux heures.")
    page.fill("#id_start_date", "2025-09-01")
    page.fill("#id_end_date", "2026-08-31")
    page.fill("#id_milestones", "Recrutement, formation, ateliers.")
    page.fill("#id_evaluation_indicators", "Participants, questionnaires.")
    click_continue(page)

    # Step 6: budget, with live totals; a total that does not add up is explained.
    page.get_by_text("Étape 6 sur 8").wait_for()
    page.select_option("#id_budget-0-category", "personnel")
    page.fill("#id_budget-0-label", "Coordination")
    page.fill("#id_budget-0-amount", "30 000")
    page.select_option("#id_budget-1-category", "ambassadrices")
    page.fill("#id_budget-1-label", "Vacations des ambassadrices")
    page.fill("#id_budget-1-amount", "25 000")
    page.fill("#id_cofunding-0-source", "Ville de Lille")
    page.fill("#id_cofunding-0-amount", "5 000")
    page.select_option("#id_cofunding-0-status", "obtained")
    assert page.locator('[data-total="expected"]').inner_text().replace("\u202f", " ").startswith("50 000,00")
    page.fill("#id_requested_amount", "45 000")
    click_continue(page)
    assert "L'écart est de" in page.locator("[data-error-summary]").inner_text()
    page.fill("#id_requested_amount", "50 000")
    click_continue(page)

    # Step 7: documents, each on its own.
    page.get_by_text("Étape 7 sur 8").wait_for()
    for document in ami.required_documents.filter(mandatory=True).order_by("position"):
        section = page.locator(f"#document-{document.pk}")
        section.locator("input[type=file]").set_input_files(
            files=[
                {
                    "name": f"piece-{document.position}.pdf",
                    "mimeType": "application/pdf",
                    "buffer": tiny_pdf(document.label[:30].encode("latin-1", "replace").decode("latin-1")),
                }
            ]
        )
        section.get_by_role("button", name=re.compile("^Déposer")).click()
        page.wait_for_load_state()
        page.locator(f"#document-{document.pk}").get_by_text(f"piece-{document.position}.pdf").wait_for()
    page.get_by_role("link", name="Continuer").click()

    # Step 8: summary, sworn statement, submission.
    page.get_by_text("Étape 8 sur 8").wait_for()
    page.get_by_text("Toutes les parties sont complètes").wait_for()
    tick(page.locator("#id_sworn_statement"))
    page.get_by_role("button", name="Déposer le dossier").click()
    page.get_by_text("Votre dossier est déposé sous la référence AMI-2024-EGALITE-0001").wait_for()

    application = Application.objects.get()
    assert application.state == "submitted" and application.reference == "AMI-2024-EGALITE-0001"

    # The receipt downloads and lists every file's fingerprint.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger l'attestation de dépôt (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "attestation-de-depot-AMI-2024-EGALITE-0001.pdf"
    target = tmp_path / "receipt.pdf"
    download.save_as(target)
    text = pdf_text(target.read_bytes())
    for attachment in application.attachments.all():
        assert attachment.sha256 in text
    assert any(m.attachments for m in mail.outbox if m.to == [EMAIL])  # and it came by email

    # « Mes dossiers » shows it.
    page.get_by_role("link", name="Mes dossiers").first.click()
    row = page.locator("tr", has_text="AMI-2024-EGALITE-0001")
    row.wait_for()
    assert "Déposé" in row.text_content()
