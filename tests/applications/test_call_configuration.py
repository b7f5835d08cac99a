from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Call, Criterion, Departement, RequiredDocument
from tests.factories import CallFactory, CriterionFactory, RequiredDocumentFactory

pytestmark = pytest.mark.django_db


def test_all_101_departements_are_loaded_with_insee_codes():
    codes = set(Departement.objects.values_list("code", flat=True))
    assert len(codes) == 101
    assert {"01", "2A", "2B", "95", "971", "972", "973", "974", "976"} <= codes
    assert "20" not in codes and "975" not in codes
    assert Departement.objects.get(code="2A").name == "Corse-du-Sud"


def test_load_ami_creates_the_call_with_the_facts_of_the_announcement():
    call_command("load_ami")
    call = Call.objects.get(slug="ambassadrices-egalite")
    assert "Ambassadrices de l'égalité" in call.title
    assert call.budget_envelope == Decimal("100000.00")
    assert call.max_selected == 2
    assert call.departement_count == 5
    assert call.status == Call.Status.PUBLISHED
    assert "DGEF" in call.issuing_bodies and "SDFE" in call.issuing_bodies
    assert "Toutes et tous égaux" in call.framework
    assert [t.title.split(",")[0] for t in call.themes.order_by("position")][1].startswith("Les violences")
    assert call.themes.count() == 5
    assert call.criteria.count() >= 5
    assert all(c.weight > 0 for c in call.criteria.all())
    assert call.required_documents.filter(mandatory=True).count() >= 4
    assert call.is_open
    assert timedelta(days=27) < call.closes_at - call.opens_at <= timedelta(weeks=4)


def test_load_ami_twice_still_gives_one_call_with_one_configuration():
    call_command("load_ami")
    call_command("load_ami")
    assert Call.objects.filter(slug="ambassadrices-egalite").count() == 1
    call = Call.objects.get()
    assert call.themes.count() == 5
    assert call.criteria.count() == Criterion.objects.count()
    assert call.required_documents.count() == RequiredDocument.objects.count()


def test_load_ami_takes_real_dates_in_paris_time():
    call_command("load_ami", opens="2024-03-08T09:00", closes="2024-04-15T12:00")
    call = Call.objects.get()
    paris = timezone.get_default_timezone()
    assert call.opens_at.astimezone(paris).hour == 9
    # 15 April 2024 is in summer time: noon in Paris is 10:00 UTC.
    assert call.closes_at.astimezone(UTC).hour == 10


def test_load_ami_refuses_closing_before_opening():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="postérieure"):
        call_command("load_ami", opens="2024-04-15T12:00", closes="2024-03-08T09:00")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("budget_envelope", Decimal("-1"), "supérieure à zéro"),
        ("budget_envelope", Decimal("0"), "supérieure à zéro"),
        ("max_selected", 0, "Au moins un porteur"),
    ],
)
def test_call_constraints_refuse_bad_configuration(field, value, message):
    call = CallFactory.build(**{field: value})
    with pytest.raises(ValidationError) as excinfo:
        call.full_clean()
    assert message in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        call.save()


def test_call_closing_before_opening_is_refused_by_validation_and_database():
    now = timezone.now()
    call = CallFactory.build(opens_at=now, closes_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError, match="date de clôture doit être postérieure"):
        call.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        call.save()


def test_zero_weight_criterion_is_refused():
    call = CallFactory()
    criterion = CriterionFactory.build(call=call, weight=Decimal("0"))
    with pytest.raises(ValidationError, match="pondération d.un critère doit être supérieure à zéro"):
        criterion.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        criterion.save()


def test_required_document_needs_known_file_types():
    document = RequiredDocumentFactory.build(call=CallFactory(), accepted_types=["exe"])
    with pytest.raises(ValidationError, match="Choisissez les types de fichiers"):
        document.full_clean()


def test_call_phase_follows_the_clock():
    now = timezone.now()
    assert CallFactory(opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2)).phase == "upcoming"
    assert CallFactory(opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1)).phase == "closed"
    assert CallFactory().phase == "open"
