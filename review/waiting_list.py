"""Closing a call's waiting list: the committee proposes the refusal of every dossier still on it.

Closing is not a state of its own (no schema for it): it is recorded by what it produces — each
dossier still on the list gets a « rejected » proposal (audited), then, once an official signs it,
a refusal decision whose grounds say the dossier was on the waiting list
(``review.reasons.WAITING_LIST``). The carrier reads it on their page and in the decision email,
with the reasons and the appeal routes, like any refusal.
"""

from django.db import transaction

from applications import audit
from applications.models import Call

from .models import Proposal
from .selection import lock_call, propose, require_committee

# Quoted in the letter as the committee's assessment when the dossier had none of its own (French: an act).
DEFAULT_SUMMARY = "Projet recevable et évalué, inscrit sur la liste d'attente de l'appel ; la liste est close."


def close_waiting_list(*, call: Call, by) -> list[Proposal]:
    """Propose the refusal of each dossier still on ``call``'s waiting list; returns the proposals."""
    require_committee(by)
    with transaction.atomic():
        call = lock_call(call.pk)
        waiting = list(
            Proposal.objects.filter(call=call, outcome=Proposal.Outcome.WAITING)
            .select_related("application")
            .order_by("waiting_rank")
        )
        closed = [
            propose(
                application=proposal.application,
                outcome=Proposal.Outcome.REJECTED,
                assessment_summary=proposal.assessment_summary or DEFAULT_SUMMARY,
                by=by,
            )
            for proposal in waiting
        ]
        if closed:
            audit.record(
                action="waiting_list_closed",
                actor=by,
                call=call,
                changes={"dossiers": [proposal.application.reference for proposal in waiting]},
            )
    return closed
