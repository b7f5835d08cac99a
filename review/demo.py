"""``seed_demo --stage reviewed``: the submitted demo dossiers are checked, assigned and scored.

Everything goes through the functions the admin screens use — ``conflicts.declare_conflict``,
``assignments.assign_reviewers`` and ``auto_assign``, ``admissibility.record_admissibility``,
``scoring.start_review`` and ``save_review`` — so the audit log, the states and the ranking are
exactly what real work would produce. Four reviewers score with deliberate habits: one neutral,
one slightly severe, one lenient and one harsh, so that the calibrated ranking has something to
correct.
"""

import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from applications import roles
from applications.demo import DEMO_DOMAIN
from applications.models import Application, Call, Organisation, User

from . import admissibility, assignments, conflicts, scoring
from .models import AdmissibilityCheck, ConflictOfInterest, Review


@dataclass(frozen=True)
class DemoReviewer:
    email: str
    first_name: str
    last_name: str
    bias: float  # points out of 10 added to what the dossier deserves


DEMO_REVIEWERS = [
    DemoReviewer(f"instructrice@{DEMO_DOMAIN}", "Instructrice", "Démo", 0.0),
    DemoReviewer(f"instructeur@{DEMO_DOMAIN}", "Instructeur", "Démo", -0.5),
    DemoReviewer(f"instructrice.bienveillante@{DEMO_DOMAIN}", "Bérénice", "Bienveillante (démo)", 2.0),
    DemoReviewer(f"instructeur.exigeant@{DEMO_DOMAIN}", "Édouard", "Exigeant (démo)", -2.2),
]
COMMITTEE = f"comite@{DEMO_DOMAIN}"
BATCH = 100

JUSTIFICATIONS = {
    "low": [
        "Les éléments fournis restent trop généraux pour apprécier ce critère.",
        "Réponse insuffisante : pas d'objectifs chiffrés ni de modalités précises.",
    ],
    "medium": [
        "Réponse correcte mais quelques points restent à préciser (calendrier, moyens).",
        "Proposition pertinente, partenariats à consolider.",
    ],
    "high": [
        "Proposition solide, détaillée et cohérente avec les objectifs de l'AMI.",
        "Très bonne réponse : démarche claire, moyens adaptés, partenaires identifiés.",
    ],
}
COMMENTS = {
    Review.Recommendation.FAVOURABLE: "Projet solide et bien articulé avec le CIR ; avis favorable.",
    Review.Recommendation.RESERVED: "Projet intéressant mais plusieurs points doivent être précisés avant un soutien.",
    Review.Recommendation.UNFAVOURABLE: "Le projet ne répond pas suffisamment aux attendus de l'AMI.",
}


def ensure_demo_reviewers(accounts: dict) -> list[tuple[User, float]]:
    """The demo reviewers (the two of ``seed_demo`` plus a lenient and a harsh one), with their bias."""
    group = Group.objects.get(name=roles.GROUP_REVIEWERS)
    model = accounts.get(f"instructrice@{DEMO_DOMAIN}")
    out = []
    for demo in DEMO_REVIEWERS:
        user = accounts.get(demo.email) or User.objects.filter(email__iexact=demo.email).first()
        if user is None:
            user = User(email=demo.email, first_name=demo.first_name, last_name=demo.last_name)
            if model is not None:
                user.password = model.password  # same demo password as the other accounts
            else:
                user.set_unusable_password()
        user.is_staff = True
        user.is_active = True
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.save()
        user.groups.add(group)
        out.append((user, demo.bias))
    return out


def _items(application: Application) -> dict[str, admissibility.Item]:
    call = application.call
    organisation = application.organisation
    eligible_forms = call.eligible_legal_forms or []
    legal_form_ok = not eligible_forms or organisation.legal_form in eligible_forms
    on_time = application.submitted_at is not None and application.submitted_at <= call.closes_at
    commitments = application.sworn_statement and organisation.republican_commitment
    ambassadrices = bool(application.eligibility_checks.strip())
    return {
        "on_time": admissibility.Item(on_time, "" if on_time else "Déposé après la clôture."),
        "complete": admissibility.Item(True, "Toutes les pièces obligatoires sont présentes."),
        "legal_form_eligible": admissibility.Item(
            legal_form_ok,
            "" if legal_form_ok else f"Forme juridique non éligible : {organisation.get_legal_form_display()}.",
        ),
        "commitments_signed": admissibility.Item(
            commitments, "Contrat d'engagement républicain et déclaration sur l'honneur."
        ),
        "ambassadrices_conditions": admissibility.Item(
            ambassadrices, "Conditions de titre de séjour et de langue traitées."
        ),
    }


def _check(application: Application, reviewer: User, *, illegible: bool) -> None:
    items = _items(application)
    if illegible:
        items["complete"] = admissibility.Item(False, "Les comptes approuvés transmis sont illisibles.")
    failing = [name for name, item in items.items() if not item.satisfied]
    if failing:
        labels = dict(AdmissibilityCheck.ITEMS)
        reasons = "Dossier non recevable : " + " ; ".join(str(labels[name]).lower() for name in failing) + "."
        outcome = AdmissibilityCheck.Outcome.INADMISSIBLE
    else:
        reasons, outcome = "", AdmissibilityCheck.Outcome.ADMISSIBLE
    admissibility.record_admissibility(
        application=application, actor=reviewer, items=items, outcome=outcome, reasons=reasons
    )


def _score(application: Application, reviewer: User, *, quality: float, bias: float, rng: random.Random) -> Review:
    review = scoring.start_review(application=application, reviewer=reviewer)
    entries = {}
    for criterion in scoring.criteria_of(application):
        scale = criterion.max_points / 10
        raw = (quality + bias + rng.gauss(0, 1.0)) * scale
        points = int(max(0, min(criterion.max_points, round(raw))))
        level = (
            "low"
            if points < 0.45 * criterion.max_points
            else "high"
            if points >= 0.75 * criterion.max_points
            else "medium"
        )
        entries[criterion.pk] = scoring.ScoreEntry(points, rng.choice(JUSTIFICATIONS[level]))
    mean_share = sum(e.points for e in entries.values()) / max(
        1, sum(c.max_points for c in scoring.criteria_of(application))
    )
    if mean_share >= 0.7:
        recommendation = Review.Recommendation.FAVOURABLE
    elif mean_share >= 0.5:
        recommendation = Review.Recommendation.RESERVED
    else:
        recommendation = Review.Recommendation.UNFAVOURABLE
    return scoring.save_review(
        review=review,
        actor=reviewer,
        entries=entries,
        recommendation=recommendation,
        comment=COMMENTS[recommendation],
        submit=True,
    )


def review_demo_dossiers(*, call: Call, application_ids: list[int], accounts: dict, stdout) -> list[int]:
    """Check, assign and score every submitted dossier of ``call``; return the admissible ones."""
    rng = random.Random(2024)
    committee = accounts.get(COMMITTEE) or User.objects.get(email__iexact=COMMITTEE)
    team = ensure_demo_reviewers(accounts)
    bias = {user.pk: b for user, b in team}
    reviewers = [user for user, _b in team]

    dossiers = list(
        Application.objects.filter(call=call, state__in=[Application.State.SUBMITTED, Application.State.UNDER_REVIEW])
        .select_related("call", "organisation")
        .order_by("pk")
    )
    if not dossiers:
        stdout.write("Aucun dossier déposé à instruire.")
        return []

    # A declared conflict, before any assignment: the harsh reviewer knows the first organisation.
    harsh = reviewers[-1]
    first_organisation: Organisation = dossiers[0].organisation
    if not ConflictOfInterest.objects.filter(reviewer=harsh, organisation=first_organisation).exists():
        conflicts.declare_conflict(
            reviewer=harsh,
            organisation=first_organisation,
            kind=ConflictOfInterest.Kind.PROFESSIONAL,
            explanation="Ancien membre du conseil d'administration de l'association (démo).",
            actor=harsh,
        )

    # Admissibility: each dossier goes to one reviewer, in turn, who checks it. One transaction per
    # batch keeps SQLite from syncing the disk after every single step.
    for start in range(0, len(dossiers), BATCH):
        with transaction.atomic():
            for index, application in enumerate(dossiers[start : start + BATCH], start=start):
                candidates = [
                    r for r in reviewers if not (r == harsh and application.organisation_id == first_organisation.pk)
                ]
                checker = candidates[index % len(candidates)]
                assignments.assign_reviewers(applications=[application], reviewers=[checker], actor=committee)
                application.refresh_from_db(fields=["state"])
                _check(application, checker, illegible=rng.random() < 0.08)
        stdout.write(f"  {min(start + BATCH, len(dossiers))} dossiers examinés (recevabilité)…")
    admissible = [a for a in dossiers if Application.objects.get(pk=a.pk).state == Application.State.ADMISSIBLE]
    stdout.write(f"{len(admissible)} dossiers recevables, {len(dossiers) - len(admissible)} non recevables.")

    report = assignments.auto_assign(call=call, actor=committee)
    stdout.write(f"Affectation automatique : {len(report.created)} affectations créées.")

    submitted = 0
    for start in range(0, len(admissible), BATCH):
        with transaction.atomic():
            for application in admissible[start : start + BATCH]:
                application.refresh_from_db(fields=["state"])
                quality = rng.uniform(3.0, 9.0)
                for assignment in application.assignments.select_related("reviewer").order_by("pk"):
                    reviewer = assignment.reviewer
                    existing = Review.objects.filter(application=application, reviewer=reviewer).first()
                    if existing is not None and existing.state == Review.State.SUBMITTED:
                        continue
                    _score(application, reviewer, quality=quality, bias=bias.get(reviewer.pk, 0.0), rng=rng)
                    submitted += 1
        stdout.write(f"  {min(start + BATCH, len(admissible))} dossiers évalués…")
    stdout.write(f"{submitted} évaluations soumises.")
    stdout.write("Instructeurs de démonstration (même mot de passe) :")
    for demo in DEMO_REVIEWERS:
        stdout.write(f"  {demo.first_name + ' ' + demo.last_name:45} {demo.email}")
    return [a.pk for a in admissible]
