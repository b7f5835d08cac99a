"""The exact PDFs of decisions, shown to the official before they sign them.

Signing an act one has not read is not signing it. So the signing screen first renders, for each
selected proposal, the very document that would be issued today with the signature typed: its
reference, its verification code (allocated now, kept at signing), its date, its grounds. The
official opens each PDF; signing then issues those documents (``decisions.adopt_preview``):

- the decision is rebuilt under the locks and must render the same HTML, byte for byte (same
  fingerprint); if the proposal, the grounds, the signature or the call's mentions changed in
  between, signing is refused and the official previews again;
- the PDF stored with the decision is the previewed file itself; the electronic seal is an
  incremental update appended to it, so the signed file begins with exactly those bytes;
- a preview is valid on the day it was made only (acts are dated the day they are signed), for
  the official who made it, and once.

A preview's verification code answers « unknown » on the public verification page until the
decision is signed: a preview that leaked is not a decision. Previews are only served to
officials who may sign (404 otherwise).
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application

from . import decisions
from .documents import html_to_pdf, render_decision_html
from .models import DecisionPreview, Proposal

# A preview renders every PDF in the request: about half a second each on the reference machine.
MAX_PREVIEWS = 40


@dataclass
class PreviewBatch:
    previews: list[DecisionPreview] = field(default_factory=list)
    skipped: list[tuple[Application, str]] = field(default_factory=list)


def prepare_preview(*, proposal: Proposal, signature: decisions.Signature, by) -> DecisionPreview:
    """Render and keep the PDF that signing ``proposal`` today, as ``signature``, would issue."""
    with transaction.atomic():
        # The same locks and rules as signing: what is previewed could be signed right now.
        call, application, locked = decisions.lock_for_decision(proposal)
        decision, _target = decisions.proposed_decision(
            call=call, application=application, proposal=locked, signature=signature, by=by, now=timezone.now()
        )
        html = render_decision_html(decision)
    pdf = html_to_pdf(html)  # outside the locks: rendering takes a while
    preview = DecisionPreview(
        application=application,
        prepared_by=by,
        prepared_at=decision.signed_at,
        reference=decision.reference,
        verification_code=decision.verification_code,
        html_sha256=hashlib.sha256(html.encode()).hexdigest(),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    preview.pdf.save("preview.pdf", ContentFile(pdf), save=False)
    preview.save()
    return preview


class _DryRun(Exception):
    """Rolls back a correction run only to see the decision it would issue."""

    def __init__(self, decision, html):
        super().__init__()
        self.decision, self.html = decision, html


def prepare_correction_preview(*, decision, signature: decisions.Signature, by, **correction) -> DecisionPreview:
    """Render and keep the PDF that correcting ``decision`` today with ``correction`` would issue.

    The correction itself runs — every rule, under the locks — and is rolled back: what is
    previewed is exactly what signing would issue, or the refusal signing would meet.
    """
    try:
        with transaction.atomic():
            corrected = decisions.correct_decision(decision=decision, signature=signature, by=by, **correction)
            raise _DryRun(corrected, render_decision_html(corrected))
    except _DryRun as run:
        corrected, html = run.decision, run.html
    pdf = html_to_pdf(html)
    preview = DecisionPreview(
        application_id=corrected.application_id,
        supersedes_id=decision.pk,
        prepared_by=by,
        prepared_at=corrected.signed_at,
        reference=corrected.reference,
        verification_code=corrected.verification_code,
        html_sha256=hashlib.sha256(html.encode()).hexdigest(),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    preview.pdf.save("preview.pdf", ContentFile(pdf), save=False)
    preview.save()
    return preview


def correction_preview_to_sign(*, preview_id, decision, by) -> DecisionPreview | None:
    """The official's unused preview of a correction of ``decision`` (what the form posts back)."""
    if not str(preview_id or "").isdigit():
        return None
    return DecisionPreview.objects.filter(
        pk=int(preview_id), prepared_by=by, used_at__isnull=True, supersedes=decision
    ).first()


def prepare_previews(*, proposals, signature: decisions.Signature, by) -> PreviewBatch:
    """A preview for each proposal that could be signed now; the others are reported with why."""
    decisions.require_official(by)
    signature.check()
    proposals = list(proposals)
    if len(proposals) > MAX_PREVIEWS:
        raise decisions.DecisionRefused(
            _("Preview and sign at most %(count)d decisions at a time.") % {"count": MAX_PREVIEWS}, code="too_many"
        )
    batch = PreviewBatch()
    for proposal in proposals:
        try:
            batch.previews.append(prepare_preview(proposal=proposal, signature=signature, by=by))
        except ValidationError as error:
            batch.skipped.append((proposal.application, " ".join(error.messages)))
    return batch


def previews_to_sign(*, ids, by) -> dict[int, DecisionPreview]:
    """The official's unused previews among ``ids``, by dossier (what the signing form posts back)."""
    chosen = DecisionPreview.objects.filter(pk__in=ids, prepared_by=by, used_at__isnull=True, supersedes=None)
    return {preview.application_id: preview for preview in chosen}
