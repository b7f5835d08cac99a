"""Forms of the decision screens: public verification, proposals, signatures, corrections."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.forms import EuroField
from applications.french_dates import french_date

from .forms_review import AccessibleFormMixin
from .models import Proposal
from .verification import MAX_UPLOAD_BYTES


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=300,
        help_text=_("Printed under the QR code of the decision, or the whole address it leads to."),
    )
    document = forms.FileField(
        label=_("The decision's PDF file (optional)"),
        required=False,
        help_text=_(
            "We compare its SHA-256 fingerprint with the one recorded when the decision was issued. Maximum 20 MB."
        ),
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than 20 MB: it cannot be a decision of this portal."))
        return document

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and not cleaned.get("document"):
            raise forms.ValidationError(_("Give a verification code, a PDF file, or both."))
        return cleaned


class FileCheckForm(forms.Form):
    document = forms.FileField(
        label=_("The decision's PDF file"),
        help_text=_(
            "We compare its SHA-256 fingerprint with the one recorded when the decision was issued. Maximum 20 MB."
        ),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("This file is larger than 20 MB: it cannot be a decision of this portal."))
        return document


# --------------------------------------------------------------------------------------------
# Staff forms (admin): they collect input, the domain decides
# --------------------------------------------------------------------------------------------
NO_PROPOSAL = "none"


class ProposalForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Proposed outcome"),
        choices=[*Proposal.Outcome.choices, (NO_PROPOSAL, _("No proposal"))],
        widget=forms.RadioSelect,
    )
    awarded_amount = EuroField(
        label=_("Awarded amount (€)"),
        required=False,
        help_text=_("Selected dossiers only. Leave empty to award the amount requested."),
    )
    amount_reason = forms.CharField(
        label=_("Reason for a reduced amount"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    waiting_rank = forms.IntegerField(
        label=_("Rank on the waiting list"),
        required=False,
        min_value=1,
        help_text=_("Waiting list only. Leave empty to add the dossier at the end of the list."),
    )
    assessment_summary = forms.CharField(
        label=_("Assessment summary for the letter"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required for a rejection: the refusal letter quotes it."),
    )

    def __init__(self, *args, proposal: Proposal | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if proposal is not None:
            initial.setdefault("outcome", proposal.outcome)
            initial.setdefault("awarded_amount", proposal.awarded_amount)
            initial.setdefault("amount_reason", proposal.amount_reason)
            initial.setdefault("waiting_rank", proposal.waiting_rank)
            initial.setdefault("assessment_summary", proposal.assessment_summary)
        else:
            initial.setdefault("outcome", NO_PROPOSAL)
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs["data-outcome"] = ""
        self.describe_fields()


class SignatureForm(AccessibleFormMixin, forms.Form):
    signatory_name = forms.CharField(label=_("Signatory's first and last name"), max_length=200)
    signatory_role = forms.CharField(
        label=_("Signatory's role"),
        max_length=300,
        help_text=_(
            "As printed on the decision, e.g. « Le directeur de l'intégration et de l'accès à la nationalité »."
        ),
    )
    delegation_reference = forms.CharField(
        label=_("Delegation of signature"),
        required=False,
        max_length=300,
        help_text=_(
            "The act that gives you delegation, e.g. « l'arrêté du 2 janvier 2024 portant délégation de signature »."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if user is not None:
            initial.setdefault("signatory_name", user.get_full_name())
        super().__init__(*args, **kwargs)
        self.describe_fields()

    @property
    def signing_date(self) -> str:
        """What the decisions will be dated: the day they are signed, by the server's clock (Paris)."""
        return french_date(timezone.localdate())

    def signature(self):
        from .decisions import Signature

        data = self.cleaned_data
        return Signature(
            name=data["signatory_name"],
            role=data["signatory_role"],
            delegation_reference=data.get("delegation_reference", ""),
        )


class CorrectionForm(SignatureForm):
    outcome = forms.ChoiceField(
        label=_("Corrected outcome"),
        choices=[(Proposal.Outcome.SELECTED, _("Award")), (Proposal.Outcome.REJECTED, _("Refusal"))],
        widget=forms.RadioSelect,
    )
    awarded_amount = EuroField(
        label=_("Awarded amount (€)"),
        required=False,
        help_text=_("Award only. Leave empty to award the amount requested."),
    )
    amount_reason = forms.CharField(
        label=_("Reason for a reduced amount"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assessment_summary = forms.CharField(
        label=_("Assessment summary for the letter"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for a refusal."),
    )
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed on the new decision, which supersedes the current one."),
    )

    field_order = [
        "outcome",
        "awarded_amount",
        "amount_reason",
        "assessment_summary",
        "correction_reason",
        "signatory_name",
        "signatory_role",
        "delegation_reference",
    ]
