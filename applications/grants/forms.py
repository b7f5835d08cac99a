"""Forms of the grant's follow-up: thin, the rules live in the domain modules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.filecheck import EXTENSIONS
from applications.forms import EuroField, PlainTextMixin
from review.forms_review import AccessibleFormMixin

from .models import Report
from .reports import SUPPORTING_FILE_TYPES


class AcceptConventionForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    accept = forms.BooleanField(
        label=_(
            "I am the legal representative of the organisation, or authorised by them, and I accept this convention."
        ),
        error_messages={"required": _("Tick the box to accept the convention.")},
    )


class ReportForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["ambassadrices_recruited", "ambassadrices_trained", "people_reached", "kit_delivered", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, lines=(), cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        self.cells = list(cells)  # (département, theme)
        for field in self.fields.values():
            field.required = False
        for line in self.lines:
            self.fields[f"actual_{line.pk}"] = EuroField(
                label=_("Actual (€)"), required=False, min_value=0, initial=line.actual
            )
            self.fields[f"explanation_{line.pk}"] = forms.CharField(
                label=_("Explanation of the gap"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=line.explanation,
            )
        # A supporting file sent with the rest; its checks are the domain's (reports.add_attachment).
        self.fields["attachment"] = forms.FileField(
            label=_("Add a supporting file"), required=False, allow_empty_file=True
        )
        self.fields["attachment"].widget.attrs["accept"] = ",".join(
            sorted(f".{extension}" for kind in SUPPORTING_FILE_TYPES for extension in EXTENSIONS[kind])
        )
        self.fields["attachment_label"] = forms.CharField(
            label=_("What the file shows (optional)"), required=False, max_length=200
        )
        workshops = self.instance.workshops or {}
        for departement, theme in self.cells:
            self.fields[f"workshops_{departement.code}_{theme.position}"] = forms.IntegerField(
                label=_("Workshops"),
                required=False,
                min_value=0,
                max_value=10000,
                initial=workshops.get(departement.code, {}).get(str(theme.position)),
            )

    def line_rows(self):
        return [(line, self[f"actual_{line.pk}"], self[f"explanation_{line.pk}"]) for line in self.lines]

    def workshop_values(self) -> dict:
        values = {}
        for departement, theme in self.cells:
            value = self.cleaned_data.get(f"workshops_{departement.code}_{theme.position}")
            if value is not None:
                values.setdefault(departement.code, {})[str(theme.position)] = value
        return values

    def actuals(self) -> dict:
        return {
            line.pk: (
                self.cleaned_data.get(f"actual_{line.pk}"),
                (self.cleaned_data.get(f"explanation_{line.pk}") or "").strip(),
            )
            for line in self.lines
        }


class CorrectionsForm(AccessibleFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What must be corrected"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PaymentForm(AccessibleFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    accounting_reference = forms.CharField(label=_("Accounting reference"), max_length=60)


class SignatoryForm(AccessibleFormMixin, forms.Form):
    signatory_name = forms.CharField(label=_("Signatory"), max_length=200)
    signatory_role = forms.CharField(label=_("Signatory's role"), max_length=300)


class AmendmentForm(AccessibleFormMixin, forms.Form):
    amendment_reason = forms.CharField(
        label=_("Reason for the amendment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
