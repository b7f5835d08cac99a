"""Create or update the AMI « Ambassadrices de l'égalité » (idempotent)."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from applications.models import Call, Criterion, RequiredDocument, Theme

SLUG = "ambassadrices-egalite"

CALL = {
    "title": (
        "Ambassadrices de l'égalité entre les femmes et les hommes dans le parcours "
        "d'intégration des étrangers primo-arrivants"
    ),
    "reference_prefix": "AMI-2024-EGALITE",
    "summary": (
        "Appel à manifestation d'intérêt pour concevoir des outils pédagogiques et animer, dans cinq "
        "départements, des ateliers de sensibilisation à l'égalité entre les femmes et les hommes destinés "
        "aux étrangers primo-arrivants signataires du contrat d'intégration républicaine, conduits par des "
        "« ambassadrices de l'égalité »."
    ),
    "description": (
        "Dans le cadre du plan interministériel pour l'égalité entre les femmes et les hommes « Toutes et "
        "tous égaux » (2023-2027), la Direction générale des étrangers en France et le Service des droits "
        "des femmes et de l'égalité entre les femmes et les hommes lancent un appel à manifestation "
        "d'intérêt pour déployer des ateliers de sensibilisation et d'information en complément du contrat "
        "d'intégration républicaine (CIR).\n\n"
        "Le programme poursuit un double objectif : informer les primo-arrivants sur les droits des femmes "
        "et l'égalité en France, et permettre aux ambassadrices d'acquérir de nouvelles compétences et de "
        "progresser dans leur insertion professionnelle.\n\n"
        "Peuvent répondre les associations régies par la loi de 1901, les fondations, les coopératives et "
        "les entreprises de l'économie sociale et solidaire."
    ),
    "issuing_bodies": (
        "Ministère de l'Intérieur et des Outre-mer — Direction générale des étrangers en France (DGEF), "
        "Direction de l'intégration et de l'accès à la nationalité (DIAN)\n"
        "Ministère chargé de l'égalité entre les femmes et les hommes — Direction générale de la cohésion "
        "sociale (DGCS), Service des droits des femmes et de l'égalité entre les femmes et les hommes (SDFE)"
    ),
    "framework": "Plan interministériel pour l'égalité entre les femmes et les hommes « Toutes et tous égaux » (2023-2027)",
    "eligible_facilitators": (
        "Les ateliers sont animés par des « ambassadrices de l'égalité » : des femmes étrangères, "
        "ressortissantes d'un pays extérieur à l'Union européenne, titulaires d'un titre de séjour depuis "
        "plus de cinq ans et ayant une très bonne maîtrise du français."
    ),
    "beneficiaries": "Les étrangers primo-arrivants signataires du contrat d'intégration républicaine (CIR).",
    "expected_deliverables": (
        "Chaque porteur retenu :\n"
        "1. conçoit un support d'information et une mallette pédagogique utilisés par les ambassadrices ;\n"
        "2. conduit les actions de sensibilisation, y compris le recrutement et la formation des ambassadrices."
    ),
    "budget_envelope": Decimal("100000.00"),
    "max_selected": 2,
    "departement_count": 5,
    "departements_fixed": False,
    "require_all_themes": True,
    "eligible_legal_forms": ["association", "foundation", "cooperative", "social_economy"],
    "cofunding_required": False,
    "max_funding_rate": 100,
    "grant_duration_months": 12,
    "status": Call.Status.PUBLISHED,
    "reviewers_per_application": 2,
    "disagreement_threshold": Decimal("20"),
    "issuing_authority": "Ministère de l'Intérieur et des Outre-mer",
    "issuing_service": (
        "Direction générale des étrangers en France — Direction de l'intégration et de l'accès à la nationalité"
    ),
    "service_address": ("Ministère de l'Intérieur et des Outre-mer — DGEF/DIAN\nPlace Beauvau\n75800 Paris Cedex 08"),
    "service_email": "ami-ambassadrices@interieur.gouv.fr",
    "service_phone": "01 49 27 49 27",
    "paying_programmes": (
        "Programme 104 « Intégration et accès à la nationalité française » (DGEF)\n"
        "Programme 137 « Égalité entre les femmes et les hommes » (DGCS/SDFE)"
    ),
    "selection_method": Call.SelectionMethod.BEST_TOTAL,
    "minimum_score": Decimal("50"),
    "committee_members": (
        "Représentant·e de la DGEF/DIAN (présidence)\n"
        "Représentant·e de la DGCS/SDFE\n"
        "Représentant·e de l'Office français de l'immigration et de l'intégration (OFII)"
    ),
}

THEMES = [
    ("La lutte pour les droits des femmes en France, en perspective historique", ""),
    ("Les violences faites aux femmes, au sein et en dehors du couple", ""),
    ("La santé sexuelle et reproductive et la santé des femmes", ""),
    ("L'égalité dans la vie professionnelle", ""),
    ("La culture de l'égalité et la lutte contre les stéréotypes de genre", ""),
]

CRITERIA = [
    (
        "Pertinence du projet au regard des objectifs de l'AMI",
        "Adéquation aux cinq thématiques, au public des signataires du CIR et au plan « Toutes et tous égaux ».",
        Decimal("3"),
        10,
    ),
    (
        "Qualité du support d'information et de la mallette pédagogique",
        "Contenu, formats, langues, accessibilité, licence et implication des ambassadrices dans leur conception.",
        Decimal("2"),
        10,
    ),
    (
        "Recrutement, formation et accompagnement des ambassadrices",
        "Vérification des conditions d'éligibilité, volume et contenu de la formation, rémunération, accompagnement vers l'emploi.",
        Decimal("3"),
        10,
    ),
    (
        "Déploiement territorial et partenariats",
        "Choix des cinq départements, partenariats avec l'OFII, les préfectures et les acteurs locaux, orientation du public.",
        Decimal("2"),
        10,
    ),
    (
        "Capacité et expérience du porteur",
        "Expérience d'actions comparables, moyens humains, solidité de la structure.",
        Decimal("2"),
        10,
    ),
    (
        "Cohérence et sincérité du budget",
        "Coûts justifiés et proportionnés, cofinancements, rapport entre coût et nombre de bénéficiaires.",
        Decimal("2"),
        10,
    ),
    (
        "Évaluation et indicateurs",
        "Indicateurs de suivi et de résultat, modalités d'évaluation des ateliers.",
        Decimal("1"),
        10,
    ),
]

MB = 1024 * 1024
DOCUMENTS = [
    ("Statuts de l'organisme, datés et signés", "", True, ["pdf"], 10 * MB),
    ("Liste des membres du conseil d'administration et du bureau", "", True, ["pdf", "odt", "docx"], 5 * MB),
    (
        "Comptes approuvés du dernier exercice clos",
        "Bilan et compte de résultat.",
        True,
        ["pdf", "ods", "xlsx"],
        10 * MB,
    ),
    ("Budget prévisionnel détaillé du projet", "", True, ["pdf", "ods", "xlsx"], 10 * MB),
    (
        "Relevé d'identité bancaire",
        "Au nom de l'organisme et à l'adresse de son siège.",
        True,
        ["pdf", "png", "jpeg"],
        5 * MB,
    ),
    ("Dernier rapport d'activité", "", True, ["pdf"], 10 * MB),
    (
        "Lettres de soutien ou d'engagement des partenaires",
        "OFII, préfectures, acteurs locaux.",
        False,
        ["pdf"],
        10 * MB,
    ),
    ("Délégation de signature", "Si le signataire n'est pas le représentant légal.", False, ["pdf"], 5 * MB),
]


def parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Date invalide : {value!r} (format attendu : 2024-04-15T12:00)") from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


class Command(BaseCommand):
    help = "Crée ou met à jour l'AMI « Ambassadrices de l'égalité » (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--opens", help="Ouverture, heure de Paris (ex. 2024-03-08T09:00). Défaut : maintenant.")
        parser.add_argument(
            "--closes", help="Clôture, heure de Paris (ex. 2024-04-15T12:00). Défaut : 4 semaines après l'ouverture."
        )

    @transaction.atomic
    def handle(self, *args, opens=None, closes=None, **options):
        call = load_ami(opens=parse_moment(opens) if opens else None, closes=parse_moment(closes) if closes else None)
        paris = timezone.get_default_timezone()
        self.stdout.write(
            self.style.SUCCESS(
                f"AMI « {call.slug} » prêt : ouverture {call.opens_at.astimezone(paris):%d/%m/%Y %H:%M}, "
                f"clôture {call.closes_at.astimezone(paris):%d/%m/%Y %H:%M} (heure de Paris)."
            )
        )


def load_ami(*, opens: datetime | None = None, closes: datetime | None = None) -> Call:
    """Create or update the call and its configuration; existing dates stay unless given."""
    existing = Call.objects.filter(slug=SLUG).first()
    if existing is None:
        opens = opens or timezone.now().replace(second=0, microsecond=0)
        closes = closes or opens + timedelta(weeks=4)
    else:
        opens = opens or existing.opens_at
        closes = closes or (opens + timedelta(weeks=4) if opens >= existing.closes_at else existing.closes_at)
    if closes <= opens:
        raise CommandError("La clôture doit être postérieure à l'ouverture.")
    values = dict(CALL, opens_at=opens, closes_at=closes)
    if existing is not None and existing.status != Call.Status.DRAFT:
        values.pop("status")  # never reopen a closed or decided call by reloading it
    call, _ = Call.objects.update_or_create(slug=SLUG, defaults=values)
    for position, (title, description) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            call=call, position=position, defaults={"title": title, "description": description}
        )
    for position, (label, help_text, weight, max_points) in enumerate(CRITERIA, start=1):
        Criterion.objects.update_or_create(
            call=call,
            position=position,
            defaults={"label": label, "help_text": help_text, "weight": weight, "max_points": max_points},
        )
    for position, (label, help_text, mandatory, kinds, max_size) in enumerate(DOCUMENTS, start=1):
        RequiredDocument.objects.update_or_create(
            call=call,
            position=position,
            defaults={
                "label": label,
                "help_text": help_text,
                "mandatory": mandatory,
                "accepted_types": kinds,
                "max_size": max_size,
            },
        )
    return call
