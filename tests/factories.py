"""One factory per model. Factories build valid objects; tests change only what they test."""

import random
from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from applications import roles
from applications.demo import make_siret
from applications.models import (
    Application,
    BudgetLine,
    Call,
    CoFunding,
    Criterion,
    Departement,
    InformationRequest,
    Message,
    Organisation,
    RequiredDocument,
    Theme,
    User,
)
from review.models import AdmissibilityCheck, Assignment, ConflictOfInterest, Decision, Proposal, Review, Score

_rng = random.Random(1234)


def departement(code="75"):
    return Departement.objects.get(code=code)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Appel de test n° {n}")
    slug = factory.Sequence(lambda n: f"appel-test-{n}")
    reference_prefix = factory.Sequence(lambda n: f"AMI-TEST-{n}")
    summary = "Un appel pour les tests."
    description = "Description de l'appel de test."
    issuing_bodies = "Ministère de l'Intérieur — DGEF"
    budget_envelope = Decimal("100000.00")
    max_selected = 2
    departement_count = 5
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=27))
    status = Call.Status.PUBLISHED
    issuing_authority = "Ministère de l'Intérieur et des Outre-mer"
    issuing_service = "Direction générale des étrangers en France"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Thème {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Critère {n}")
    weight = Decimal("1")
    max_points = 10


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Pièce {n}")
    mandatory = True
    accepted_types = ["pdf"]
    max_size = 1024 * 1024


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association de test {n}")
    siret = factory.LazyFunction(lambda: make_siret(_rng))
    rna = factory.Sequence(lambda n: f"W{750000000 + n}")
    legal_form = Organisation.LegalForm.ASSOCIATION
    address = "1 rue de la Paix"
    postcode = "75002"
    city = "Paris"
    departement = factory.LazyFunction(departement)
    representative_name = "Marie Curie"
    representative_role = "Présidente"
    contact_name = "Awa Diallo"
    contact_email = factory.Sequence(lambda n: f"contact{n}@asso.example.org")
    contact_phone = "01 23 45 67 89"
    year_created = 2001
    annual_budget = Decimal("250000.00")
    staff_count = 4
    volunteer_count = 30
    experience = "Dix ans d'ateliers d'accès aux droits."
    republican_commitment = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = "Camille"
    last_name = "Durand"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide-2024")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CarrierFactory(UserFactory):
    organisation = factory.SubFactory(OrganisationFactory)


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(Group.objects.get(name=roles.GROUP_BY_ROLE[extracted]))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Former des ambassadrices et animer des ateliers."
    requested_amount = Decimal("45000.00")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    application = factory.SubFactory(ApplicationFactory)
    category = BudgetLine.Category.PERSONNEL
    label = "Coordination"
    amount = Decimal("45000.00")


class CoFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoFunding

    application = factory.SubFactory(ApplicationFactory)
    source = "Conseil départemental"
    amount = Decimal("5000.00")
    status = CoFunding.Status.OBTAINED


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest

    application = factory.SubFactory(ApplicationFactory)
    message = "Merci de préciser le budget."
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    application = factory.SubFactory(ApplicationFactory)
    body = "Bonjour."


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(StaffFactory, role=roles.REVIEWER)


class ConflictOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictOfInterest

    reviewer = factory.SubFactory(StaffFactory, role=roles.REVIEWER)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = ConflictOfInterest.Kind.PROFESSIONAL
    explanation = "Ancienne salariée."


class AdmissibilityCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdmissibilityCheck

    application = factory.SubFactory(ApplicationFactory)
    checked_by = factory.SubFactory(StaffFactory, role=roles.REVIEWER)
    on_time = complete = legal_form_eligible = commitments_signed = ambassadrices_conditions = True
    outcome = AdmissibilityCheck.Outcome.ADMISSIBLE


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(StaffFactory, role=roles.REVIEWER)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    points = 5
    justification = "Correct."


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    application = factory.SubFactory(ApplicationFactory)
    call = factory.SelfAttribute("application.call")
    outcome = Proposal.Outcome.REJECTED
    requested_amount = factory.SelfAttribute("application.requested_amount")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    application = factory.SubFactory(ApplicationFactory)
    call = factory.SelfAttribute("application.call")
    kind = Decision.Kind.REFUSAL
    reference = factory.Sequence(lambda n: f"DEC-TEST-{n:04d}")
    signatory_name = "Jeanne Martin"
    signatory_role = "Directrice de l'intégration"
    signed_by = factory.SubFactory(StaffFactory, role=roles.OFFICIAL)
