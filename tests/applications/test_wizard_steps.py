"""The wizard's steps, one by one: what is saved, every wrong input with its French message,
and proof that nothing already saved is lost."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application, AuditEntry, BudgetLine, CoFunding, Departement
from tests.applications.carrier_support import carrier_with_draft, complete_draft, posted, step_url

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def draft(client, ami_call):
    carrier, application = carrier_with_draft(ami_call, title="Titre enregistré", partners="OFII")
    client.force_login(carrier)
    return application


def html_of(response):
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def reload(application):
    return Application.objects.get(pk=application.pk)


def five_departements():
    return [
        str(pk)
        for pk in Departement.objects.filter(code__in=["13", "59", "69", "75", "93"]).values_list("pk", flat=True)
    ]


def all_themes(call):
    return [str(pk) for pk in call.themes.values_list("pk", flat=True)]


# --------------------------------------------------------------------------------------------
# The stepper and navigation
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "key, number",
    [
        ("organisation", 1),
        ("project", 2),
        ("toolkit", 3),
        ("ambassadrices", 4),
        ("workshops", 5),
        ("budget", 6),
        ("documents", 7),
        ("summary", 8),
    ],
)
def test_each_step_shows_the_dsfr_stepper(client, draft, key, number):
    response = client.get(step_url(draft, key))
    html = html_of(response)
    assert response.status_code == 200
    assert 'class="fr-stepper"' in html
    assert f"Étape {number} sur 8" in html
    assert f'data-fr-current-step="{number}"' in html


def test_start_creates_a_draft_only_on_post(client, ami_call):
    carrier, _ = carrier_with_draft(ami_call)
    client.force_login(carrier)
    url = reverse("applications:start", kwargs={"slug": ami_call.slug})
    page = html_of(client.get(url))
    assert "Commencer un autre dossier" in page  # the existing draft is offered first
    assert Application.objects.filter(organisation=carrier.organisation).count() == 1
    response = client.post(url)
    application = Application.objects.filter(organisation=carrier.organisation).latest("pk")
    assert response["Location"] == step_url(application, "organisation")
    assert application.state == "draft" and application.created_by == carrier


def test_the_call_page_links_to_the_start_page(client, ami_call):
    html = client.get(reverse("call_detail", kwargs={"slug": ami_call.slug})).content.decode()
    assert reverse("applications:start", kwargs={"slug": ami_call.slug}) in html


def test_without_organisation_the_carrier_registers_it_first(client, ami_call):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    url = reverse("applications:start", kwargs={"slug": ami_call.slug})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisation_create"))
    assert "next=" in response["Location"]


# --------------------------------------------------------------------------------------------
# Step 2: the project
# --------------------------------------------------------------------------------------------
def test_project_draft_saves_what_is_typed(client, draft):
    data = posted(draft, "project", title="Passerelles égalité", action="draft")
    response = client.post(step_url(draft, "project"), data)
    assert response.status_code == 302 and response["Location"] == step_url(draft, "project")
    saved = reload(draft)
    assert saved.title == "Passerelles égalité"
    assert saved.partners == "OFII"
    assert saved.version == draft.version + 1
    entry = AuditEntry.objects.filter(application=draft, action="section_saved").get()
    assert entry.reason == "project" and "title" in entry.changes["fields"]


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"themes": "THREE"},
            "Cet appel attend que toutes les thématiques soient couvertes : cochez les 5 (vous en avez coché 3).",
        ),
        (
            {"departements": "SIX"},
            "Cet appel demande exactement 5 départements de déploiement (vous en avez choisi 6).",
        ),
        (
            {"departements": "TWO"},
            "Cet appel demande exactement 5 départements de déploiement (vous en avez choisi 2).",
        ),
        ({"departements": ["999999"]}, "Sélectionnez un choix valide."),
        ({"title": "x" * 201}, "Assurez-vous que cette valeur comporte au plus 200 caractères"),
    ],
)
def test_project_wrong_inputs_are_explained_and_nothing_is_lost(client, draft, ami_call, changes, message):
    departements = five_departements()
    extra = list(Departement.objects.filter(code="2A").values_list("pk", flat=True))
    values = {
        "THREE": all_themes(ami_call)[:3],
        "SIX": departements + [str(extra[0])],
        "TWO": departements[:2],
    }
    changes = {k: values.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    data = posted(draft, "project", summary="Nouveau résumé qui ne doit pas être perdu", action="continue", **changes)
    data.setdefault("themes", all_themes(ami_call))
    data.setdefault("departements", departements)
    response = client.post(step_url(draft, "project"), data)
    html = html_of(response)
    assert response.status_code == 200
    assert message in html
    assert "data-error-summary" in html  # the summary on top
    assert "Nouveau résumé qui ne doit pas être perdu" in html  # input kept on screen
    saved = reload(draft)
    assert (saved.title, saved.summary, saved.version) == ("Titre enregistré", "", draft.version)


def test_project_continue_with_missing_fields_saves_and_points_at_them(client, draft, ami_call):
    data = posted(draft, "project", summary="Un résumé", themes=all_themes(ami_call), action="continue")
    response = client.post(step_url(draft, "project"), data)
    html = html_of(response)
    assert response.status_code == 200
    assert "Votre saisie est enregistrée" in html
    assert "Choisissez les 5 départements de déploiement." in html
    saved = reload(draft)
    assert saved.summary == "Un résumé" and saved.themes.count() == 5


def test_project_continue_when_complete_goes_to_the_next_step(client, draft, ami_call):
    data = posted(
        draft,
        "project",
        summary="Un résumé",
        themes=all_themes(ami_call),
        departements=five_departements(),
        action="continue",
    )
    response = client.post(step_url(draft, "project"), data)
    assert response.status_code == 302 and response["Location"] == step_url(draft, "toolkit")
    assert reload(draft).departements.count() == 5


def test_fixed_departements_are_set_by_the_call(client, ami_call):
    ami_call.departements_fixed = True
    ami_call.save()
    ami_call.departements.set(Departement.objects.filter(code__in=["13", "59", "69", "75", "93"]))
    carrier, _ = carrier_with_draft(ami_call)
    client.force_login(carrier)
    client.post(reverse("applications:start", kwargs={"slug": ami_call.slug}))
    application = Application.objects.filter(organisation=carrier.organisation).latest("pk")
    assert application.departements.count() == 5
    html = html_of(client.get(step_url(application, "project")))
    assert "Les départements de déploiement sont fixés par l'appel" in html
    assert 'name="departements"' not in html


# --------------------------------------------------------------------------------------------
# Steps 3 to 5
# --------------------------------------------------------------------------------------------
def test_toolkit_step_saves(client, draft):
    data = posted(draft, "toolkit", toolkit_content="Livret et quiz", toolkit_licence="Etalab 2.0", action="draft")
    client.post(step_url(draft, "toolkit"), data)
    saved = reload(draft)
    assert (saved.toolkit_content, saved.toolkit_licence) == ("Livret et quiz", "Etalab 2.0")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("training_hours", "beaucoup", "Saisissez un nombre entier."),
        ("training_hours", "0", "Saisissez un nombre au moins égal à 1."),
        ("ambassadrices_per_departement", "-2", "Saisissez un nombre au moins égal à 1."),
    ],
)
def test_ambassadrices_wrong_numbers(client, draft, field, value, message):
    draft.training_content = "Déjà enregistré"
    draft.save()
    data = posted(draft, "ambassadrices", recruitment_channels="France Travail", action="draft", **{field: value})
    response = client.post(step_url(draft, "ambassadrices"), data)
    html = html_of(response)
    assert message in html and "France Travail" in html
    saved = reload(draft)
    assert saved.recruitment_channels == "" and saved.training_content == "Déjà enregistré"


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"start_date": "2025-09-01", "end_date": "2025-03-01"},
            "La date de fin (01/03/2025) doit être postérieure à la date de début (01/09/2025).",
        ),
        ({"start_date": "31/02/2025"}, "Saisissez une date, par exemple 15/09/2024."),
        ({"expected_participants": "0"}, "Saisissez un nombre au moins égal à 1."),
    ],
)
def test_workshops_wrong_inputs(client, draft, changes, message):
    draft.milestones = "Jalons enregistrés"
    draft.save()
    data = posted(draft, "workshops", referral_partners="OFII", action="draft", **changes)
    response = client.post(step_url(draft, "workshops"), data)
    assert message in html_of(response)
    saved = reload(draft)
    assert saved.referral_partners == "" and saved.milestones == "Jalons enregistrés"


def test_workshops_accept_french_dates(client, draft):
    data = posted(draft, "workshops", start_date="01/09/2025", end_date="31/08/2026", action="draft")
    client.post(step_url(draft, "workshops"), data)
    saved = reload(draft)
    assert (saved.start_date, saved.end_date) == (date(2025, 9, 1), date(2026, 8, 31))


# --------------------------------------------------------------------------------------------
# Step 6: budget
# --------------------------------------------------------------------------------------------
def budget_data(application, *, lines, cofundings=(), requested="", action="draft"):
    data = posted(application, "budget", requested_amount=requested, action=action)
    for prefix, rows, fields in (
        ("budget", lines, ("category", "label", "amount")),
        ("cofunding", cofundings, ("source", "amount", "status")),
    ):
        existing = int(data[f"{prefix}-INITIAL_FORMS"])
        total = max(existing, len(rows))
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
        for index, row in enumerate(rows):
            for name, value in zip(fields, row, strict=True):
                data[f"{prefix}-{index}-{name}"] = value
    return data


GOOD_LINES = [("personnel", "Coordination", "30 000"), ("training", "Formation", "20 000,50")]


def test_budget_saves_lines_cofunding_and_request(client, draft):
    data = budget_data(
        draft, lines=GOOD_LINES, cofundings=[("Ville de Lille", "5 000,50", "obtained")], requested="45 000"
    )
    response = client.post(step_url(draft, "budget"), data)
    assert response.status_code == 302
    saved = reload(draft)
    assert saved.requested_amount == Decimal("45000")
    assert sorted(saved.budget_lines.values_list("amount", flat=True)) == [Decimal("20000.50"), Decimal("30000")]
    assert saved.cofundings.get().amount == Decimal("5000.50")
    page = html_of(client.get(step_url(draft, "budget")))
    assert f"50{NBSP}000,50{NBSP}€" in page  # the saved total


@pytest.mark.parametrize(
    "lines, cofundings, requested, message",
    [
        (
            GOOD_LINES,
            [],
            "45 000",
            "Le coût total des lignes de budget (50\u00a0000,50\u00a0€) doit être égal au montant demandé "
            "(45\u00a0000,00\u00a0€) plus les cofinancements (0,00\u00a0€), soit 45\u00a0000,00\u00a0€. "
            "L'écart est de 5\u00a0000,50\u00a0€.",
        ),
        (
            [("personnel", "Coordination", "150 000")],
            [],
            "150 000",
            "Le montant demandé (150\u00a0000,00\u00a0€) dépasse l'enveloppe totale de l'appel (100\u00a0000,00\u00a0€)",
        ),
        (GOOD_LINES, [], "0", "Le montant demandé doit être supérieur à zéro."),
        (GOOD_LINES, [], "-10", "Le montant demandé doit être supérieur à zéro."),
        (GOOD_LINES, [], "quarante mille", "Saisissez un montant en euros, par exemple 45 000 ou 45 000,50."),
        ([("personnel", "Coordination", "trente")], [], "", "Saisissez un montant en euros"),
        ([("personnel", "Coordination", "-5")], [], "", "Saisissez un montant supérieur à zéro."),
        ([("personnel", "", "500")], [], "", "Ce champ est obligatoire."),
        ([("", "Sans catégorie", "500")], [], "", "Ce champ est obligatoire."),
        (GOOD_LINES, [("Région", "3 000", "")], "", "Ce champ est obligatoire."),
    ],
)
def test_budget_wrong_inputs_explain_the_numbers_and_lose_nothing(client, draft, lines, cofundings, requested, message):
    # Something is already saved, in this step and in another one.
    client.post(
        step_url(draft, "budget"), budget_data(draft, lines=[("travel", "Déplacements", "1 000")], requested="1000")
    )
    before = reload(draft)
    assert before.budget_lines.count() == 1
    response = client.post(
        step_url(draft, "budget"), budget_data(before, lines=lines, cofundings=cofundings, requested=requested)
    )
    html = html_of(response)
    assert response.status_code == 200
    assert message in html
    assert "data-error-summary" in html
    after = reload(draft)
    assert after.version == before.version
    assert after.requested_amount == Decimal("1000")
    assert list(after.budget_lines.values_list("label", "amount")) == [("Déplacements", Decimal("1000"))]
    assert after.title == "Titre enregistré"


def test_budget_with_funding_rate_and_required_cofunding(client, draft, ami_call):
    ami_call.max_funding_rate = 80
    ami_call.cofunding_required = True
    ami_call.save()
    response = client.post(
        step_url(draft, "budget"),
        budget_data(draft, lines=[("personnel", "Coordination", "50 000")], requested="50 000", action="continue"),
    )
    html = html_of(response)
    assert (
        "Cet appel finance au plus 80 % du coût total : pour un coût total de 50\u00a0000,00\u00a0€, vous pouvez "
        "demander au plus 40\u00a0000,00\u00a0€ (vous demandez 50\u00a0000,00\u00a0€)." in html
    )
    assert not BudgetLine.objects.filter(application=draft).exists()
    response = client.post(
        step_url(draft, "budget"),
        budget_data(
            draft,
            lines=[("personnel", "Coordination", "50 000")],
            cofundings=[("Département", "10 000", "requested")],
            requested="40 000",
            action="continue",
        ),
    )
    assert response.status_code == 302 and response["Location"] == step_url(draft, "documents")
    assert CoFunding.objects.filter(application=draft).count() == 1


def test_required_cofunding_is_asked_before_going_on(client, draft, ami_call):
    ami_call.cofunding_required = True
    ami_call.save()
    response = client.post(
        step_url(draft, "budget"),
        budget_data(draft, lines=[("personnel", "Coordination", "50 000")], requested="50 000", action="continue"),
    )
    html = html_of(response)
    assert "Votre saisie est enregistrée" in html
    assert "Cet appel exige un cofinancement : ajoutez au moins un cofinanceur." in html


def test_budget_line_can_be_deleted(client, draft):
    client.post(step_url(draft, "budget"), budget_data(draft, lines=GOOD_LINES, requested="50 000,50"))
    data = budget_data(reload(draft), lines=[], requested="30 000")
    data["budget-1-DELETE"] = "on"
    response = client.post(step_url(draft, "budget"), data)
    assert response.status_code == 302
    assert list(reload(draft).budget_lines.values_list("label", flat=True)) == ["Coordination"]


# --------------------------------------------------------------------------------------------
# Step 1: organisation
# --------------------------------------------------------------------------------------------
def test_organisation_step_confirms_and_saves(client, draft):
    data = posted(draft, "organisation", city="Roubaix", postcode="59100", confirmed="on", action="continue")
    data["departement"] = str(Departement.objects.get(code="59").pk)
    response = client.post(step_url(draft, "organisation"), data)
    assert response.status_code == 302 and response["Location"] == step_url(draft, "project")
    saved = reload(draft)
    assert saved.organisation_confirmed_at is not None
    assert saved.organisation.city == "Roubaix"


def test_organisation_step_refuses_a_wrong_siret_and_changes_nothing(client, draft):
    data = posted(draft, "organisation", siret="12345678901234", city="Roubaix", confirmed="on", action="continue")
    response = client.post(step_url(draft, "organisation"), data)
    html = html_of(response)
    assert "Les 9 premiers chiffres (le SIREN) de ce numéro SIRET ne sont pas valides." in html
    assert "Roubaix" in html
    saved = reload(draft)
    assert saved.organisation_confirmed_at is None and saved.organisation.city == "Paris"


def test_organisation_step_needs_the_confirmation_to_go_on(client, draft):
    data = posted(draft, "organisation", action="continue")
    response = client.post(step_url(draft, "organisation"), data)
    assert "Cochez cette case pour confirmer les informations de votre organisme." in html_of(response)


def test_ineligible_legal_form_is_said_at_step_one(client, draft):
    data = posted(draft, "organisation", legal_form="other", confirmed="on", action="continue")
    response = client.post(step_url(draft, "organisation"), data)
    assert "n'est pas éligible à cet appel" in html_of(response)


# --------------------------------------------------------------------------------------------
# Two people at once
# --------------------------------------------------------------------------------------------
def test_second_concurrent_save_is_refused_and_its_input_kept(client, draft):
    from django.test import Client

    from tests.factories import UserFactory

    colleague = UserFactory(organisation=draft.organisation, first_name="Karim", last_name="Benali")
    other = Client()
    other.force_login(colleague)
    # Both open the step: same version.
    mine = posted(draft, "project", title="Ma version", action="draft")
    theirs = posted(draft, "project", title="Version de Karim", action="draft")
    assert other.post(step_url(draft, "project"), theirs).status_code == 302
    response = client.post(step_url(draft, "project"), mine)
    html = html_of(response)
    assert response.status_code == 200
    assert "Vos modifications n'ont pas été enregistrées" in html
    assert "Karim Benali" in html
    assert 'value="Ma version"' in html
    assert reload(draft).title == "Version de Karim"
    # Saving again from that page is a conscious choice: it now replaces the other version.
    current_version = reload(draft).version
    assert f'name="version" value="{current_version}"' in html
    mine["version"] = str(current_version)
    assert client.post(step_url(draft, "project"), mine).status_code == 302
    assert reload(draft).title == "Ma version"


# --------------------------------------------------------------------------------------------
# After submission
# --------------------------------------------------------------------------------------------
def test_a_submitted_dossier_is_read_only(client, ami_call):
    from applications import submission

    carrier, application = complete_draft(ami_call)
    submission.submit_application(application=application, user=carrier, sworn_statement=True)
    client.force_login(carrier)
    data = posted(application, "project", title="Modification tardive", action="draft")
    response = client.post(step_url(application, "project"), data)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert reload(application).title != "Modification tardive"
    assert client.get(step_url(application, "budget")).status_code == 302


def test_a_refused_input_does_not_show_as_saved_around_the_form(client, draft, ami_call):
    data = posted(draft, "project", title="Titre refusé", themes=all_themes(ami_call)[:2], action="draft")
    html = html_of(client.post(step_url(draft, "project"), data))
    assert 'value="Titre refusé"' in html  # in the form, to correct it
    assert '<h1 class="fr-h3">Titre enregistré</h1>' in html  # the page heading shows what is saved
