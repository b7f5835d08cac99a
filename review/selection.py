"""The committee's selection under the call's envelope and cap.

The hard rules hold whatever the order of clicks and however many people click at once, because
every change of a proposal happens in one transaction that first locks the call's row
(``SELECT … FOR UPDATE``) and only then counts what is already selected:

- the number of selected dossiers never exceeds ``call.max_selected``;
- the sum of awarded amounts never exceeds ``call.budget_envelope``, each dossier counted at its
  grant's current amount once it has one (an amendment may have raised or lowered it), at the
  committee's awarded amount otherwise (:func:`counted_amount`) — the signing of an amendment
  counts the same way under the same lock (``applications.grants.conventions.envelope_room``);
- an awarded amount is positive and never above the amount requested (also a database constraint);
- only admissible, fully reviewed dossiers can be selected or put on the waiting list;
- a dossier scoring below the call's minimum score is selected only with a recorded reason.

A dossier whose carrier withdrew no longer counts: withdrawal frees its seat and its money, and the
best waiting-list dossier that fits can then be promoted (:func:`promote_from_waiting_list`).
A refused proposal raises :class:`SelectionRefused`, whose French message names the rule and the
excess.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, BooleanField, Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import audit, roles
from applications.formatting import format_euros
from applications.models import Application, Call
from applications.selection_methods import format_points

from . import optimiser
from .models import AdmissibilityCheck, Proposal, Review
from .optimiser import Candidate, Comparison, Suggestion

S = Application.State
Outcome = Proposal.Outcome
SCORE_QUANTUM = Decimal("0.001")


class SelectionRefused(ValidationError):
    """A proposal the rules do not allow; ``code`` names the rule (cap, envelope, amount…)."""


# --------------------------------------------------------------------------------------------
# Reading: scores, ranking, gauge
# --------------------------------------------------------------------------------------------
def submitted_reviews_filter() -> Q:
    return Q(reviews__state=Review.State.SUBMITTED)


def with_scores(queryset: QuerySet) -> QuerySet:
    """Annotate dossiers with ``score`` (mean of submitted review scores) and ``reviews_done``."""
    return queryset.annotate(
        score=Avg("reviews__score", filter=submitted_reviews_filter()),
        reviews_done=Count("reviews", filter=submitted_reviews_filter(), distinct=True),
    )


def quantize_score(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def ranked_dossiers(call: Call) -> QuerySet:
    """The dossiers the committee selects from, in the committee's ranking order.

    The ranking (``review.ranking``) ranks admissible dossiers, including those since decided, on
    the basis the committee chose (raw or calibrated scores). Each row is annotated with ``score``
    (on that basis), ``reviews_done`` and ``fully_reviewed``; the order is total, so the ranking
    and the suggested selection are reproducible.
    """
    from . import ranking

    basis = ranking.basis_of(call)
    primary = "calibrated_score" if basis == ranking.CALIBRATED else "raw_score"
    return (
        ranking.ranking_queryset(call, basis=basis)
        .select_related("proposal")
        .annotate(
            score=F(primary),
            fully_reviewed=Case(
                When(reviews_done__gte=call.reviewers_per_application, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def rank_of(call: Call, application_id: int) -> int | None:
    """A dossier's place in the whole ranking (one narrow query over the ranked dossiers)."""
    for pk, rank in ranked_dossiers(call).values_list("pk", "rank"):
        if pk == application_id:
            return rank
    return None


@dataclass(frozen=True)
class Gauge:
    """How much of the envelope and of the cap the current selection uses."""

    envelope: Decimal
    awarded: Decimal
    cap: int
    selected: int

    @property
    def remaining(self) -> Decimal:
        return self.envelope - self.awarded

    @property
    def seats_left(self) -> int:
        return self.cap - self.selected

    @property
    def within_rules(self) -> bool:
        return self.awarded <= self.envelope and self.selected <= self.cap


def counted_selection(call: Call) -> QuerySet:
    """Selected proposals that count against the envelope and the cap (withdrawn ones do not)."""
    return Proposal.objects.filter(call=call, outcome=Outcome.SELECTED).exclude(application__state=S.WITHDRAWN)


MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)


def counted_amount() -> Case:
    """What a selected dossier holds of the envelope: its grant's current amount once it has one
    (a signed amendment may have changed it), the committee's awarded amount otherwise — the larger
    of the two while a corrective decision's amount is still to be carried into the grant (by an
    amendment, ``applications.grants.conventions.follow_corrected_decision``)."""
    grant, awarded = F("application__grant__amount"), F("awarded_amount")
    return Case(
        When(
            application__grant__pending_correction__isnull=False,
            then=Greatest(grant, awarded, output_field=MONEY_FIELD),
        ),
        default=Coalesce(grant, awarded, output_field=MONEY_FIELD),
        output_field=MONEY_FIELD,
    )


def counted_totals(proposals: QuerySet) -> tuple[int, Decimal]:
    """How many of ``proposals`` there are, and the sum of their :func:`counted_amount`."""
    totals = proposals.aggregate(count=Count("pk"), total=Sum(counted_amount()))
    return totals["count"], totals["total"] or Decimal("0")


def gauge(call: Call) -> Gauge:
    selected, awarded = counted_totals(counted_selection(call))
    return Gauge(envelope=call.budget_envelope, awarded=awarded, cap=call.max_selected, selected=selected)


def waiting_list(call: Call) -> QuerySet:
    return (
        Proposal.objects.filter(call=call, outcome=Outcome.WAITING)
        .select_related("application__organisation")
        .order_by("waiting_rank")
    )


# --------------------------------------------------------------------------------------------
# Changing proposals
# --------------------------------------------------------------------------------------------
def require_committee(user) -> None:
    """The committee proposes; ``None`` is the system (commands, demo)."""
    if user is None:
        return
    if roles.COMMITTEE not in roles.staff_roles(user):
        raise PermissionDenied(_("Only the selection committee may propose outcomes."))


def propose(
    *,
    application: Application,
    outcome: str,
    by,
    awarded_amount: Decimal | None = None,
    amount_reason: str = "",
    waiting_rank: int | None = None,
    assessment_summary: str = "",
    below_minimum_reason: str = "",
) -> Proposal:
    """Record the committee's proposed outcome for a dossier that has no decision yet.

    Selecting a dossier whose score is below the call's minimum needs ``below_minimum_reason``.
    """
    require_committee(by)
    with transaction.atomic():
        call = lock_call(application.call_id)
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state in (S.AWARDED, S.REFUSED):
            raise SelectionRefused(
                _("This dossier already has a decision: correct the decision instead."), code="decided"
            )
        proposal = apply_outcome(
            call=call,
            application=locked,
            outcome=outcome,
            by=by,
            awarded_amount=awarded_amount,
            amount_reason=amount_reason,
            waiting_rank=waiting_rank,
            assessment_summary=assessment_summary,
            below_minimum_reason=below_minimum_reason,
        )
    return proposal


def remove_proposal(*, application: Application, by) -> None:
    """Take a dossier back to « no proposal » (before any decision)."""
    require_committee(by)
    with transaction.atomic():
        call = lock_call(application.call_id)
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state in (S.AWARDED, S.REFUSED):
            raise SelectionRefused(
                _("This dossier already has a decision: correct the decision instead."), code="decided"
            )
        proposal = Proposal.objects.filter(application=locked).first()
        if proposal is None:
            return
        before = proposal_snapshot(proposal)
        proposal.delete()
        compact_waiting_list(call)
        audit.record(action="proposal_removed", actor=by, application=locked, changes={"before": before})


def lock_call(call_id: int) -> Call:
    """Lock the call's row: every change to its selection is serialised behind this lock.

    FOR NO KEY UPDATE: it excludes the other holders of this lock all the same, but lets rows that
    point at the call be inserted meanwhile. Every audit entry about a dossier points at its call;
    with FOR UPDATE, anyone recording one (an official sending decision emails, a reviewer) would
    wait for this lock while holding the audit chain's, which the holder of this lock needs next.
    """
    return Call.objects.select_for_update(no_key=True).get(pk=call_id)


def apply_outcome(
    *,
    call: Call,
    application: Application,
    outcome: str,
    by,
    awarded_amount: Decimal | None = None,
    amount_reason: str = "",
    waiting_rank: int | None = None,
    assessment_summary: str = "",
    below_minimum_reason: str | None = None,
    correcting: bool = False,
) -> Proposal:
    """Check the rules and save the proposal. The caller holds the call's lock and the dossier's.

    ``correcting`` is for a decision being corrected: the dossier then has a decision already.
    ``below_minimum_reason`` ``None`` keeps the reason already recorded with the proposal (a
    promotion from the waiting list, a correction).
    """
    if outcome not in Outcome.values:
        raise SelectionRefused(_("Unknown outcome."), code="outcome")
    if application.call_id != call.pk:
        raise SelectionRefused(_("This dossier belongs to another call."), code="wrong_call")
    if application.requested_amount is None:
        raise SelectionRefused(_("This dossier has no requested amount."), code="not_eligible")
    amount_reason = (amount_reason or "").strip()
    assessment_summary = (assessment_summary or "").strip()
    check_eligibility(call=call, application=application, outcome=outcome, correcting=correcting)

    existing = Proposal.objects.filter(application=application).first()
    before = proposal_snapshot(existing) if existing else {}
    proposal = existing or Proposal(application=application, call=call)
    proposal.requested_amount = application.requested_amount
    proposal.proposed_by = by if by is not None and by.is_authenticated else None
    proposal.assessment_summary = assessment_summary

    if outcome == Outcome.SELECTED:
        kept = existing.below_minimum_reason if existing else ""
        reason = kept if below_minimum_reason is None else below_minimum_reason.strip()
        proposal.below_minimum_reason = check_minimum_score(call=call, application=application, reason=reason)
        amount = check_selection(
            call=call, application=application, awarded_amount=awarded_amount, amount_reason=amount_reason
        )
        proposal.outcome = Outcome.SELECTED
        proposal.awarded_amount = amount
        proposal.amount_reason = amount_reason if amount < application.requested_amount else ""
        proposal.waiting_rank = None
    elif outcome == Outcome.WAITING:
        proposal.outcome = Outcome.WAITING
        proposal.awarded_amount = None
        proposal.amount_reason = ""
        if below_minimum_reason is not None:
            proposal.below_minimum_reason = below_minimum_reason.strip()
    else:
        if not assessment_summary:
            raise SelectionRefused(
                _("Give a short assessment summary: it is quoted in the refusal letter."), code="summary_required"
            )
        proposal.outcome = Outcome.REJECTED
        proposal.awarded_amount = None
        proposal.amount_reason = ""
        proposal.waiting_rank = None
        proposal.below_minimum_reason = ""

    if outcome == Outcome.WAITING:
        was_waiting = existing is not None and before.get("outcome") == Outcome.WAITING
        place_on_waiting_list(call=call, proposal=proposal, rank=waiting_rank, was_waiting=was_waiting)
    else:
        proposal.save()
        compact_waiting_list(call)

    after = proposal_snapshot(proposal)
    changes = audit.field_changes(before, after)
    if changes:
        audit.record(action="proposal_changed", actor=by, application=application, obj=proposal, changes=changes)
    return proposal


def check_eligibility(*, call: Call, application: Application, outcome: str, correcting: bool) -> None:
    if application.state == S.WITHDRAWN:
        raise SelectionRefused(_("The carrier withdrew this dossier."), code="withdrawn")
    if correcting:
        admissible = AdmissibilityCheck.objects.filter(
            application=application, outcome=AdmissibilityCheck.Outcome.ADMISSIBLE
        ).exists()
    else:
        admissible = application.state == S.ADMISSIBLE
    if outcome == Outcome.REJECTED:
        # A dossier found not admissible is refused without being scored.
        if admissible:
            check_fully_reviewed(call=call, application=application)
        elif application.state != S.INADMISSIBLE and not correcting:
            raise SelectionRefused(
                _("This dossier is still being checked (« %(state)s »): it cannot be rejected yet.")
                % {"state": S(application.state).label},
                code="not_admissible",
            )
        return
    if not admissible:
        raise SelectionRefused(
            _("Only an admissible dossier can be selected or put on the waiting list (this one is « %(state)s »).")
            % {"state": S(application.state).label},
            code="not_admissible",
        )
    check_fully_reviewed(call=call, application=application)


def check_fully_reviewed(*, call: Call, application: Application) -> None:
    done = Review.objects.filter(application=application, state=Review.State.SUBMITTED).count()
    needed = call.reviewers_per_application
    if done < needed:
        raise SelectionRefused(
            ngettext(
                "This dossier is not fully reviewed: %(done)d review submitted out of %(needed)d required.",
                "This dossier is not fully reviewed: %(done)d reviews submitted out of %(needed)d required.",
                done,
            )
            % {"done": done, "needed": needed},
            code="not_reviewed",
        )


def dossier_score(call: Call, application: Application) -> Decimal | None:
    """The dossier's score on the basis that ranks the call (raw or calibrated), as the suggestion reads it."""
    score = ranked_dossiers(call).filter(pk=application.pk).values_list("score", flat=True).first()
    return quantize_score(score)


def meets_minimum(call: Call, application: Application) -> bool:
    score = dossier_score(call, application) if call.minimum_score else None
    return not call.minimum_score or (score is not None and score >= call.minimum_score)


def check_minimum_score(*, call: Call, application: Application, reason: str) -> str:
    """The reason to record for selecting ``application``: empty at or above the minimum score;
    below it, a reason must be given (the suggestion never proposes such a dossier)."""
    if meets_minimum(call, application):
        return ""
    score = dossier_score(call, application)
    if not reason:
        raise SelectionRefused(
            _(
                "This dossier's score (%(score)s/100) is below the call's minimum score (%(minimum)s/100): "
                "give the reason for selecting it all the same."
            )
            % {"score": format_points(score), "minimum": format_points(call.minimum_score)},
            code="below_minimum",
        )
    return reason


def check_selection(
    *, call: Call, application: Application, awarded_amount: Decimal | None, amount_reason: str
) -> Decimal:
    """Check the amount, the cap and the envelope for selecting ``application``; return the amount."""
    requested = application.requested_amount
    amount = requested if awarded_amount is None else Decimal(awarded_amount)
    if amount != amount.quantize(Decimal("0.01")):
        raise SelectionRefused(_("An amount has at most two decimals (cents)."), code="amount")
    if amount <= 0:
        raise SelectionRefused(_("The awarded amount must be greater than zero."), code="amount")
    if amount > requested:
        raise SelectionRefused(
            _("The awarded amount (%(amount)s) is above the amount requested (%(requested)s) by %(excess)s.")
            % {
                "amount": format_euros(amount),
                "requested": format_euros(requested),
                "excess": format_euros(amount - requested),
            },
            code="amount",
        )
    if amount < requested and not amount_reason:
        raise SelectionRefused(
            _("Give the reason for awarding less than the amount requested."), code="reason_required"
        )

    count, used = counted_totals(counted_selection(call).exclude(application=application))
    if count + 1 > call.max_selected:
        raise SelectionRefused(
            ngettext(
                "Cap reached: at most %(cap)d carrier can be selected and %(count)d already is; "
                "selecting this dossier would exceed the cap by %(excess)d.",
                "Cap reached: at most %(cap)d carriers can be selected and %(count)d already are; "
                "selecting this dossier would exceed the cap by %(excess)d.",
                call.max_selected,
            )
            % {"cap": call.max_selected, "count": count, "excess": count + 1 - call.max_selected},
            code="cap",
        )
    if used + amount > call.budget_envelope:
        raise SelectionRefused(
            _(
                "Envelope exceeded by %(excess)s: %(used)s already awarded out of %(envelope)s, "
                "%(remaining)s remaining, and this award is %(amount)s."
            )
            % {
                "excess": format_euros(used + amount - call.budget_envelope),
                "used": format_euros(used),
                "envelope": format_euros(call.budget_envelope),
                "remaining": format_euros(call.budget_envelope - used),
                "amount": format_euros(amount),
            },
            code="envelope",
        )
    return amount


def proposal_snapshot(proposal: Proposal | None) -> dict:
    if proposal is None or proposal.pk is None:
        return {}
    return {
        "outcome": proposal.outcome,
        "awarded_amount": str(proposal.awarded_amount) if proposal.awarded_amount is not None else None,
        "amount_reason": proposal.amount_reason,
        "waiting_rank": proposal.waiting_rank,
        "assessment_summary": proposal.assessment_summary,
        "below_minimum_reason": proposal.below_minimum_reason,
    }


# --------------------------------------------------------------------------------------------
# The waiting list
# --------------------------------------------------------------------------------------------
def place_on_waiting_list(*, call: Call, proposal: Proposal, rank: int | None, was_waiting: bool) -> None:
    """Put ``proposal`` at ``rank`` (1 = first; ``None`` = last) and renumber the list 1, 2, 3…"""
    others = list(
        Proposal.objects.filter(call=call, outcome=Outcome.WAITING)
        .exclude(pk=proposal.pk)
        .order_by("waiting_rank")
        .values_list("pk", flat=True)
    )
    position = len(others) if rank is None else max(0, min(int(rank) - 1, len(others)))
    if not was_waiting:
        # A rank nobody holds while the list is rebuilt below.
        proposal.waiting_rank = next_free_rank(call)
    proposal.outcome = Outcome.WAITING
    proposal.save()
    ordered = others[:position] + [proposal.pk] + others[position:]
    renumber_waiting_list(call, ordered)
    proposal.refresh_from_db(fields=["waiting_rank"])


def next_free_rank(call: Call) -> int:
    highest = Proposal.objects.filter(call=call, outcome=Outcome.WAITING).order_by("-waiting_rank").first()
    return (highest.waiting_rank if highest else 0) + 1


def compact_waiting_list(call: Call) -> None:
    ordered = list(
        Proposal.objects.filter(call=call, outcome=Outcome.WAITING)
        .order_by("waiting_rank")
        .values_list("pk", flat=True)
    )
    renumber_waiting_list(call, ordered)


def renumber_waiting_list(call: Call, ordered_ids: list[int]) -> None:
    """Give the waiting proposals ranks 1..n in ``ordered_ids`` order.

    Two passes (first above every current rank, then down to the target) so that the unique
    (call, rank) index never sees two rows with the same rank, even mid-statement.
    """
    current = dict(Proposal.objects.filter(call=call, outcome=Outcome.WAITING).values_list("pk", "waiting_rank"))
    moves = {pk: index for index, pk in enumerate(ordered_ids, start=1) if current.get(pk) != index}
    if not moves:
        return
    offset = max(current.values(), default=0) + 1
    rows = [Proposal(pk=pk, waiting_rank=offset + target) for pk, target in moves.items()]
    Proposal.objects.bulk_update(rows, ["waiting_rank"])
    for row in rows:
        row.waiting_rank = moves[row.pk]
    Proposal.objects.bulk_update(rows, ["waiting_rank"])


@dataclass(frozen=True)
class Promotion:
    proposal: Proposal | None
    message: str


def promote_from_waiting_list(*, call: Call, by) -> Promotion:
    """Select the first dossier of the waiting list whose request fits what is left.

    Used after a selected carrier withdrew: its seat and its money are free again. The promoted
    dossier is awarded its requested amount; an official then validates it into a decision. A
    dossier below the call's minimum score is passed over unless the committee recorded a reason.
    """
    require_committee(by)
    with transaction.atomic():
        call = lock_call(call.pk)
        current = gauge(call)
        if current.seats_left <= 0:
            return Promotion(
                None,
                ngettext(
                    "No seat is free: %(count)d of %(cap)d carrier is selected.",
                    "No seat is free: %(count)d of %(cap)d carriers are selected.",
                    current.cap,
                )
                % {"count": current.selected, "cap": current.cap},
            )
        candidates = (
            Proposal.objects.select_for_update()
            .filter(call=call, outcome=Outcome.WAITING, application__state=S.ADMISSIBLE)
            .order_by("waiting_rank")
            .select_related("application")
        )
        for candidate in candidates:
            if not candidate.below_minimum_reason and not meets_minimum(call, candidate.application):
                continue  # never selected below the minimum score without the committee's reason
            if candidate.application.requested_amount and candidate.application.requested_amount <= current.remaining:
                proposal = apply_outcome(
                    call=call,
                    application=candidate.application,
                    outcome=Outcome.SELECTED,
                    by=by,
                    assessment_summary=candidate.assessment_summary,
                )
                audit.record(action="waiting_list_promoted", actor=by, application=candidate.application)
                return Promotion(
                    proposal,
                    _("%(dossier)s is promoted from the waiting list with %(amount)s.")
                    % {"dossier": candidate.application, "amount": format_euros(proposal.awarded_amount)},
                )
        return Promotion(
            None,
            _("No dossier of the waiting list fits in the %(remaining)s left in the envelope.")
            % {"remaining": format_euros(current.remaining)},
        )


# --------------------------------------------------------------------------------------------
# The suggested selection, beside the committee's
# --------------------------------------------------------------------------------------------
Method = Call.SelectionMethod


def eligible(candidates: Sequence[Candidate], minimum_score: Decimal) -> list[Candidate]:
    """The candidates at or above the minimum score, in the order given (the ranking's)."""
    return [c for c in candidates if c.score >= minimum_score]


@dataclass(frozen=True)
class WalkStep:
    """One dossier examined by the walk in rank order: what was left when its turn came."""

    candidate: Candidate
    taken: bool
    taken_before: int
    remaining_before: Decimal


def rank_order_walk(
    candidates: Sequence[Candidate], *, cap: int, envelope: Decimal, minimum_score: Decimal = Decimal("0")
) -> list[WalkStep]:
    """The walk down the ranking, step by step; it stops when ``cap`` dossiers are taken."""
    steps: list[WalkStep] = []
    taken, remaining = 0, Decimal(envelope)
    for candidate in eligible(candidates, minimum_score):
        if taken >= cap:
            break
        fits = candidate.amount <= remaining
        steps.append(WalkStep(candidate=candidate, taken=fits, taken_before=taken, remaining_before=remaining))
        if fits:
            taken, remaining = taken + 1, remaining - candidate.amount
    return steps


def rank_order_selection(
    candidates: Sequence[Candidate], *, cap: int, envelope: Decimal, minimum_score: Decimal = Decimal("0")
) -> Suggestion:
    """« In order of rank, skipping what no longer fits ».

    ``candidates`` are in the ranking's order (ties already broken by it). Each one at or above the
    minimum score is taken when its amount fits in what is left of the envelope, until ``cap``
    dossiers are taken; one that does not fit is skipped, and the walk goes on.
    """
    chosen = [
        step.candidate
        for step in rank_order_walk(candidates, cap=cap, envelope=envelope, minimum_score=minimum_score)
        if step.taken
    ]
    return Suggestion(
        chosen=tuple(chosen),
        total_score=sum((c.score for c in chosen), Decimal("0")),
        total_amount=sum((c.amount for c in chosen), Decimal("0")),
        method="rank_order",
        considered=len(eligible(candidates, minimum_score)),
    )


def best_total_selection(
    candidates: Sequence[Candidate], *, cap: int, envelope: Decimal, minimum_score: Decimal = Decimal("0")
) -> Suggestion:
    """« The best total score within the envelope and the cap », among the candidates at or above
    the minimum score: the exact optimum of :func:`optimiser.best_selection_within`."""
    return optimiser.best_selection_within(eligible(candidates, minimum_score), cap=cap, envelope=envelope)


SELECTION_FUNCTIONS = {Method.RANK_ORDER: rank_order_selection, Method.BEST_TOTAL: best_total_selection}


def selection_by(
    method: str, candidates: Sequence[Candidate], *, cap: int, envelope: Decimal, minimum_score: Decimal
) -> Suggestion:
    return SELECTION_FUNCTIONS[Method(method)](candidates, cap=cap, envelope=envelope, minimum_score=minimum_score)


@dataclass(frozen=True)
class MethodSuggestion:
    """One method's suggestion, and how the committee's selection differs from it."""

    method: str
    suggestion: Suggestion
    comparison: Comparison
    is_the_calls: bool

    @property
    def label(self) -> str:
        return Method(self.method).label


@dataclass(frozen=True)
class SuggestionReport:
    """Both methods' suggestions; ``suggestion`` and ``comparison`` are those of the call's method."""

    suggestion: Suggestion
    comparison: Comparison
    candidates: int
    by_method: tuple[MethodSuggestion, ...]
    below_minimum: int
    minimum_score: Decimal

    @property
    def rank_order(self) -> MethodSuggestion:
        return next(m for m in self.by_method if m.method == Method.RANK_ORDER)

    @property
    def best_total(self) -> MethodSuggestion:
        return next(m for m in self.by_method if m.method == Method.BEST_TOTAL)

    @property
    def methods_agree(self) -> bool:
        return set(self.rank_order.suggestion.keys) == set(self.best_total.suggestion.keys)

    @property
    def only_rank_order(self) -> tuple[Candidate, ...]:
        """Taken by the walk in rank order but not by the best total."""
        other = set(self.best_total.suggestion.keys)
        return tuple(c for c in self.rank_order.suggestion.chosen if c.key not in other)

    @property
    def only_best_total(self) -> tuple[Candidate, ...]:
        other = set(self.rank_order.suggestion.keys)
        return tuple(c for c in self.best_total.suggestion.chosen if c.key not in other)


def suggestion_candidates(call: Call) -> list[optimiser.Candidate]:
    """The dossiers the suggestion chooses from, in the ranking's order.

    The ranked dossiers that are fully reviewed and still in the running (not withdrawn), awarded
    their full request, scored on the basis the committee chose for the ranking (raw or
    calibrated), as ``ranking.dossier_scores`` scores them. Only three columns are read. Those
    below the call's minimum score are among them: each method leaves them out.
    """
    rows = (
        ranked_dossiers(call)
        .filter(fully_reviewed=True, score__isnull=False, requested_amount__isnull=False)
        .values_list("pk", "score", "requested_amount")
    )
    return [optimiser.Candidate(key=pk, score=quantize_score(score), amount=amount) for pk, score, amount in rows]


def suggest(call: Call) -> SuggestionReport:
    """Each method's selection by score within the envelope and the cap, compared with the committee's.

    Candidates are :func:`suggestion_candidates`; the ranking order breaks ties; dossiers below the
    call's minimum score are never suggested.
    """
    candidates = suggestion_candidates(call)
    minimum = call.minimum_score or Decimal("0")
    scores = {c.key: c.score for c in candidates}
    selected = list(counted_selection(call).annotate(counted=counted_amount()).values_list("application_id", "counted"))
    committee = [Candidate(key=pk, score=scores.get(pk, Decimal("0")), amount=amount) for pk, amount in selected]
    committee_amount = sum((amount for _pk, amount in selected), Decimal("0"))
    by_method = []
    for method in Method:
        suggestion = selection_by(
            method, candidates, cap=call.max_selected, envelope=call.budget_envelope, minimum_score=minimum
        )
        by_method.append(
            MethodSuggestion(
                method=method.value,
                suggestion=suggestion,
                comparison=optimiser.compare(suggestion, committee, committee_amount),
                is_the_calls=method == call.selection_method,
            )
        )
    own = next(m for m in by_method if m.is_the_calls)
    return SuggestionReport(
        suggestion=own.suggestion,
        comparison=own.comparison,
        candidates=len(candidates),
        by_method=tuple(by_method),
        below_minimum=sum(1 for c in candidates if c.score < minimum),
        minimum_score=minimum,
    )
