"""A call's envelope and cap cannot be lowered below what is already decided; gauges sound the alarm."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import roles
from applications.models import Call
from review.decisions import validate_proposal
from review.models import Proposal
from review.selection import gauge, propose
from tests.applications.test_call_configuration import call_form
from tests.factories import StaffFactory

from .decision_helpers import committee_member, official, reviewed_dossier, signature, small_call

SELECTED = Proposal.Outcome.SELECTED


def select_two(call):
    member = committee_member()
    first = propose(application=reviewed_dossier(call, requested="45000"), outcome=SELECTED, by=member)
    second = propose(application=reviewed_dossier(call, requested="30000"), outcome=SELECTED, by=member)
    return first, second


@pytest.mark.django_db
def test_saving_a_call_below_what_is_awarded_or_selected_is_refused_with_the_figures():
    call = small_call(budget_envelope=Decimal("100000"), max_selected=2)
    first, _second = select_two(call)
    validate_proposal(proposal=first, signature=signature(), by=official())

    call.budget_envelope = Decimal("70000")
    call.max_selected = 1
    with pytest.raises(ValidationError) as refused:
        call.save()
    errors = refused.value.message_dict
    assert errors["budget_envelope"] == [
        "75\u00a0000,00\u00a0€ sont déjà attribués dans cet appel : l'enveloppe ne peut pas être ramenée à "
        "70\u00a0000,00\u00a0€, soit 5\u00a0000,00\u00a0€ de moins. Corrigez d'abord les décisions ou la sélection."
    ]
    assert "2 porteurs sont déjà retenus" in errors["max_selected"][0]
    call.refresh_from_db()
    assert call.budget_envelope == Decimal("100000") and call.max_selected == 2

    call.budget_envelope, call.max_selected = Decimal("75000"), 2  # exactly what is committed: allowed
    call.save()
    call.title = "Titre corrigé"
    call.save(update_fields=["title"])


@pytest.mark.django_db
def test_the_call_admin_form_shows_the_refusal_next_to_the_field(client, ami_call):
    Call.objects.filter(pk=ami_call.pk).update(reviewers_per_application=2)
    select_two(ami_call)
    client.force_login(StaffFactory(role=roles.ADMINISTRATOR))
    url, data = call_form(client, ami_call)
    data.update({"budget_envelope": ["50000"], "max_selected": ["1"], "_save": ["Enregistrer"]})
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "75\u00a0000,00\u00a0€ sont déjà attribués" in form.errors["budget_envelope"][0]
    assert "25\u00a0000,00\u00a0€ de moins" in form.errors["budget_envelope"][0]
    assert "ne peut pas être ramené à 1" in form.errors["max_selected"][0]
    html = response.content.decode()
    assert 'id="id_budget_envelope_error"' in html and 'href="#id_budget_envelope"' in html
    ami_call.refresh_from_db()
    assert ami_call.budget_envelope == Decimal("100000")


@pytest.mark.django_db
def test_the_gauges_sound_the_alarm_in_words_when_exceeded_by_any_path(client):
    call = small_call(budget_envelope=Decimal("100000"), max_selected=2)
    select_two(call)
    Call.objects.filter(pk=call.pk).update(budget_envelope=Decimal("60000"), max_selected=1)  # around the rules
    call.refresh_from_db()
    assert not gauge(call).within_rules

    client.force_login(committee_member())
    response = client.get(reverse("admin:review_selectioncall_change", args=[call.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ami-gauges--alarm" in html and 'class="ami-gauge-alarm" role="alert"' in html
    assert "Alerte : la sélection enfreint les règles de l'appel" in html
    assert "L'enveloppe est dépassée de 15\u00a0000,00\u00a0€" in html
    assert "Le plafond est dépassé de 1" in html
    # The gauge's own line says the excess, never a negative « remaining ».
    assert "75 000,00 € attribués sur 60 000,00 € — dépassement de 15 000,00 €" in html
    assert "restants" not in html.split("data-envelope-text", 1)[1].split("</p>", 1)[0]


@pytest.mark.django_db
def test_gauges_within_the_rules_raise_no_alarm(client):
    call = small_call(budget_envelope=Decimal("100000"), max_selected=2)
    select_two(call)
    client.force_login(committee_member())
    html = client.get(reverse("admin:review_selectioncall_change", args=[call.pk])).content.decode()
    assert "ami-gauges--alarm" not in html and "ami-gauge-alarm" not in html
