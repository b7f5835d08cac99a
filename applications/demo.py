"""Realistic demo data: accounts for each role and varied dossiers, fast enough for 10,000.

Dossiers are created by bulk inserts in the draft state with complete content; the later stages
(``--stage submitted|reviewed|decided``) go through the same domain functions the screens use.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import Application, BudgetLine, Call, CoFunding, Departement, Organisation, User
from .validators import luhn_valid

DEMO_DOMAIN = "demo.ami.gouv.fr"


@dataclass
class DemoAccount:
    role: str
    email: str
    label: str


ACCOUNTS = [
    DemoAccount("carrier", f"porteuse@{DEMO_DOMAIN}", "Porteuse de projet (association)"),
    DemoAccount(roles.REVIEWER, f"instructrice@{DEMO_DOMAIN}", "Instructrice (DGEF/DIAN)"),
    DemoAccount(roles.REVIEWER, f"instructeur@{DEMO_DOMAIN}", "Instructeur (DGCS/SDFE)"),
    DemoAccount(roles.COMMITTEE, f"comite@{DEMO_DOMAIN}", "Membre du comité de sélection"),
    DemoAccount(roles.OFFICIAL, f"signataire@{DEMO_DOMAIN}", "Signataire (ordonnateur délégué)"),
    DemoAccount(roles.ADMINISTRATOR, f"admin@{DEMO_DOMAIN}", "Administrateur"),
]

FIRST_NAMES = [
    "Amina",
    "Claire",
    "Fatou",
    "Nadia",
    "Sophie",
    "Leïla",
    "Marie",
    "Yasmina",
    "Aïcha",
    "Julie",
    "Karim",
    "Thomas",
    "Moussa",
    "Pierre",
    "Hugo",
    "Samira",
    "Inès",
    "Camille",
    "Lucas",
    "Awa",
]
LAST_NAMES = [
    "Diallo",
    "Martin",
    "Benali",
    "Durand",
    "Nguyen",
    "Traoré",
    "Bernard",
    "Haddad",
    "Petit",
    "Moreau",
    "Kone",
    "Lefebvre",
    "Mendy",
    "Garcia",
    "Rousseau",
    "Cissé",
    "Fontaine",
    "Bouzid",
    "Roux",
    "Camara",
]
ORG_KINDS = ["Association", "Collectif", "Maison", "Réseau", "Fédération", "Centre"]
ORG_TOPICS = [
    "Femmes solidaires",
    "Égalité et citoyenneté",
    "Accueil et intégration",
    "Droits des femmes",
    "Interculturalité",
    "Parcours d'exil",
    "Insertion et emploi",
    "Santé des femmes",
    "Langues et cultures",
    "Entraide des quartiers",
]
CITIES = [
    ("75011", "Paris"),
    ("13003", "Marseille"),
    ("69007", "Lyon"),
    ("59000", "Lille"),
    ("33000", "Bordeaux"),
    ("31000", "Toulouse"),
    ("44000", "Nantes"),
    ("67000", "Strasbourg"),
    ("93200", "Saint-Denis"),
    ("34000", "Montpellier"),
    ("35000", "Rennes"),
    ("97400", "Saint-Denis"),
    ("20000", "Ajaccio"),
    ("38000", "Grenoble"),
    ("06000", "Nice"),
    ("76600", "Le Havre"),
]
PARTNERS = [
    "la direction territoriale de l'OFII",
    "la préfecture et sa mission intégration",
    "le centre d'information sur les droits des femmes et des familles (CIDFF)",
    "les centres sociaux du département",
    "le planning familial",
    "France Travail",
    "les associations d'apprentissage du français",
    "la caisse d'allocations familiales",
]


def make_siret(rng: random.Random) -> str:
    while True:
        siren = f"{rng.randrange(10**7, 10**8)}"
        siren += next(str(d) for d in range(10) if luhn_valid(siren + str(d)))
        if siren == "356000000":
            continue
        nic = f"{rng.randrange(1, 9999):04d}"
        for d in range(10):
            siret = siren + nic + str(d)
            if luhn_valid(siret):
                return siret


def ensure_accounts(*, password: str, call: Call | None) -> dict[str, User]:
    """Create (or reset) one account per role and return them by email."""
    rng = random.Random(0)
    accounts = {}
    carrier_org = None
    for account in ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first() or User(email=account.email)
        first, last = account.label.split(" ")[0], "Démo"
        user.first_name, user.last_name = first, last
        user.is_active = True
        user.is_staff = account.role != "carrier"
        user.is_superuser = account.role == roles.ADMINISTRATOR
        from django.utils import timezone

        user.email_verified_at = user.email_verified_at or timezone.now()
        user.set_password(password)
        if account.role == "carrier":
            carrier_org = carrier_org or demo_organisation(rng, name="Association Femmes en Réseau (démo)")
            user.organisation = carrier_org
        user.save()
        if account.role in roles.GROUP_BY_ROLE:
            user.groups.add(Group.objects.get(name=roles.GROUP_BY_ROLE[account.role]))
        accounts[account.email] = user
    return accounts


def demo_organisation(rng: random.Random, *, name: str | None = None) -> Organisation:
    existing = Organisation.objects.filter(name=name).first() if name else None
    if existing:
        return existing
    organisation = build_organisation(rng, departements=list(Departement.objects.all()), index=0)
    if name:
        organisation.name = name
    organisation.save()
    return organisation


def build_organisation(rng: random.Random, *, departements: list[Departement], index: int) -> Organisation:
    from .departements import departement_for_postcode

    postcode, city = rng.choice(CITIES)
    by_code = {d.code: d for d in departements}
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    legal_form = rng.choices(
        [
            Organisation.LegalForm.ASSOCIATION,
            Organisation.LegalForm.FOUNDATION,
            Organisation.LegalForm.SOCIAL_ECONOMY,
            Organisation.LegalForm.COOPERATIVE,
            Organisation.LegalForm.OTHER,
        ],
        weights=[80, 5, 8, 4, 3],
    )[0]
    return Organisation(
        name=f"{rng.choice(ORG_KINDS)} {rng.choice(ORG_TOPICS)} {city} n° {index + 1}",
        siret=make_siret(rng),
        rna=f"W{rng.randrange(10**8, 10**9)}" if legal_form == Organisation.LegalForm.ASSOCIATION else "",
        legal_form=legal_form,
        address=f"{rng.randrange(1, 200)} rue de la République",
        postcode=postcode,
        city=city,
        departement=by_code[departement_for_postcode(postcode)],
        representative_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        representative_role=rng.choice(["Présidente", "Président", "Directrice générale", "Co-présidente"]),
        contact_name=f"{first} {last}",
        contact_email=f"contact{index + 1}@association-{index + 1}.{DEMO_DOMAIN}",
        contact_phone=f"01 {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
        year_created=rng.randrange(1975, 2020),
        annual_budget=Decimal(rng.randrange(80, 3000) * 1000),
        staff_count=rng.randrange(1, 60),
        volunteer_count=rng.randrange(5, 300),
        experience=(
            f"Depuis {rng.randrange(5, 25)} ans, l'association accompagne des femmes étrangères : ateliers "
            f"sociolinguistiques, permanences d'accès aux droits et actions de prévention des violences, en lien "
            f"avec {rng.choice(PARTNERS)}."
        ),
        republican_commitment=True,
    )


def application_content(rng: random.Random, *, call: Call) -> dict:
    start = date(call.closes_at.year, call.closes_at.month, 1) + timedelta(days=rng.randrange(45, 120))
    return {
        "title": f"Ambassadrices de l'égalité — {rng.choice(['Parcours', 'Ensemble', 'Voix', 'Regards', 'Passerelles'])} "
        f"{rng.choice(['égalité', 'droits', 'citoyennes', 'solidaires'])}",
        "summary": (
            "Former des ambassadrices de l'égalité issues des communautés accompagnées, concevoir avec elles une "
            "mallette pédagogique multilingue et animer des ateliers sur les cinq thématiques auprès des "
            "signataires du CIR orientés par l'OFII."
        ),
        "partners": "; ".join(rng.sample(PARTNERS, 3)),
        "toolkit_content": "Livret d'information, fiches thématiques, quiz, vidéos courtes sous-titrées et guide d'animation.",
        "toolkit_formats": "Imprimé et numérique (PDF accessible, vidéos sous-titrées).",
        "toolkit_languages": rng.choice(
            ["français, arabe, anglais", "français, dari, pachto", "français, tamoul, espagnol"]
        ),
        "toolkit_accessibility": "Langage clair, pictogrammes, documents numériques accessibles (RGAA).",
        "toolkit_licence": "Licence ouverte Etalab 2.0",
        "toolkit_ambassadrices_involvement": "Les ambassadrices co-construisent les contenus lors de quatre ateliers de conception.",
        "ambassadrices_per_departement": rng.randrange(2, 6),
        "recruitment_channels": "Réseau associatif, France Travail, centres sociaux, anciennes bénéficiaires.",
        "eligibility_checks": "Copie du titre de séjour (plus de cinq ans), entretien en français, test de positionnement.",
        "training_hours": rng.randrange(20, 80),
        "training_content": "Droits des femmes, techniques d'animation, posture, orientation vers les dispositifs.",
        "compensation": "Vacations rémunérées au taux horaire de 25 € bruts par atelier animé.",
        "employment_support": "Bilan de compétences, attestation de formation, mise en relation avec des employeurs.",
        "workshops_per_theme_per_departement": rng.randrange(2, 8),
        "expected_participants": rng.randrange(150, 1200),
        "referral_partners": "OFII (plateformes d'accueil), structures d'hébergement, centres sociaux.",
        "workshop_formats": "Ateliers collectifs de deux heures, en groupes de 10 à 15 personnes.",
        "interpreting": "Interprétariat professionnel ponctuel et binômes d'ambassadrices multilingues.",
        "start_date": start,
        "end_date": start + timedelta(days=365),
        "milestones": "Mois 1-3 : recrutement et formation. Mois 3-5 : mallette. Mois 5-12 : ateliers.",
        "evaluation_indicators": "Nombre d'ateliers, de participants, questionnaires avant/après, insertion des ambassadrices.",
    }


BUDGET_SHARES = [
    (BudgetLine.Category.PERSONNEL, "Coordination du projet", Decimal("0.30")),
    (BudgetLine.Category.AMBASSADRICES, "Vacations des ambassadrices", Decimal("0.25")),
    (BudgetLine.Category.TRAINING, "Formation des ambassadrices", Decimal("0.12")),
    (BudgetLine.Category.TOOLKIT, "Conception et impression de la mallette", Decimal("0.13")),
    (BudgetLine.Category.TRAVEL, "Déplacements dans les départements", Decimal("0.08")),
    (BudgetLine.Category.COMMUNICATION, "Communication", Decimal("0.04")),
    (BudgetLine.Category.EVALUATION, "Évaluation", Decimal("0.03")),
    (BudgetLine.Category.OVERHEADS, "Frais de structure", Decimal("0.05")),
]


def demo_dossiers_exist(*, call: Call) -> bool:
    """Whether ``create_demo_dossiers`` already ran for this call (its organisations' addresses say so)."""
    return Application.objects.filter(call=call, organisation__contact_email__endswith=f".{DEMO_DOMAIN}").exists()


def create_demo_dossiers(*, call: Call, count: int, seed: int = 42, batch_size: int = 1000) -> list[int]:
    """Bulk-create ``count`` organisations with one complete draft dossier each; return their ids."""
    rng = random.Random(seed)
    departements = list(Departement.objects.all())
    themes = list(call.themes.all())
    existing = Organisation.objects.count()
    created_ids: list[int] = []
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        with transaction.atomic():
            organisations = Organisation.objects.bulk_create(
                [build_organisation(rng, departements=departements, index=existing + start + i) for i in range(size)]
            )
            applications = Application.objects.bulk_create(
                [
                    Application(call=call, organisation=org, **application_content(rng, call=call))
                    for org in organisations
                ]
            )
            lines, cofundings, theme_links, dep_links = [], [], [], []
            for application in applications:
                total = Decimal(rng.randrange(35, 90) * 1000)
                cofunded = Decimal(rng.choice([0, 0, 5000, 10000, 15000]))
                requested = min(total - cofunded, Decimal("100000"))
                total = requested + cofunded
                remaining = total
                for i, (category, label, share) in enumerate(BUDGET_SHARES):
                    amount = remaining if i == len(BUDGET_SHARES) - 1 else (total * share).quantize(Decimal("1"))
                    remaining -= amount
                    lines.append(BudgetLine(application=application, category=category, label=label, amount=amount))
                if cofunded:
                    cofundings.append(
                        CoFunding(
                            application=application,
                            source=rng.choice(
                                [
                                    "Conseil départemental",
                                    "Ville",
                                    "Fondation privée",
                                    "Caisse d'allocations familiales",
                                ]
                            ),
                            amount=cofunded,
                            status=rng.choice(CoFunding.Status.values),
                        )
                    )
                application.requested_amount = requested
                theme_links += [
                    Application.themes.through(application_id=application.pk, theme_id=t.pk) for t in themes
                ]
                dep_links += [
                    Application.departements.through(application_id=application.pk, departement_id=d.pk)
                    for d in rng.sample(departements, call.departement_count)
                ]
            Application.objects.bulk_update(applications, ["requested_amount"])
            BudgetLine.objects.bulk_create(lines)
            CoFunding.objects.bulk_create(cofundings)
            Application.themes.through.objects.bulk_create(theme_links)
            Application.departements.through.objects.bulk_create(dep_links)
            created_ids += [a.pk for a in applications]
    return created_ids
