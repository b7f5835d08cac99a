from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications import roles
from applications.models import Call, Criterion, Departement, RequiredDocument
from tests.factories import CallFactory, CriterionFactory, RequiredDocumentFactory, StaffFactory, ThemeFactory

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


# --- the call's admin form (applications/admin.py), as a browser sends it -------------------------


class _FormFields(HTMLParser):
    """The name/value pairs a browser would send for one form of a page (no script involved)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.pairs = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "image", "reset", "file"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.pairs.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.pairs.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.pairs.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_data(html: str, form_id: str) -> dict:
    parser = _FormFields(form_id)
    parser.feed(html)
    data: dict = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value.removeprefix("\n"))  # the newline HTML drops after <textarea>
    return data


@pytest.fixture
def admin_client_for_calls(client):
    client.force_login(StaffFactory(role=roles.ADMINISTRATOR))
    return client


def call_form(client, call) -> tuple[str, dict]:
    url = reverse("admin:applications_call_change", args=[call.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response.content.decode(), "call_form")


def test_call_admin_form_saves_the_call_through_its_labelled_widgets_in_paris_time(admin_client_for_calls, ami_call):
    url, data = call_form(admin_client_for_calls, ami_call)
    criteria = list(ami_call.criteria.values_list("label", "weight"))
    data.update(
        {
            # What an administrator types in the date and time inputs, in French formats, Paris time.
            "opens_at_0": ["08/03/2027"],
            "opens_at_1": ["09:00"],
            "closes_at_0": ["15/04/2027"],
            "closes_at_1": ["12:00"],
            "eligible_legal_forms": ["association", "foundation"],
            "departements": [str(Departement.objects.get(code=code).pk) for code in ("2A", "75")],
            "required_documents-0-accepted_types": ["pdf", "odt"],
            "_save": ["Enregistrer"],
        }
    )
    response = admin_client_for_calls.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    ami_call.refresh_from_db()
    # 8 March 2027 is in winter time (UTC+1), 15 April 2027 in summer time (UTC+2).
    assert ami_call.opens_at == datetime(2027, 3, 8, 8, 0, tzinfo=UTC)
    assert ami_call.closes_at == datetime(2027, 4, 15, 10, 0, tzinfo=UTC)
    assert ami_call.eligible_legal_forms == ["association", "foundation"]
    assert sorted(ami_call.departements.values_list("code", flat=True)) == ["2A", "75"]
    assert ami_call.required_documents.order_by("position").first().accepted_types == ["pdf", "odt"]
    assert list(ami_call.criteria.values_list("label", "weight")) == criteria


def test_call_admin_form_shows_its_errors_next_to_their_fields_in_french(admin_client_for_calls, ami_call):
    url, data = call_form(admin_client_for_calls, ami_call)
    data.update(
        {
            "opens_at_0": ["15/04/2027"],
            "opens_at_1": ["09:00"],
            "closes_at_0": ["14/04/2027"],
            "closes_at_1": ["12:00"],
            "criteria-0-weight": ["0"],
            "required_documents-0-accepted_types": [],
            "_save": ["Enregistrer"],
        }
    )
    response = admin_client_for_calls.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"closes_at": ["La date de clôture doit être postérieure à la date d'ouverture."]}
    criteria, documents = (f.formset for f in response.context["inline_admin_formsets"][1:3])
    assert criteria.forms[0].errors == {"weight": ["La pondération d'un critère doit être supérieure à zéro."]}
    assert documents.forms[0].errors == {
        "accepted_types": ["Choisissez les types de fichiers parmi : pdf, odt, docx, ods, xlsx, png, jpeg."]
    }
    html = response.content.decode()
    # Each message sits next to its field with the id its inputs point at, and the summary links to the field.
    assert 'id="id_closes_at_error"' in html and 'aria-describedby="id_closes_at_0_format id_closes_at_error"' in html
    assert 'id="id_criteria-0-weight_error"' in html
    assert 'href="#id_closes_at"' in html and 'href="#id_criteria-0-weight"' in html
    assert 'href="#id_required_documents-0-accepted_types"' in html
    ami_call.refresh_from_db()
    assert ami_call.closes_at > ami_call.opens_at
    assert not Criterion.objects.filter(weight=0).exists()


def test_call_admin_pages_cost_the_same_queries_with_one_row_and_with_many(
    admin_client_for_calls, django_assert_max_num_queries
):
    """The list of calls, and a call's form with one theme, criterion and document or with many."""

    def counted(url):
        with django_assert_max_num_queries(30) as captured:
            assert admin_client_for_calls.get(url).status_code == 200
        return len(captured)

    call = CallFactory()
    for model_factory in (ThemeFactory, CriterionFactory, RequiredDocumentFactory):
        model_factory(call=call, position=1)
    change = reverse("admin:applications_call_change", args=[call.pk])
    changelist = reverse("admin:applications_call_changelist")
    counted(change)  # the first request fills caches (content types) that later ones reuse
    few = counted(changelist), counted(change)
    CallFactory.create_batch(20)
    for position in range(2, 12):
        for model_factory in (ThemeFactory, CriterionFactory, RequiredDocumentFactory):
            model_factory(call=call, position=position)
    assert (counted(changelist), counted(change)) == few
