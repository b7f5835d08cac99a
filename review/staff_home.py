"""Each staff member's home: the work waiting for them, by role, each item linking to where it is done.

- reviewers: « À évaluer » (their assigned dossiers, the state of their review, the call's review
  deadline, n of N submitted) and the dossiers whose admissibility they must check;
- whoever checks admissibility (reviewers on their dossiers, the committee on all): dossiers waiting
  for the check, requests for more information still unanswered, carriers' messages unread
  (``applications.conversation``);
- the committee: reviews missing per dossier, disagreements to settle, each call's ranking and
  selection (envelope and cap);
- officials: decisions waiting for signature, decision emails to send or that failed, generations.

Every figure is computed in SQL and every list is cut at ``LIMIT`` rows, so a home costs the same
number of queries with ten dossiers or ten thousand. Every query starts from ``access`` (scoped to
the person): a reviewer never sees a dossier they are not assigned to.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications import conversation, roles
from applications.grants.models import Grant, Report
from applications.models import Application, Call, OutgoingEmail

from . import access, admissibility, charts
from .decision_emails import decision_emails
from .models import Decision, GenerationJob, Proposal, Review
from .selection import Gauge

S = Application.State
LIMIT = 10  # rows of each list; the counts say how many there are in all


# --------------------------------------------------------------------------------------------
# Reviewers: « À évaluer »
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CallProgress:
    call_id: int
    title: str
    review_deadline: date | None  # None when the call sets none
    submitted: int
    total: int

    @property
    def remaining(self) -> int:
        return self.total - self.submitted

    @property
    def overdue(self) -> bool:
        return self.review_deadline is not None and self.review_deadline < timezone.localdate()


@dataclass
class ReviewerQueue:
    progress: list[CallProgress]
    dossiers: list[Application]  # annotated with ``my_review_state``

    @property
    def remaining(self) -> int:
        return sum(row.remaining for row in self.progress)


def _my_review(user, state=None):
    reviews = Review.objects.filter(application=OuterRef("pk"), reviewer=user)
    return reviews.filter(state=state) if state else reviews


def reviewer_queue(user, *, limit: int = LIMIT) -> ReviewerQueue:
    """The dossiers ``user`` must score, soonest deadline first, and their progress in each call.

    A dossier counts in « N » once it is admissible (it can be scored) or once the reviewer
    submitted a review on it (it stays counted after the decision); « n » is their submitted reviews.
    """
    mine = access.visible_applications(user)
    if access.sees_every_dossier(user):  # a reviewer also on the committee: their assigned dossiers only
        mine = mine.filter(access.assigned_without_conflict(user))
    submitted = Exists(_my_review(user, Review.State.SUBMITTED))
    progress = [
        CallProgress(row["call_id"], row["call__title"], row["call__review_deadline"], row["done"], row["total"])
        for row in mine.annotate(mine_submitted=submitted)
        .filter(Q(state=S.ADMISSIBLE) | Q(mine_submitted=True))
        .values("call_id", "call__title", "call__review_deadline", "call__opens_at")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(mine_submitted=True)))
        .order_by("-call__opens_at")
    ]
    dossiers = list(
        mine.filter(state=S.ADMISSIBLE)
        .exclude(Exists(_my_review(user, Review.State.SUBMITTED)))
        .annotate(my_review_state=Subquery(_my_review(user).values("state")[:1]))
        .select_related("call", "organisation")
        .order_by(F("call__review_deadline").asc(nulls_last=True), "reference")[:limit]
    )
    return ReviewerQueue(progress=progress, dossiers=dossiers)


# --------------------------------------------------------------------------------------------
# Admissibility and exchanges with carriers
# --------------------------------------------------------------------------------------------
@dataclass
class Waiting:
    """A count and the first rows of one list of work."""

    count: int
    rows: list = field(default_factory=list)


@dataclass
class InstructionQueue:
    admissibility: Waiting
    information: Waiting
    messages: Waiting
    unread_messages: int


def instruction_queue(user, *, limit: int = LIMIT) -> InstructionQueue:
    # A reviewer's own dossiers; the committee's, every submitted one (both may check admissibility).
    visible = access.visible_applications(user)
    to_check = visible.filter(state__in=admissibility.CHECKABLE_STATES)
    checking = Waiting(
        count=to_check.count(),
        rows=list(to_check.select_related("organisation", "call").order_by("submitted_at", "reference")[:limit]),
    )
    pending = access.visible_information_requests(user).filter(answered_at__isnull=True)
    information = Waiting(
        count=pending.count(),
        rows=list(pending.select_related("application__organisation").order_by("due_at", "pk")[:limit]),
    )
    now = timezone.now()
    for request in information.rows:
        request.overdue = request.due_at < now
    unread = conversation.with_unread_for_staff(user)
    messages = Waiting(count=unread.count(), rows=list(unread[:limit]))
    return InstructionQueue(
        admissibility=checking,
        information=information,
        messages=messages,
        unread_messages=conversation.unread_for_staff(user),
    )


# --------------------------------------------------------------------------------------------
# The committee: reviews, disagreements, ranking and selection
# --------------------------------------------------------------------------------------------
def _submitted_scores(aggregate):
    """A subquery annotation: ``aggregate`` over the dossier's submitted review scores."""
    values = (
        Review.objects.filter(application=OuterRef("pk"), state=Review.State.SUBMITTED)
        .order_by()
        .values("application")
        .annotate(value=aggregate)
        .values("value")
    )
    return Subquery(values)


def with_review_figures(queryset, *, joined: bool = False):
    """Annotate dossiers with ``reviews_done``, ``highest`` and ``lowest`` submitted scores.

    Two plans for the same figures, each the faster where it is used (measured at 10,000 dossiers,
    ``benchmarks/pages.py``): correlated subqueries for a short list in some order (the database
    stops at the first rows), one join grouped by dossier for counts over all of them.
    """
    if joined:
        submitted = Q(reviews__state=Review.State.SUBMITTED)
        return queryset.annotate(
            reviews_done=Count("reviews", filter=submitted),
            highest=Max("reviews__score", filter=submitted),
            lowest=Min("reviews__score", filter=submitted),
        )
    return queryset.annotate(
        reviews_done=Coalesce(_submitted_scores(Count("pk")), 0),
        highest=_submitted_scores(Max("score")),
        lowest=_submitted_scores(Min("score")),
    )


def missing_reviews(queryset):
    """Dossiers annotated by :func:`with_review_figures` that lack submitted reviews."""
    return queryset.filter(reviews_done__lt=F("call__reviewers_per_application"))


def disagreements(queryset):
    """Dossiers annotated by :func:`with_review_figures` whose reviewers disagree (``scoring.dossier_statistics``:
    highest − lowest strictly above the call's threshold), annotated with that ``spread``."""
    return queryset.annotate(spread=F("highest") - F("lowest")).filter(spread__gt=F("call__disagreement_threshold"))


@dataclass(frozen=True)
class CallStatus:
    call: Call
    submitted: int
    admissible: int
    missing_reviews: int
    disagreements: int
    waiting: int
    rejected: int
    gauge: Gauge

    @property
    def envelope_text(self) -> str:
        return charts.gauge_text(self.gauge)


@dataclass
class CommitteeWork:
    missing_reviews: Waiting  # rows annotated with reviews_done
    disagreements: Waiting  # rows annotated with highest, lowest, spread
    calls: list[CallStatus]


def committee_work(user, *, limit: int = LIMIT, calls: int = 5) -> CommitteeWork:
    """The committee's work in the ``calls`` most recent published calls (older ones are settled)."""
    recent = list(Call.objects.exclude(status=Call.Status.DRAFT).order_by("-opens_at")[:calls])
    ids = [call.pk for call in recent]
    admissible = access.visible_applications(user).filter(state=S.ADMISSIBLE, call_id__in=ids)
    missing, disputed = missing_reviews(with_review_figures(admissible)), disagreements(with_review_figures(admissible))
    by_call = with_review_figures(admissible, joined=True)
    counts = {
        row["call_id"]: row
        for row in access.visible_applications(user)
        .filter(call_id__in=ids)
        .values("call_id")
        .annotate(submitted=Count("pk"), admissible=Count("pk", filter=Q(state=S.ADMISSIBLE)))
        .order_by()
    }
    missing_by_call, disputed_by_call = (
        dict(
            Application.objects.filter(pk__in=chosen(by_call).values("pk"))
            .values_list("call_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for chosen in (missing_reviews, disagreements)
    )
    counted = Q(outcome=Proposal.Outcome.SELECTED) & ~Q(application__state=S.WITHDRAWN)
    proposals = {
        row["call_id"]: row
        for row in Proposal.objects.filter(call_id__in=ids)
        .values("call_id")
        .annotate(
            selected=Count("pk", filter=counted),
            awarded=Sum("awarded_amount", filter=counted),
            waiting=Count("pk", filter=Q(outcome=Proposal.Outcome.WAITING)),
            rejected=Count("pk", filter=Q(outcome=Proposal.Outcome.REJECTED)),
        )
        .order_by()
    }
    statuses = []
    for call in recent:
        count, proposed = counts.get(call.pk, {}), proposals.get(call.pk, {})
        statuses.append(
            CallStatus(
                call=call,
                submitted=count.get("submitted", 0),
                admissible=count.get("admissible", 0),
                missing_reviews=missing_by_call.get(call.pk, 0),
                disagreements=disputed_by_call.get(call.pk, 0),
                waiting=proposed.get("waiting", 0),
                rejected=proposed.get("rejected", 0),
                gauge=Gauge(
                    envelope=call.budget_envelope,
                    awarded=proposed.get("awarded") or Decimal("0"),
                    cap=call.max_selected,
                    selected=proposed.get("selected", 0),
                ),
            )
        )
    return CommitteeWork(
        missing_reviews=Waiting(
            count=sum(missing_by_call.values()),
            rows=list(missing.select_related("call", "organisation").order_by("reviews_done", "reference")[:limit]),
        ),
        disagreements=Waiting(
            count=sum(disputed_by_call.values()),
            rows=list(disputed.select_related("call", "organisation").order_by("-spread", "reference")[:limit]),
        ),
        calls=statuses,
    )


# --------------------------------------------------------------------------------------------
# Officials: signatures, emails, generations
# --------------------------------------------------------------------------------------------
def decisions_to_sign():
    """The committee's proposals (award or refusal) whose dossier has no valid decision yet."""
    valid = Decision.objects.filter(application=OuterRef("application_id"), status=Decision.Status.ISSUED)
    return (
        Proposal.objects.filter(outcome__in=[Proposal.Outcome.SELECTED, Proposal.Outcome.REJECTED])
        .exclude(application__state=S.WITHDRAWN)
        .exclude(Exists(valid))
    )


@dataclass
class OfficialWork:
    to_sign: Waiting  # rows: proposals with their dossier and call
    to_sign_by_call: list[dict]
    drafts: int
    failures: int
    jobs: list[GenerationJob]
    late_reports: Waiting = field(default_factory=lambda: Waiting(count=0))  # the grants' reports past due
    reports_to_review: Waiting = field(default_factory=lambda: Waiting(count=0))
    # Grants a corrective decision changed or withdrew, until the officials carried it out.
    corrected_grants: Waiting = field(default_factory=lambda: Waiting(count=0))


def grant_reports_needing_the_official(*, limit: int = LIMIT) -> tuple[Waiting, Waiting]:
    """Reports past their due date and not filed (draft, or sent back for corrections), and reports
    filed and waiting for the official's review — two counts and their first rows."""
    today = timezone.localdate()
    late = Report.objects.filter(state__in=[Report.State.DRAFT, Report.State.CORRECTIONS], due_on__lt=today)
    filed = Report.objects.filter(state=Report.State.SUBMITTED)
    counts = Report.objects.aggregate(
        late=Count("pk", filter=Q(state__in=[Report.State.DRAFT, Report.State.CORRECTIONS], due_on__lt=today)),
        filed=Count("pk", filter=Q(state=Report.State.SUBMITTED)),
    )
    rows = "grant__application__organisation"
    return (
        Waiting(count=counts["late"], rows=list(late.select_related(rows).order_by("due_on", "pk")[:limit])),
        Waiting(count=counts["filed"], rows=list(filed.select_related(rows).order_by("submitted_at", "pk")[:limit])),
    )


def grants_with_a_pending_correction(*, limit: int = LIMIT) -> Waiting:
    """Grants whose award a corrective decision changed (an amendment is needed) or withdrew."""
    pending = Grant.objects.filter(pending_correction__isnull=False)
    rows = pending.select_related("application__organisation", "pending_correction").order_by(
        "pending_correction__signed_at", "pk"
    )
    return Waiting(count=pending.count(), rows=list(rows[:limit]))


def official_work(user, *, limit: int = LIMIT, jobs: int = 5) -> OfficialWork:
    pending = decisions_to_sign()
    by_call = list(pending.values("call_id", "call__title").annotate(n=Count("pk")).order_by("call__title"))
    emails = {}
    if user.has_perm("applications.view_outgoingemail"):
        emails = dict(
            decision_emails()
            .filter(status__in=[OutgoingEmail.Status.DRAFT, OutgoingEmail.Status.FAILED])
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
            .order_by()
        )
    late_reports, reports_to_review = grant_reports_needing_the_official(limit=limit)
    return OfficialWork(
        corrected_grants=grants_with_a_pending_correction(limit=limit),
        late_reports=late_reports,
        reports_to_review=reports_to_review,
        to_sign=Waiting(
            count=sum(row["n"] for row in by_call),
            rows=list(
                pending.select_related("application__organisation", "call").order_by(
                    "call_id", "application__reference"
                )[:limit]
            ),
        ),
        to_sign_by_call=by_call,
        drafts=emails.get(OutgoingEmail.Status.DRAFT, 0),
        failures=emails.get(OutgoingEmail.Status.FAILED, 0),
        jobs=list(GenerationJob.objects.select_related("call").order_by("-created_at")[:jobs])
        if user.has_perm("review.view_generationjob")
        else [],
    )


# --------------------------------------------------------------------------------------------
# The home
# --------------------------------------------------------------------------------------------
@dataclass
class StaffHome:
    reviewer: ReviewerQueue | None = None
    instruction: InstructionQueue | None = None
    committee: CommitteeWork | None = None
    official: OfficialWork | None = None
    charts: "charts.CallCharts | None" = None

    @property
    def empty(self) -> bool:
        return not (self.reviewer or self.instruction or self.committee or self.official)


def home_for(user) -> StaffHome:
    """What ``user``'s roles give them to do; an empty home for anyone else (administrators, carriers)."""
    home = StaffHome()
    if not access.is_staff_member(user):
        return home
    held = roles.staff_roles(user)
    if roles.REVIEWER in held:
        home.reviewer = reviewer_queue(user)
    if held & {roles.REVIEWER, roles.COMMITTEE}:
        home.instruction = instruction_queue(user)
    if roles.COMMITTEE in held and user.has_perm("review.view_proposal"):
        home.committee = committee_work(user)
        if home.committee.calls:
            home.charts = charts.call_charts(home.committee.calls[0].call, gauge=home.committee.calls[0].gauge)
    if roles.OFFICIAL in held and user.has_perm("review.view_proposal"):
        home.official = official_work(user)
    return home
