"""Forms of the review screens in the admin. They only collect input: the domain decides.

Every field says what describes it (help text, error) through ``aria-describedby`` and is marked
``aria-invalid`` when wrong, so that a screen reader announces the error with the field.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.forms import PlainTextMixin
from applications.models import RequiredDocument

from . import admissibility, information
from .models import AdmissibilityCheck, ConflictOfInterest, Review

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class AccessibleFormMixin(PlainTextMixin):
    """Ties help texts and errors to their field for assistive technologies (RGAA 11.10); like
    every carrier form, drops bidirectional controls from what staff type (``PlainTextMixin``)."""

    def describe_fields(self):
        # ``_errors`` rather than ``errors``: describing must never trigger validation early.
        errors = self._errors or {}
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if name in errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def error_list(self):
        """(field id, label, message) for the error summary at the top of the page."""
        out = [("", "", error) for error in self.non_field_errors()]
        labels = getattr(self, "summary_labels", {})
        for name in self.fields:
            for error in self.errors.get(name, []):
                out.append((self[name].auto_id, labels.get(name, self[name].label), error))
        return out

    def add_domain_errors(self, error) -> None:
        """Attach a domain ``ValidationError`` to the fields it names (the rest to the form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)
        self.describe_fields()


class AdmissibilityForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=AdmissibilityCheck.Outcome.choices, widget=forms.RadioSelect, required=False
    )
    reasons = forms.CharField(
        label=_("Reasons (required when not admissible)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("They are kept in the dossier's record and summarised in the refusal letter."),
    )

    def __init__(self, *args, check: AdmissibilityCheck | None = None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if check is not None:
            initial.setdefault("outcome", check.outcome)
            initial.setdefault("reasons", check.reasons)
        super().__init__(*args, **kwargs)
        items = {}
        self.summary_labels = {}
        for name, label in AdmissibilityCheck.ITEMS:
            self.summary_labels[f"{name}_comment"] = f"{label} — {_('Comment')}"
            self.fields[name] = forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect, required=False)
            self.fields[f"{name}_comment"] = forms.CharField(
                label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=3000
            )
            if check is not None:
                self.initial.setdefault(name, "yes" if getattr(check, name) else "no")
                self.initial.setdefault(f"{name}_comment", getattr(check, f"{name}_comment"))
            items[name] = (self[name], self[f"{name}_comment"])
        self.items = [items[name] for name, _label in AdmissibilityCheck.ITEMS]
        self.order_fields([n for name, _l in AdmissibilityCheck.ITEMS for n in (name, f"{name}_comment")])
        self.describe_fields()

    def domain_arguments(self) -> dict:
        data = self.cleaned_data
        items = {}
        for name in admissibility.ITEM_NAMES:
            answer = data.get(name)
            satisfied = None if not answer else answer == "yes"
            items[name] = admissibility.Item(satisfied, data.get(f"{name}_comment", ""))
        return {"items": items, "outcome": data.get("outcome", ""), "reasons": data.get("reasons", "")}


class ReviewForm(AccessibleFormMixin, forms.Form):
    """The grid: points and a justification per criterion, a recommendation, an overall comment."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Review.Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Overall comment"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=10000
    )

    def __init__(self, *args, criteria, review: Review, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        existing = {s.criterion_id: s for s in review.scores.all()} if review.pk else {}
        self.initial.setdefault("recommendation", review.recommendation)
        self.initial.setdefault("comment", review.comment)
        self.summary_labels = {}
        for criterion in criteria:
            points = forms.IntegerField(
                label=_("Score (0 to %(max)s)") % {"max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                required=False,
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": criterion.max_points,
                        "step": 1,
                        "inputmode": "numeric",
                        "data-weight": str(criterion.weight),
                        "data-max": str(criterion.max_points),
                        "class": "ami-points",
                    }
                ),
                help_text=criterion.help_text,
            )
            justification = forms.CharField(
                label=_("Justification"),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=5000,
            )
            self.fields[f"points_{criterion.pk}"] = points
            self.fields[f"justification_{criterion.pk}"] = justification
            heading = f"{criterion.position}. {criterion.label}"
            self.summary_labels[f"points_{criterion.pk}"] = f"{heading} — {points.label}"
            self.summary_labels[f"justification_{criterion.pk}"] = f"{heading} — {justification.label}"
            score = existing.get(criterion.pk)
            if score is not None:
                self.initial.setdefault(f"points_{criterion.pk}", score.points)
                self.initial.setdefault(f"justification_{criterion.pk}", score.justification)
        self.order_fields(
            [n for c in criteria for n in (f"points_{c.pk}", f"justification_{c.pk}")] + ["recommendation", "comment"]
        )
        if disabled:
            for field in self.fields.values():
                field.disabled = True
        self.lines = [(c, self[f"points_{c.pk}"], self[f"justification_{c.pk}"]) for c in criteria]
        self.describe_fields()

    def points_now(self) -> dict:
        """The points currently in the form (typed or saved), for the total shown without JavaScript."""
        out = {}
        for c in self.criteria:
            name = f"points_{c.pk}"
            value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
            try:
                out[c.pk] = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                out[c.pk] = None
        return out

    def entries(self) -> dict:
        from .scoring import ScoreEntry

        data = self.cleaned_data
        return {
            c.pk: ScoreEntry(data.get(f"points_{c.pk}"), data.get(f"justification_{c.pk}") or "") for c in self.criteria
        }


def default_due_date():
    return (timezone.localdate() + timedelta(days=15)).isoformat()


class InformationRequestForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=_("What is asked"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Be specific: the carrier sees this text as it is."),
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections the carrier may edit again"),
        choices=information.SECTION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents to upload"),
        queryset=RequiredDocument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The carrier may answer until 23:59 (Paris time) that day."),
    )

    def __init__(self, *args, call, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("due_date", default_due_date())
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = RequiredDocument.objects.filter(call=call).order_by("position")
        self.describe_fields()

    def clean_due_date(self):
        day = self.cleaned_data["due_date"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The due date must be after today."))
        return day

    def due_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["due_date"], time(23, 59)))


class ConflictForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of conflict"), choices=ConflictOfInterest.Kind.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_("Only the selection committee reads it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()


class ConflictDeclarationForm(AccessibleFormMixin, forms.ModelForm):
    """The admin's add form: the reviewer is always the person declaring."""

    class Meta:
        model = ConflictOfInterest
        fields = ["organisation", "kind", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "explanation" in self.fields:  # absent when the admin shows the declaration read-only
            self.fields["explanation"].help_text = _("Only the selection committee reads it.")
        self.describe_fields()

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        reviewer_id = self.instance.reviewer_id
        if (
            organisation is not None
            and reviewer_id
            and ConflictOfInterest.objects.filter(reviewer_id=reviewer_id, organisation=organisation).exists()
        ):
            self.add_error(
                "organisation", _("You have already declared a conflict of interest with this organisation.")
            )
        return data


class ReasonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, loads=None, **kwargs):
        self.loads = loads or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        load = self.loads.get(obj.pk, 0)
        name = obj.get_full_name() or obj.email
        return _("%(name)s (%(count)s dossiers assigned)") % {"name": name, "count": load}


class AssignReviewersForm(AccessibleFormMixin, forms.Form):
    reviewers = ReviewerChoiceField(
        label=_("Reviewers to assign"), queryset=None, widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, reviewers, loads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].loads = loads
        self.fields["reviewers"].error_messages["required"] = _("Choose at least one reviewer.")
        self.describe_fields()


class AutoAssignForm(AccessibleFormMixin, forms.Form):
    call = forms.ModelChoiceField(label=_("Call"), queryset=None, empty_label=None)

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls
        self.describe_fields()
