"""``seed_demo --stage decided``: the reviewed demo goes through selection and signature.

The demo committee follows the suggested selection, within the envelope and the cap, awarding
the second carrier a little less than requested (with the reason), puts the next best dossiers on
a waiting list and rejects the others with a short assessment; the demo official
(``signataire@…``) then signs every decision in one batch. Everything goes through the functions
the admin screens use (``selection.propose``, ``decisions.validate_proposals``,
``tasks.run_generation``, ``decision_emails.send_drafts``), so the audit log, the states, the
documents and the emails are what real work produces. The emails (decisions and waiting list) go
to the configured backend: the console in development.
"""

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from applications.demo import DEMO_DOMAIN
from applications.formatting import format_euros
from applications.models import Application, Call, OutgoingEmail, User

from . import selection
from .decision_emails import decision_emails, send_drafts, sending_progress
from .decisions import Signature, validate_proposals
from .models import GenerationJob, Proposal
from .reasons import inadmissibility_summary
from .tasks import run_generation

COMMITTEE = f"comite@{DEMO_DOMAIN}"
OFFICIAL = f"signataire@{DEMO_DOMAIN}"
WAITING_LIST_LENGTH = 3
REDUCTION = Decimal("0.95")
BATCH = 100
PDF_NOW_UP_TO = 60  # beyond, the demo leaves the PDFs to `manage.py generate_decisions`

S = Application.State
Outcome = Proposal.Outcome


def reduced(amount: Decimal) -> Decimal:
    return (amount * REDUCTION / 100).quantize(Decimal("1"), rounding=ROUND_DOWN) * 100


def close_for_committee(call: Call) -> None:
    """Put the demo call's timeline in the order real decisions need: closed, then the committee.

    ``make run`` opens the call, submits and reviews within a minute; decisions may only be signed
    after the closing and the committee's meeting (``decisions.check_call_signable``). A call
    still open is closed just after its last submission (so every dossier stays submitted on
    time), and the committee meets today unless it already met.
    """
    now = timezone.now()
    changes = {}
    if call.closes_at > now:
        last = Application.objects.filter(call=call, submitted_at__isnull=False).aggregate(last=Max("submitted_at"))
        closes = max(last["last"] or call.opens_at, call.opens_at) + timedelta(seconds=1)
        changes["closes_at"] = min(closes, now)
    closed_on = timezone.localdate(changes.get("closes_at", call.closes_at))
    if call.committee_date is None or call.committee_date < closed_on or call.committee_date > timezone.localdate(now):
        changes["committee_date"] = timezone.localdate(now)
    if changes:
        Call.objects.filter(pk=call.pk).update(**changes)
        call.refresh_from_db()


def decide_demo_dossiers(*, call: Call, application_ids: list[int], accounts: dict, stdout) -> list[int]:
    """Select, rank and reject the reviewed dossiers of ``call``, then sign; return the decisions' ids."""
    committee = accounts.get(COMMITTEE) or User.objects.get(email__iexact=COMMITTEE)
    official = accounts.get(OFFICIAL) or User.objects.get(email__iexact=OFFICIAL)
    close_for_committee(call)

    undecided = {S.ADMISSIBLE, S.INADMISSIBLE}
    ranked = [d for d in selection.ranked_dossiers(call) if d.state == S.ADMISSIBLE and d.fully_reviewed]
    if not ranked:
        stdout.write("Aucun dossier évalué à sélectionner.")
        return []

    report = selection.suggest(call)
    chosen = set(report.suggestion.keys)
    stdout.write(
        f"Sélection suggérée : {len(chosen)} dossier(s), score total {report.suggestion.total_score}, "
        f"{format_euros(report.suggestion.total_amount)} sur {format_euros(call.budget_envelope)}."
    )
    waiting_left = WAITING_LIST_LENGTH
    for start in range(0, len(ranked), BATCH):
        with transaction.atomic():
            for dossier in ranked[start : start + BATCH]:
                if dossier.pk in chosen:
                    second = len(chosen) > 1 and dossier.pk == report.suggestion.keys[-1]
                    selection.propose(
                        application=dossier,
                        outcome=Outcome.SELECTED,
                        awarded_amount=reduced(dossier.requested_amount) if second else None,
                        amount_reason=(
                            "Les frais de structure sont ramenés à 5 % du coût du projet (démo)." if second else ""
                        ),
                        by=committee,
                    )
                elif waiting_left > 0:
                    selection.propose(application=dossier, outcome=Outcome.WAITING, by=committee)
                    waiting_left -= 1
                else:
                    selection.propose(
                        application=dossier,
                        outcome=Outcome.REJECTED,
                        # The letter states the rank, the score and the selection method itself.
                        assessment_summary=(
                            "Projet pertinent, mais le déploiement territorial et les partenariats avec l'OFII "
                            "restent à préciser (démo)."
                        ),
                        by=committee,
                    )
    inadmissible = list(
        Application.objects.filter(call=call, state=S.INADMISSIBLE)
        .select_related("admissibility", "organisation", "call")
        .order_by("pk")
    )
    with transaction.atomic():
        for dossier in inadmissible:
            check = getattr(dossier, "admissibility", None)
            selection.propose(
                application=dossier,
                outcome=Outcome.REJECTED,
                # What the admin screen prefills: the failed conditions, in the carrier's words.
                assessment_summary=inadmissibility_summary(check, application=dossier)
                or "Le dossier n'est pas recevable : des pièces obligatoires manquent (démo).",
                by=committee,
            )
    gauge = selection.gauge(call)
    stdout.write(
        f"Comité : {gauge.selected} retenu(s) pour {format_euros(gauge.awarded)} "
        f"({format_euros(gauge.remaining)} restants), "
        f"{WAITING_LIST_LENGTH - waiting_left} en liste d'attente, "
        f"{Proposal.objects.filter(call=call, outcome=Outcome.REJECTED).count()} rejeté(s)."
    )

    signature = Signature(
        name=official.get_full_name() or "Signataire Démo",
        role="Le directeur de l'intégration et de l'accès à la nationalité (démo)",
        delegation_reference="l'arrêté du 2 janvier 2024 portant délégation de signature (démo)",
    )
    to_sign = list(
        Proposal.objects.filter(
            call=call, outcome__in=[Outcome.SELECTED, Outcome.REJECTED], application__state__in=undecided
        )
        .select_related("application")
        .order_by("application__reference")
    )
    issued = []
    for start in range(0, len(to_sign), BATCH):
        with transaction.atomic():
            result = validate_proposals(proposals=to_sign[start : start + BATCH], signature=signature, by=official)
        issued += result.issued
    stdout.write(f"{len(issued)} décision(s) signée(s) par {official.email}.")

    if len(issued) <= PDF_NOW_UP_TO:
        job = run_generation(GenerationJob.objects.create(call=call, requested_by=official))
        stdout.write(
            f"PDF des décisions : {job.done}/{job.total} ({job.get_status_display()}), brouillons de courriels prêts."
        )
        send_demo_emails(call=call, official=official, stdout=stdout)
    else:
        stdout.write(f"Pour produire les PDF : python manage.py generate_decisions --call {call.slug}")
    return [decision.pk for decision in issued]


def send_demo_emails(*, call: Call, official, stdout) -> None:
    """The demo official sends the drafts (decisions and waiting list) as the admin's action does:
    in the background, to the configured backend — the console unless EMAIL_HOST is set."""
    drafts = decision_emails().filter(application__call=call, status=OutgoingEmail.Status.DRAFT)
    sent, withheld = send_drafts(emails=drafts, by=official)
    progress = sending_progress(decision_emails().filter(application__call=call))
    stdout.write(
        f"Courriels de décision et de liste d'attente : {sent} envoyé(s) par {official.email} "
        f"({progress.sent} parti(s), {progress.queued} en file, {progress.failed} en échec) "
        f"vers {settings.EMAIL_BACKEND}."
    )
