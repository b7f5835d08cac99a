"""Benchmark data: the AMI, the demo accounts and N admissible dossiers with three reviews each.

    python benchmarks/seed.py --reset --dossiers 100      # a fresh `ami_bench` with 100 dossiers
    python benchmarks/seed.py --dossiers 9900             # 9,900 more: 10,000 in all

The dossiers come from what ``seed_demo --dossiers N`` runs (bulk inserts of complete drafts); this script
then carries them to « admissible » and adds three submitted reviews per dossier, also by bulk
inserts, with the values the domain would have computed (reference, weighted-mean score…). It
bypasses ``workflow.transition`` on purpose: 10,000 audited transitions are not what is measured.
The demo carrier gets one complete draft of her own, for the wizard and « Mes dossiers ».
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications import roles  # noqa: E402
from applications.demo import DEMO_DOMAIN, create_demo_dossiers, ensure_accounts  # noqa: E402
from applications.management.commands.load_ami import load_ami  # noqa: E402
from applications.models import Application, Call, User  # noqa: E402
from review.models import AdmissibilityCheck, Assignment, Review, Score  # noqa: E402
from review.scoring import CriterionScore, weighted_mean  # noqa: E402

CARRIER = f"porteuse@{DEMO_DOMAIN}"
COMMITTEE = f"comite@{DEMO_DOMAIN}"
REVIEWERS = [f"bench.instructeur{i}@{DEMO_DOMAIN}" for i in range(1, 5)]
BATCH = 1000


def reset_database() -> None:
    """Drop and recreate the benchmark database (PostgreSQL only), then migrate."""
    import psycopg2

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmarks run on PostgreSQL: set DATABASE_URL (default: ami_bench).")
    connection.close()
    admin = psycopg2.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"], dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()
    call_command("migrate", verbosity=0)


def bench_reviewers() -> list[User]:
    group = Group.objects.get(name=roles.GROUP_REVIEWERS)
    model = User.objects.get(email=CARRIER)
    reviewers = []
    for index, email in enumerate(REVIEWERS, start=1):
        user, _ = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": "Instructeur",
                "last_name": f"n° {index}",
                "is_staff": True,
                "email_verified_at": timezone.now(),
                "password": model.password,
            },
        )
        user.groups.add(group)
        reviewers.append(user)
    return reviewers


def carrier_draft(call: Call) -> Application:
    carrier = User.objects.get(email=CARRIER)
    draft = Application.objects.filter(call=call, organisation=carrier.organisation, state="draft").first()
    if draft is None:
        (created,) = create_demo_dossiers(call=call, count=1, seed=7)
        Application.objects.filter(pk=created).update(organisation=carrier.organisation)
        draft = Application.objects.get(pk=created)
    return draft


def make_admissible_with_reviews(call: Call, ids: list[int], reviewers: list[User], rng: random.Random) -> None:
    criteria = list(call.criteria.all())
    now = timezone.now()
    submitted_at = min(now, call.closes_at - timedelta(minutes=1))
    next_sequence = (Application.objects.filter(call=call).aggregate(m=Max("sequence"))["m"] or 0) + 1
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic():
            applications = list(Application.objects.filter(pk__in=chunk).order_by("pk"))
            checks, assignments, reviews, planned = [], [], [], []
            for application in applications:
                application.sequence = next_sequence
                application.reference = f"{call.reference_prefix}-{next_sequence:04d}"
                application.state = Application.State.ADMISSIBLE
                application.submitted_at = submitted_at
                application.sworn_statement = True
                next_sequence += 1
                first = rng.randrange(len(reviewers))
                chosen = [reviewers[(first + k) % len(reviewers)] for k in range(3)]
                checks.append(
                    AdmissibilityCheck(
                        application=application,
                        checked_by=chosen[0],
                        on_time=True,
                        complete=True,
                        legal_form_eligible=True,
                        commitments_signed=True,
                        ambassadrices_conditions=True,
                        outcome=AdmissibilityCheck.Outcome.ADMISSIBLE,
                    )
                )
                quality = rng.uniform(3, 9.5)
                for reviewer in chosen:
                    assignments.append(Assignment(application=application, reviewer=reviewer))
                    points = {
                        c.pk: int(max(0, min(c.max_points, round((quality + rng.gauss(0, 1)) * c.max_points / 10))))
                        for c in criteria
                    }
                    score = weighted_mean(CriterionScore(points[c.pk], c.max_points, c.weight) for c in criteria)
                    recommendation = (
                        Review.Recommendation.FAVOURABLE
                        if score >= 70
                        else Review.Recommendation.RESERVED
                        if score >= 50
                        else Review.Recommendation.UNFAVOURABLE
                    )
                    reviews.append(
                        Review(
                            application=application,
                            reviewer=reviewer,
                            state=Review.State.SUBMITTED,
                            recommendation=recommendation,
                            comment="Avis argumenté de l'instructeur sur le projet.",
                            score=score,
                            submitted_at=now,
                        )
                    )
                    planned.append(points)
            Application.objects.bulk_update(
                applications, ["sequence", "reference", "state", "submitted_at", "sworn_statement"]
            )
            AdmissibilityCheck.objects.bulk_create(checks)
            Assignment.objects.bulk_create(assignments)
            Review.objects.bulk_create(reviews)
            Score.objects.bulk_create(
                [
                    Score(review=review, criterion_id=criterion_id, points=value, justification="Appréciation motivée.")
                    for review, points in zip(reviews, planned, strict=True)
                    for criterion_id, value in points.items()
                ],
                batch_size=5000,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, required=True, help="how many dossiers to add")
    parser.add_argument("--reset", action="store_true", help="recreate the database first")
    args = parser.parse_args()

    started = time.perf_counter()
    if args.reset:
        reset_database()
        print(f"database recreated and migrated in {time.perf_counter() - started:.1f} s")
    call = load_ami()
    known = set(Application.objects.filter(call=call).values_list("pk", flat=True))

    t0 = time.perf_counter()
    # What `seed_demo --dossiers N` does, called directly: the command keeps an existing demo as it is
    # (a second `make run`), whereas a benchmark grows it. A new random seed each time: the demo
    # organisations of a second run must not repeat the SIRETs.
    ensure_accounts(password="demo-ami-2024", call=call)
    create_demo_dossiers(call=call, count=args.dossiers, seed=1000 + len(known))
    seeded = time.perf_counter() - t0
    new_ids = sorted(set(Application.objects.filter(call=call).values_list("pk", flat=True)) - known)
    print(f"seed_demo --dossiers {args.dossiers}: {len(new_ids)} dossiers in {seeded:.1f} s")

    reviewers = bench_reviewers()
    draft = carrier_draft(call)
    new_ids = [pk for pk in new_ids if pk != draft.pk]
    t0 = time.perf_counter()
    make_admissible_with_reviews(call, new_ids, reviewers, random.Random(len(known)))
    print(
        f"admissibility, 3 assignments and 3 submitted reviews for {len(new_ids)} dossiers in {time.perf_counter() - t0:.1f} s"
    )
    with connection.cursor() as cursor:
        # What autovacuum does some time after a bulk load, done now so that every run measures
        # the same state: the planner's statistics, and the visibility map that lets PostgreSQL
        # answer from the covering index of dossiers without reading the table.
        cursor.execute("VACUUM ANALYZE")
    total = Application.objects.filter(call=call).count()
    print(f"now {total} dossiers, {Review.objects.count()} reviews, {Score.objects.count()} scores")


if __name__ == "__main__":
    main()
