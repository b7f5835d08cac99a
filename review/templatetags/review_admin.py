"""Template helpers of the review screens: French numbers, state and audit labels, the spread bar."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application

register = template.Library()

# What each audit action means, in words staff understand. Unknown actions show as recorded.
AUDIT_ACTIONS = {
    "submitted": gettext_lazy("Dossier submitted"),
    "review_started": gettext_lazy("Review started"),
    "info_requested": gettext_lazy("More information requested"),
    "info_provided": gettext_lazy("Information provided by the carrier"),
    "admissible": gettext_lazy("Declared admissible"),
    "inadmissible": gettext_lazy("Declared not admissible"),
    "admissibility_reopened": gettext_lazy("Admissibility reopened"),
    "admissibility_checked": gettext_lazy("Admissibility check recorded"),
    "awarded": gettext_lazy("Grant awarded"),
    "refused": gettext_lazy("Refused"),
    "decision_corrected": gettext_lazy("Decision corrected"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "assignment_created": gettext_lazy("Reviewer assigned"),
    "assignment_removed": gettext_lazy("Reviewer unassigned"),
    "automatic_assignment": gettext_lazy("Automatic assignment"),
    "conflict_declared": gettext_lazy("Conflict of interest declared"),
    "review_draft_saved": gettext_lazy("Review draft saved"),
    "review_submitted": gettext_lazy("Review submitted"),
    "review_reopened": gettext_lazy("Review reopened"),
    "review_voided": gettext_lazy("Review taken out of the scores"),
    "information_request_created": gettext_lazy("Request for more information created"),
    "ranking_basis_chosen": gettext_lazy("Scores used for the ranking chosen"),
    "section_saved": gettext_lazy("Section saved by the carrier"),
    "section_completed": gettext_lazy("Section completed by the carrier"),
    "draft_created": gettext_lazy("Draft created"),
    "attachment_replaced": gettext_lazy("File added or replaced"),
    "attachment_removed": gettext_lazy("File removed"),
    "info_answered": gettext_lazy("Request for more information answered"),
    "message_sent": gettext_lazy("Message sent"),
    "proposal_changed": gettext_lazy("Committee's proposal recorded"),
    "proposal_removed": gettext_lazy("Committee's proposal removed"),
    "waiting_list_promoted": gettext_lazy("Promoted from the waiting list"),
    "waiting_list_closed": gettext_lazy("Waiting list closed"),
    "decision_issued": gettext_lazy("Decision signed"),
    "decision_email_sent": gettext_lazy("Decision email sent"),
    "decision_email_retried": gettext_lazy("Decision email sent again"),
    "email_sent_again": gettext_lazy("Email sent again"),
    "grant_opened": gettext_lazy("Grant follow-up opened"),
    "convention_drafted": gettext_lazy("Convention drafted"),
    "convention_sent": gettext_lazy("Convention sent to the carrier"),
    "convention_accepted": gettext_lazy("Convention accepted by the carrier"),
    "convention_signed": gettext_lazy("Convention signed"),
    "instalment_requested": gettext_lazy("Payment requested"),
    "instalment_approved": gettext_lazy("Payment approved"),
    "instalment_paid": gettext_lazy("Payment made"),
    "report_submitted": gettext_lazy("Report submitted"),
    "report_approved": gettext_lazy("Report approved"),
    "report_corrections_requested": gettext_lazy("Corrections asked on a report"),
    "report_file_added": gettext_lazy("Report file added"),
    "report_file_removed": gettext_lazy("Report file removed"),
    "grant_settled": gettext_lazy("Grant settled"),
    "return_order_issued": gettext_lazy("Order to return unspent funds issued"),
    "grant_amount_amended": gettext_lazy("Grant amount changed by an amendment"),
    "grant_amount_corrected": gettext_lazy("Grant amount changed by a corrective decision"),
    "grant_decision_corrected": gettext_lazy("Grant attached to the corrective decision"),
    "grant_award_withdrawn": gettext_lazy("Award of the grant withdrawn by a corrective decision"),
    "grant_correction_carried_out": gettext_lazy("Corrective decision carried out by the signed convention"),
    "grant_convention_now_required": gettext_lazy("Convention now required by a corrective decision"),
    "instalment_deferred": gettext_lazy("Payment deferred until the convention is signed"),
    "instalment_cancelled": gettext_lazy("Payment cancelled: award withdrawn"),
    "convention_terminated": gettext_lazy("Convention terminated: award withdrawn"),
    "grant_terminated": gettext_lazy("Follow-up of the grant closed: award withdrawn"),
    "attachment_added": gettext_lazy("File added"),
    "decisions_generation_started": gettext_lazy("Generation of the decisions started"),
    "decisions_generation_finished": gettext_lazy("Generation of the decisions finished"),
    "account_created": gettext_lazy("Account created"),
    "email_verified": gettext_lazy("Email address verified"),
    "organisation_created": gettext_lazy("Organisation created"),
    "colleague_invited": gettext_lazy("Colleague invited"),
    "invitation_accepted": gettext_lazy("Invitation accepted"),
    "dossier_anonymised": gettext_lazy("Dossier anonymised"),
    "organisation_anonymised": gettext_lazy("Organisation anonymised"),
}

# What each recorded change is about, in words staff understand. Unknown keys show as recorded.
CHANGE_KEYS = {
    "from": gettext_lazy("written by"),
    "body": gettext_lazy("message"),
    "files": gettext_lazy("files"),
    "file": gettext_lazy("file"),
    "document": gettext_lazy("document"),
    "kind": gettext_lazy("kind"),
    "amount": gettext_lazy("amount"),
    "reference": gettext_lazy("reference"),
    "reviewer": gettext_lazy("reviewer"),
    "to": gettext_lazy("to"),
    "attachment": gettext_lazy("attachment"),
    "supersedes": gettext_lazy("corrected decision"),
    "due_at": gettext_lazy("due by"),
    "sections": gettext_lazy("sections"),
    "documents": gettext_lazy("documents"),
    "version": gettext_lazy("version"),
    "status": gettext_lazy("status"),
    "report": gettext_lazy("report"),
    "label": gettext_lazy("what the file shows"),
    "advance": gettext_lazy("advance"),
    "balance": gettext_lazy("balance"),
    "decision": gettext_lazy("decision"),
    "pending": gettext_lazy("corrective decision still to carry out"),
}
# Recorded values that are codes, in words.
CHANGE_VALUES = {
    "staff": gettext_lazy("the ministry"),
    "carrier": gettext_lazy("the carrier"),
    "award": gettext_lazy("Award"),
    "refusal": gettext_lazy("Refusal"),
    "interim": gettext_lazy("Interim report"),
    "final": gettext_lazy("Final report"),
}


@register.filter
def audit_action(action: str) -> str:
    return str(AUDIT_ACTIONS.get(action, action))


@register.filter
def change_label(key: str) -> str:
    return str(CHANGE_KEYS.get(key, key))


def _change_value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return ", ".join(str(part) for part in value.values() if part not in (None, ""))
    if isinstance(value, list):
        return ", ".join(_change_value(part) for part in value) or "—"
    return str(CHANGE_VALUES.get(value, value)) if isinstance(value, str) else str(value)


# Keys whose value is a list of things, never a [before, after] pair.
LIST_KEYS = {"schedule", "files", "documents", "dossiers", "fields", "sections"}


@register.filter
def change_text(value, key: str = "") -> str:
    """A recorded change: « before → after » for a pair of plain values, the value itself otherwise
    (entries record either, e.g. a reassignment's [before, after] or a message's author)."""
    pair = isinstance(value, list) and len(value) == 2 and key not in LIST_KEYS
    if pair and not any(isinstance(part, dict | list) for part in value):
        return f"{_change_value(value[0])} → {_change_value(value[1])}"
    return _change_value(value)


@register.filter
def review_state(review) -> str:
    from review.models import Review

    return _("Review submitted") if review.state == Review.State.SUBMITTED else _("Draft review")


@register.filter
def state_label(state: str) -> str:
    if not state:
        return "—"
    try:
        return str(Application.State(state).label)
    except ValueError:
        return state


@register.filter
def score(value) -> str:
    """``72.456`` → ``72,5`` (one decimal, French comma); ``None`` → ``—``."""
    if value is None:
        return "—"
    return f"{float(value):.1f}".replace(".", ",")


def _svg_number(value: float) -> str:
    return f"{max(0.0, min(100.0, float(value))):.2f}"


@register.simple_tag
def spread_chart(row):
    """An SVG bar: the lowest to highest review score on 0–100, a mark at the mean (no inline style)."""
    if row.lowest is None:
        return format_html('<span class="ami-muted">{}</span>', _("no review"))
    label = _("Lowest %(low)s, highest %(high)s, mean %(mean)s (out of 100)") % {
        "low": score(row.lowest),
        "high": score(row.highest),
        "mean": score(row.raw_score),
    }
    low, high = float(row.lowest), float(row.highest)
    width = max(high - low, 0.8)
    return format_html(
        '<svg class="ami-spread" viewBox="0 0 100 12" width="120" height="14" role="img" aria-label="{}">'
        "<title>{}</title>"
        '<rect class="ami-spread__track" x="0" y="5" width="100" height="2"></rect>'
        '<rect class="ami-spread__range{}" x="{}" y="2" width="{}" height="8"></rect>'
        '<rect class="ami-spread__mean" x="{}" y="0" width="1" height="12"></rect>'
        "</svg>",
        label,
        label,
        " ami-spread__range--wide" if row.disagreement else "",
        _svg_number(low),
        _svg_number(width),
        _svg_number(float(row.raw_score) - 0.5),
    )


@register.filter
def envelope_excess(gauge):
    """How far the awarded amounts exceed the envelope (0 when within it)."""
    return max(gauge.awarded - gauge.envelope, 0)


@register.filter
def cap_excess(gauge) -> int:
    """How many selected carriers exceed the cap (0 when within it)."""
    return max(gauge.selected - gauge.cap, 0)
