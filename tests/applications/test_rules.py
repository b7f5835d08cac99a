"""The per-call rules, with the numbers in their messages (French)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from applications import rules
from applications.models import Call, Organisation

NBSP = "\u00a0"


def make_call(**overrides):
    values = {
        "budget_envelope": Decimal("100000.00"),
        "departement_count": 5,
        "departements_fixed": False,
        "require_all_themes": True,
        "cofunding_required": False,
        "max_funding_rate": 100,
        "eligible_legal_forms": ["association"],
    }
    values.update(overrides)
    return Call(**values)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("200000"), places=2)


@settings(max_examples=300, deadline=None)
@given(requested=amounts, cofunding=st.decimals(min_value=0, max_value=Decimal("50000"), places=2), gap=amounts)
def test_budget_holds_exactly_when_total_is_request_plus_cofunding_within_envelope(requested, cofunding, gap):
    call = make_call()
    balanced = rules.budget_problems(
        call,
        requested=requested,
        total_cost=requested + cofunding,
        cofunding=cofunding,
        line_count=3,
        cofunding_count=1,
    )
    assert (balanced == []) == (requested <= call.budget_envelope)
    unbalanced = rules.budget_problems(
        call,
        requested=requested,
        total_cost=requested + cofunding + gap,
        cofunding=cofunding,
        line_count=3,
        cofunding_count=1,
    )
    assert unbalanced, "a total that does not add up is always refused"


@settings(max_examples=200, deadline=None)
@given(total=amounts, rate=st.integers(min_value=1, max_value=99), requested=amounts)
def test_funding_rate_caps_the_request(total, rate, requested):
    call = make_call(max_funding_rate=rate, budget_envelope=Decimal("10000000"))
    cofunding = total - requested
    if cofunding < 0:
        return
    problems = rules.budget_problems(
        call, requested=requested, total_cost=total, cofunding=cofunding, line_count=1, cofunding_count=1
    )
    assert (problems == []) == (requested <= rules.max_requested_for(call, total))


def test_budget_errors_explain_the_numbers_in_euros():
    (problem,) = rules.budget_problems(
        make_call(),
        requested=Decimal("45000"),
        total_cost=Decimal("52000"),
        cofunding=Decimal("5000"),
        line_count=2,
        cofunding_count=1,
    )
    assert problem.field == "requested_amount"
    assert f"52{NBSP}000,00{NBSP}€" in problem.message
    assert f"45{NBSP}000,00{NBSP}€" in problem.message
    assert f"50{NBSP}000,00{NBSP}€" in problem.message  # what it should be
    assert f"L'écart est de 2{NBSP}000,00{NBSP}€" in problem.message


def test_request_above_the_envelope_names_the_envelope():
    (problem,) = rules.budget_problems(
        make_call(),
        requested=Decimal("120000"),
        total_cost=Decimal("120000"),
        cofunding=Decimal("0"),
        line_count=1,
        cofunding_count=0,
    )
    assert "dépasse l'enveloppe totale de l'appel" in problem.message
    assert f"100{NBSP}000,00{NBSP}€" in problem.message


@pytest.mark.parametrize("requested", [Decimal("0"), Decimal("-5")])
def test_request_must_be_positive(requested):
    problems = rules.budget_problems(
        make_call(),
        requested=requested,
        total_cost=Decimal("10"),
        cofunding=Decimal("0"),
        line_count=1,
        cofunding_count=0,
    )
    assert [p.message for p in problems] == ["Le montant demandé doit être supérieur à zéro."]


def test_draft_budget_may_be_incomplete_but_not_wrong():
    call = make_call(cofunding_required=True)
    incomplete = dict(requested=None, total_cost=Decimal("0"), cofunding=Decimal("0"), line_count=0, cofunding_count=0)
    assert rules.budget_problems(call, draft=True, **incomplete) == []
    assert {p.field for p in rules.budget_problems(call, **incomplete)} == {"requested_amount", "budget", "cofunding"}
    wrong = dict(
        requested=Decimal("200000"), total_cost=Decimal("0"), cofunding=Decimal("0"), line_count=0, cofunding_count=0
    )
    assert rules.budget_problems(call, draft=True, **wrong)


def test_funding_rate_message():
    (problem,) = rules.budget_problems(
        make_call(max_funding_rate=80),
        requested=Decimal("45000"),
        total_cost=Decimal("50000"),
        cofunding=Decimal("5000"),
        line_count=1,
        cofunding_count=1,
    )
    assert problem.message.startswith("Cet appel finance au plus 80 % du coût total")
    assert f"au plus 40{NBSP}000,00{NBSP}€" in problem.message


def test_cofunding_required():
    problems = rules.budget_problems(
        make_call(cofunding_required=True),
        requested=Decimal("100"),
        total_cost=Decimal("100"),
        cofunding=Decimal("0"),
        line_count=1,
        cofunding_count=0,
    )
    assert [p.message for p in problems] == ["Cet appel exige un cofinancement : ajoutez au moins un cofinanceur."]


def test_themes_rule_is_per_call():
    assert rules.theme_problems(make_call(), chosen=3, available=5)[0].message == (
        "Cet appel attend que toutes les thématiques soient couvertes : cochez les 5 (vous en avez coché 3)."
    )
    assert rules.theme_problems(make_call(require_all_themes=False), chosen=3, available=5) == []
    assert rules.theme_problems(make_call(), chosen=0, available=5, draft=True) == []
    assert rules.theme_problems(make_call(require_all_themes=False), chosen=0, available=5)


@pytest.mark.parametrize(
    "chosen, message",
    [
        (3, "Cet appel demande exactement 5 départements de déploiement (vous en avez choisi 3)."),
        (6, "Cet appel demande exactement 5 départements de déploiement (vous en avez choisi 6)."),
        (0, "Choisissez les 5 départements de déploiement."),
    ],
)
def test_departements_rule(chosen, message):
    assert [p.message for p in rules.departement_problems(make_call(), chosen=chosen)] == [message]


def test_departements_rule_accepts_the_count_and_ignores_fixed_calls():
    assert rules.departement_problems(make_call(), chosen=5) == []
    assert rules.departement_problems(make_call(departements_fixed=True), chosen=0) == []


def test_legal_form_rule():
    organisation = Organisation(legal_form=Organisation.LegalForm.OTHER)
    (problem,) = rules.legal_form_problems(make_call(eligible_legal_forms=["association", "foundation"]), organisation)
    assert "n'est pas éligible à cet appel" in problem.message
    assert rules.legal_form_problems(make_call(eligible_legal_forms=[]), organisation) == []
