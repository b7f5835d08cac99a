"""The reasons of a refusal, built from the dossier's own data (CRPA L.211-2, L.211-5).

Each outcome has its own grounds: a dossier found not admissible is refused for the admissibility
conditions it failed, named in words a carrier understands (never the name of a check), and never
for the budget; an admissible dossier that was not selected is refused for its rank and score
under the call's selection method, within the envelope and the cap; a dossier left on the waiting
list is refused because no seat or money came free.

:func:`refusal_grounds` freezes those facts when the decision is signed (they are stored on the
decision, whose PDF is rendered from them later, so the act never changes once signed); the
letter's template words them. Texts are built in French whatever the staff member's language:
they end up in acts, which are French.
"""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.formatting import format_euros
from applications.french_dates import french_datetime
from applications.models import Application, AuditEntry, Call

from .models import AdmissibilityCheck
from .selection import ranked_dossiers

S = Application.State

NOT_ADMISSIBLE = "not_admissible"
NOT_SELECTED = "not_selected"
WAITING_LIST = "waiting_list"

# What failing each admissibility condition means, for the carrier.
FAILED_CONDITIONS = {
    "on_time": gettext_lazy("the dossier was not submitted before the call closed (%(closing)s, Paris time)"),
    "complete": gettext_lazy(
        "the dossier was incomplete: a required document or piece of information was missing or could not be read"
    ),
    "legal_form_eligible": gettext_lazy(
        "the legal form of the organisation (%(legal_form)s) is not one the call accepts"
    ),
    "commitments_signed": gettext_lazy(
        "the required commitments were not given: the contrat d'engagement républicain and the sworn statement"
    ),
    "ambassadrices_conditions": gettext_lazy(
        "the project does not show how the conditions required of the ambassadrices are met (a residence permit "
        "held for more than five years, a very good command of French)"
    ),
}


def french_score(value) -> str:
    return f"{float(value):.1f}".replace(".", ",")


def failed_conditions(check: AdmissibilityCheck | None, *, application: Application) -> list[str]:
    """Each admissibility condition the dossier failed, in French words a carrier understands,
    with the reviewer's observation when there is one."""
    if check is None:
        return []
    organisation = application.organisation
    values = {
        "closing": french_datetime(application.call.closes_at),
        "legal_form": organisation.get_legal_form_display() if organisation else "",
    }
    lines = []
    with translation.override("fr"):
        for name, _label in AdmissibilityCheck.ITEMS:
            if getattr(check, name) is not False:
                continue
            text = str(FAILED_CONDITIONS[name]) % values
            comment = (getattr(check, f"{name}_comment") or "").strip()
            if comment:
                text = _("%(condition)s (reviewer's observation: %(comment)s)") % {
                    "condition": text,
                    "comment": comment.rstrip("."),
                }
            lines.append(text)
    return lines


PREFIXES = ("dossier non recevable", "le dossier n'est pas recevable", "non recevable", "not admissible")


def reviewer_reasons(check: AdmissibilityCheck | None) -> str:
    """The reviewer's own reasons, when they say more than the names of the failed checks.

    « Dossier non recevable : complet ; engagements signés. » only names checks (and, read by a
    carrier, says the opposite of what failed): the failed conditions already say it in words.
    A leading « Dossier non recevable : » is dropped, so that a letter never says it twice.
    """
    text = (check.reasons if check is not None else "").strip()
    lowered = text.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix):
            text = text[len(prefix) :].lstrip(" :.-–\n")
            break
    labels = set()
    for language in ("fr", "en"):
        with translation.override(language):
            labels |= {str(label).lower() for _name, label in AdmissibilityCheck.ITEMS}
    remainder = text.lower()
    for label in sorted(labels, key=len, reverse=True):
        remainder = remainder.replace(label, "")
    return text if remainder.strip(" .,;:\n") else ""


def inadmissibility_summary(check: AdmissibilityCheck | None, *, application: Application) -> str:
    """The assessment summary prefilled for a dossier found not admissible (French): one line a
    failed condition, then the reviewer's own reasons when they add something."""
    lines = failed_conditions(check, application=application)
    reasons = reviewer_reasons(check)
    with translation.override("fr"):
        if not lines:
            return _("The dossier is not admissible: %(reasons)s") % {"reasons": reasons} if reasons else ""
        summary = [_("The dossier is not admissible:"), *(f"– {line}" for line in lines)]
        if reasons:
            summary.append(_("Reviewer's reasons: %(reasons)s") % {"reasons": reasons})
        return "\n".join(summary)


def was_on_waiting_list(application: Application) -> int | None:
    """The last rank the dossier held on the waiting list, if it was ever put on it."""
    rank = None
    entries = AuditEntry.objects.filter(application=application, action="proposal_changed").order_by("pk")
    for changes in entries.values_list("changes", flat=True):
        waiting = (changes or {}).get("waiting_rank")
        if waiting and waiting[1]:
            rank = waiting[1]
    return rank


def ranking_place(call: Call, application: Application) -> tuple[int | None, int, Decimal | None]:
    """(rank, number of ranked dossiers, score) of ``application`` in the committee's ranking."""
    rows = list(ranked_dossiers(call).values_list("pk", "rank", "score"))
    for pk, rank, score in rows:
        if pk == application.pk:
            return rank, len(rows), score
    return None, len(rows), None


def refusal_grounds(*, call: Call, application: Application, summary: str) -> dict:
    """The facts a refusal of ``application`` rests on, frozen when it is signed.

    ``summary`` is the committee's assessment; ``repeats_summary`` tells the letter not to print
    it twice when it is the prefilled list of failed conditions.
    """
    check = AdmissibilityCheck.objects.filter(application=application).first()
    if application.state == S.INADMISSIBLE or (check is not None and check.outcome == check.Outcome.INADMISSIBLE):
        conditions = failed_conditions(check, application=application)
        prefill = inadmissibility_summary(check, application=application)
        return {
            "kind": NOT_ADMISSIBLE,
            "conditions": conditions,
            "reviewer_reasons": reviewer_reasons(check),
            "repeats_summary": bool(prefill) and summary.strip() == prefill.strip(),
        }
    rank, ranked, score = ranking_place(call, application)
    waiting_rank = was_on_waiting_list(application)
    with translation.override("fr"):
        method = str(call.get_selection_method_display())
    return {
        "kind": WAITING_LIST if waiting_rank else NOT_SELECTED,
        "rank": rank,
        "ranked": ranked,
        "score": french_score(score) if score is not None else "",
        "calibrated": call.ranking_basis == "calibrated",
        "below_minimum": bool(score is not None and call.minimum_score and score < call.minimum_score),
        "minimum_score": french_score(call.minimum_score) if call.minimum_score else "",
        "method": call.selection_method,
        "method_label": method,
        "waiting_rank": waiting_rank,
        "cap": call.max_selected,
        "envelope": format_euros(call.budget_envelope),
        "repeats_summary": False,
    }
