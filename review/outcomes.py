"""What a carrier is told about the outcome of their dossier, on its page.

- refused: the reasons frozen on the decision when it was signed, worded as in the act, and the
  appeal routes (``templates/includes/acts/``, shared with the PDF);
- awarded: what happens next — the convention, the payment schedule, the reports due: the grant's
  real instalments and reports once its follow-up is open (``applications.grants``, reached
  through the decision's ``grant`` relation, so that review does not import the app built on it),
  until then the terms computed from the decision (``review.award_terms``, shared with the PDF);
- on the waiting list: its rank and what it means, once the call's results are out (the first
  decision of the call is signed: before that the committee's proposals are deliberations, not
  something to announce);
- promoted from the waiting list: the award decision will follow.

The waiting list is closed for a dossier by its refusal decision, whose grounds say it was on the
list (``review.reasons.WAITING_LIST``): that decision, like any other, reaches the carrier by the
decision emails an official sends, with the appeal routes.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist

from applications.models import Application

from .award_terms import AwardTerms, award_terms
from .models import Decision, Proposal
from .reasons import WAITING_LIST, was_on_waiting_list

AWARD = "award"
REFUSAL = "refusal"
WAITING = "waiting"
PROMOTED = "promoted"


@dataclass(frozen=True)
class CarrierOutcome:
    kind: str
    decision: Decision | None = None
    terms: AwardTerms | None = None
    grounds: dict | None = None
    waiting_rank: int | None = None
    waiting_count: int | None = None
    grant: object | None = None  # applications.grants.models.Grant, once the follow-up is open
    instalments: list = field(default_factory=list)
    reports: list = field(default_factory=list)

    @property
    def closes_waiting_list(self) -> bool:
        return self.kind == REFUSAL and (self.grounds or {}).get("kind") == WAITING_LIST


def grant_of(decision: Decision):
    """The grant's follow-up opened on this award, if any (and if the grants app is installed)."""
    try:
        return decision.grant
    except (ObjectDoesNotExist, AttributeError):
        return None


def results_published(call_id: int) -> bool:
    return Decision.objects.filter(call_id=call_id, status=Decision.Status.ISSUED).exists()


def carrier_outcome(application: Application, *, decisions: list[Decision] | None = None) -> CarrierOutcome | None:
    """The outcome to show on ``application``'s page, or ``None`` while there is none to tell.

    ``decisions`` are the dossier's valid decisions when the caller already loaded them (the page
    prefetches them); ``decision.call`` and ``decision.application`` are the page's own objects.
    """
    if decisions is None:
        decisions = list(Decision.objects.filter(application=application, status=Decision.Status.ISSUED))
    decision = decisions[0] if decisions else None
    if decision is not None:
        decision.application = application
        decision.call = application.call
        if decision.kind == Decision.Kind.AWARD:
            grant = grant_of(decision)
            return CarrierOutcome(
                AWARD,
                decision=decision,
                terms=award_terms(decision),
                grant=grant,
                instalments=list(grant.instalments.order_by("kind")) if grant else [],
                reports=list(grant.reports.order_by("due_on")) if grant else [],
            )
        return CarrierOutcome(REFUSAL, decision=decision, grounds=decision.grounds or {})
    if application.state != Application.State.ADMISSIBLE:
        return None
    proposal = Proposal.objects.filter(application=application).only("outcome", "waiting_rank", "call_id").first()
    if proposal is None or proposal.outcome == Proposal.Outcome.REJECTED:
        return None
    if not results_published(application.call_id):
        return None
    if proposal.outcome == Proposal.Outcome.WAITING:
        count = Proposal.objects.filter(call_id=application.call_id, outcome=Proposal.Outcome.WAITING).count()
        return CarrierOutcome(WAITING, waiting_rank=proposal.waiting_rank, waiting_count=count)
    if was_on_waiting_list(application):
        return CarrierOutcome(PROMOTED)
    return None
