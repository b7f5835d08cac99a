"""The forms of the dossier's steps.

Each step is a :class:`StepForms`: the forms of the step (one or several, with formsets for the
budget), validated together and saved together. Two levels of validation:

- *draft* (« Enregistrer le brouillon », and the first pass of « Continuer »): whatever is typed
  must be valid (formats, amounts, the call's rules on what is given), but it may be incomplete;
- *strict* (the second pass of « Continuer »): every field the step needs is filled in.

Completeness of saved data is computed by ``wizard``; these forms use the same ``rules``.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import rules, wizard
from .formatting import paris_time
from .forms import DsfrForm, EuroField, EuroInput, OrganisationForm, at_most
from .models import Application, BudgetLine, CoFunding, Departement, RequiredDocument

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Realistic bounds: beyond them a figure is a typing mistake (an extra zero), and it would flow
# into the ranking, the decision and the exports. Each message gives the bound.
MAX_AMBASSADRICES_PER_DEPARTEMENT = 100
MAX_TRAINING_HOURS = 1_000
MAX_WORKSHOPS_PER_THEME_PER_DEPARTEMENT = 500
MAX_EXPECTED_PARTICIPANTS = 100_000
# Project dates: from a few years before the call's year (an action already under way) to a few
# years after its closing year.
PROJECT_YEARS_BEFORE = 3
PROJECT_YEARS_AFTER = 5


def project_date_bounds(call) -> tuple[datetime.date, datetime.date]:
    return (
        datetime.date(paris_time(call.opens_at).year - PROJECT_YEARS_BEFORE, 1, 1),
        datetime.date(paris_time(call.closes_at).year + PROJECT_YEARS_AFTER, 12, 31),
    )


def textarea(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class VersionForm(forms.Form):
    """The dossier version the page was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DepartementsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name}"


class StepModelForm(DsfrForm, forms.ModelForm):
    """A form on the dossier: marks the fields its step needs as required."""

    step_key = ""

    def __init__(self, data=None, *, application: Application, **kwargs):
        self.application = application
        self.call = application.call
        self.draft = False
        super().__init__(data, instance=application, **kwargs)
        needed = set(wizard.BY_KEY[self.step_key].required_fields)
        for name, field in self.fields.items():
            field.required = name in needed

    def save_fields(self) -> None:
        instance = self.save(commit=False)
        concrete = [
            name
            for name in self._meta.fields
            if name in self.fields and not Application._meta.get_field(name).many_to_many
        ]
        if concrete:
            instance.save(update_fields=concrete)
        self.save_m2m()


class ProjectForm(StepModelForm):
    step_key = "project"

    class Meta:
        model = Application
        fields = ["title", "summary", "themes", "departements", "partners"]
        labels = {
            "title": _("Project title"),
            "summary": _("Summary of the project"),
            "themes": _("Themes covered"),
            "departements": _("Départements of deployment"),
            "partners": _("Partners (OFII, préfectures, local actors)"),
        }
        help_texts = {
            "summary": _("What you will do, for whom, where, with whom: 3,000 characters at most."),
            "partners": _("Who they are and what each one brings (referral of participants, premises, expertise…)."),
        }
        widgets = {"summary": textarea(6), "partners": textarea(4)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"] = forms.ModelMultipleChoiceField(
            label=_("Themes covered"),
            queryset=self.call.themes.order_by("position"),
            widget=forms.CheckboxSelectMultiple,
            required=True,
            help_text=_("This call expects every theme to be covered.") if self.call.require_all_themes else "",
            error_messages={"required": rules.theme_problems(self.call, chosen=0, available=1)[0].message},
        )
        if self.call.departements_fixed:
            del self.fields["departements"]
        else:
            count = self.call.departement_count
            self.fields["departements"] = DepartementsField(
                label=_("Départements of deployment"),
                queryset=Departement.objects.order_by("code"),
                widget=forms.CheckboxSelectMultiple(attrs={"class": "ami-departement"}),
                required=True,
                help_text=_("Tick exactly %(count)d départements.") % {"count": count},
                error_messages={"required": rules.departement_problems(self.call, chosen=0)[0].message},
            )
        self.fields["title"].widget.attrs["maxlength"] = 200

    def clean(self):
        cleaned = super().clean()
        if "themes" in cleaned:
            for problem in rules.theme_problems(
                self.call, chosen=len(cleaned["themes"]), available=self.call.themes.count(), draft=self.draft
            ):
                self.add_error("themes", problem.message)
        if "departements" in cleaned:
            for problem in rules.departement_problems(self.call, chosen=len(cleaned["departements"]), draft=self.draft):
                self.add_error("departements", problem.message)
        return cleaned


class ToolkitForm(StepModelForm):
    step_key = "toolkit"

    class Meta:
        model = Application
        fields = list(wizard.BY_KEY["toolkit"].required_fields)
        labels = {
            "toolkit_content": _("Content of the information support and the toolkit"),
            "toolkit_formats": _("Formats (printed, digital, video…)"),
            "toolkit_languages": _("Languages"),
            "toolkit_accessibility": _("Accessibility"),
            "toolkit_licence": _("Licence"),
            "toolkit_ambassadrices_involvement": _("How the ambassadrices are involved in its design"),
        }
        help_texts = {
            "toolkit_languages": _("For example: French, Arabic, Dari, English."),
            "toolkit_accessibility": _("Plain language, pictograms, accessible documents (RGAA), subtitles…"),
            "toolkit_licence": _("For example: Licence Ouverte Etalab 2.0, CC BY-SA 4.0."),
        }
        widgets = {
            "toolkit_content": textarea(6),
            "toolkit_formats": textarea(3),
            "toolkit_accessibility": textarea(3),
            "toolkit_ambassadrices_involvement": textarea(4),
        }


class AmbassadricesForm(StepModelForm):
    step_key = "ambassadrices"

    class Meta:
        model = Application
        fields = list(wizard.BY_KEY["ambassadrices"].required_fields)
        labels = {
            "ambassadrices_per_departement": _("Number of ambassadrices per département"),
            "recruitment_channels": _("Recruitment channels"),
            "eligibility_checks": _("How you check their eligibility"),
            "training_hours": _("Training: number of hours"),
            "training_content": _("Training: content"),
            "compensation": _("Compensation"),
            "employment_support": _("Support toward employment"),
        }
        help_texts = {
            "eligibility_checks": _(
                "Nationality of a country outside the European Union, residence permit held for more than five "
                "years, very good command of French."
            ),
        }
        widgets = {
            "recruitment_channels": textarea(3),
            "eligibility_checks": textarea(4),
            "training_content": textarea(4),
            "compensation": textarea(3),
            "employment_support": textarea(3),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in (
            ("ambassadrices_per_departement", MAX_AMBASSADRICES_PER_DEPARTEMENT),
            ("training_hours", MAX_TRAINING_HOURS),
        ):
            self.fields[name].min_value = 1
            self.fields[name].validators += [_at_least_one, at_most(limit)]
            self.fields[name].widget.attrs.update({"min": 1, "max": limit, "inputmode": "numeric"})


def _at_least_one(value):
    if value is not None and value < 1:
        raise ValidationError(_("Enter a number of at least 1."), code="min_value")


class WorkshopsForm(StepModelForm):
    step_key = "workshops"

    class Meta:
        model = Application
        fields = [
            "workshops_per_theme_per_departement",
            "expected_participants",
            "referral_partners",
            "workshop_formats",
            "interpreting",
            "start_date",
            "end_date",
            "milestones",
            "evaluation_indicators",
        ]
        labels = {
            "workshops_per_theme_per_departement": _("Workshops per theme and per département"),
            "expected_participants": _("Expected participants among CIR signatories"),
            "referral_partners": _("Partners who refer participants"),
            "workshop_formats": _("Formats of the workshops"),
            "interpreting": _("Interpreting"),
            "start_date": _("Start date"),
            "end_date": _("End date"),
            "milestones": _("Milestones"),
            "evaluation_indicators": _("Evaluation indicators"),
        }
        help_texts = {
            "expected_participants": _("In total, over the whole project."),
            "interpreting": _("Optional: which languages, how (professional interpreters, bilingual pairs…)."),
            "start_date": _("Format: dd/mm/yyyy."),
            "end_date": _("Format: dd/mm/yyyy."),
        }
        widgets = {
            "referral_partners": textarea(3),
            "workshop_formats": textarea(3),
            "interpreting": textarea(3),
            "milestones": textarea(4),
            "evaluation_indicators": textarea(4),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in (
            ("workshops_per_theme_per_departement", MAX_WORKSHOPS_PER_THEME_PER_DEPARTEMENT),
            ("expected_participants", MAX_EXPECTED_PARTICIPANTS),
        ):
            self.fields[name].validators += [_at_least_one, at_most(limit)]
            self.fields[name].widget.attrs.update({"min": 1, "max": limit, "inputmode": "numeric"})
        earliest, latest = project_date_bounds(self.call)
        for name in ("start_date", "end_date"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
            self.fields[name].error_messages["invalid"] = _("Enter a date such as 15/09/2024.")
            self.fields[name].widget.attrs.update({"min": earliest.isoformat(), "max": latest.isoformat()})

    def _clean_project_date(self, name):
        value = self.cleaned_data.get(name)
        earliest, latest = project_date_bounds(self.call)
        if value is not None and not earliest <= value <= latest:
            raise ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": earliest.strftime("%d/%m/%Y"), "latest": latest.strftime("%d/%m/%Y")},
                code="out_of_range",
            )
        return value

    def clean_start_date(self):
        return self._clean_project_date("start_date")

    def clean_end_date(self):
        return self._clean_project_date("end_date")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("The end date (%(end)s) must be after the start date (%(start)s).")
                % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            )
        return cleaned


class BudgetForm(StepModelForm):
    step_key = "budget"
    requested_amount = EuroField(
        label=_("Amount requested from this call (€)"),
        required=False,
        help_text=_("Total cost of the project = amount requested + co-funding."),
    )

    class Meta:
        model = Application
        fields = ["requested_amount"]

    def clean_requested_amount(self):
        amount = self.cleaned_data.get("requested_amount")
        if amount is not None and amount <= 0:
            raise ValidationError(_("The requested amount must be greater than zero."), code="not_positive")
        return amount


def _positive_amount(value):
    if value is not None and value <= 0:
        raise ValidationError(_("Enter an amount greater than zero."), code="not_positive")


class BudgetLineForm(DsfrForm, forms.ModelForm):
    amount = EuroField(label=_("Amount (€)"), validators=[_positive_amount])

    class Meta:
        model = BudgetLine
        fields = ["category", "label", "amount"]
        labels = {"category": _("Category"), "label": _("Description")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category"))] + list(BudgetLine.Category.choices)


class CoFundingForm(DsfrForm, forms.ModelForm):
    amount = EuroField(label=_("Amount (€)"), validators=[_positive_amount])

    class Meta:
        model = CoFunding
        fields = ["source", "amount", "status"]
        labels = {"source": _("Source (funder)"), "status": _("Status")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Obtained or requested?"))] + list(CoFunding.Status.choices)


class BaseLinesFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Delete this line")


BudgetLineFormSet = inlineformset_factory(
    Application, BudgetLine, form=BudgetLineForm, formset=BaseLinesFormSet, extra=3, can_delete=True, max_num=60
)
CoFundingFormSet = inlineformset_factory(
    Application, CoFunding, form=CoFundingForm, formset=BaseLinesFormSet, extra=2, can_delete=True, max_num=30
)


class ConfirmOrganisationForm(DsfrForm, forms.Form):
    confirmed = forms.BooleanField(
        label=_("I confirm that these details are correct and up to date."),
        required=True,
        error_messages={"required": _("Tick this box to confirm your organisation's details.")},
    )


# --------------------------------------------------------------------------------------------
# A step = its forms, validated and saved together
# --------------------------------------------------------------------------------------------
class StepForms:
    """The forms of one step of one dossier."""

    def __init__(self, step: wizard.Step, application: Application, data=None, files=None):
        self.step = step
        self.application = application
        self.call = application.call
        self.bound = data is not None
        initial_version = {"version": application.version}
        self.version_form = VersionForm(data, initial=initial_version)
        self.build(data, files)

    # -- to override
    def build(self, data, files):
        raise NotImplementedError

    @property
    def forms(self) -> list:
        """Every form and formset of the step, in page order."""
        raise NotImplementedError

    def write(self, user) -> dict:
        raise NotImplementedError

    def extra_validation(self, *, strict: bool) -> None:
        """Rules across forms (the budget's totals)."""

    # -- shared
    @property
    def expected_version(self) -> int:
        return self.version_form.cleaned_data["version"]

    def _iter_forms(self):
        for item in self.forms:
            if isinstance(item, forms.BaseFormSet):
                yield from item.forms
            else:
                yield item

    def validate(self, *, strict: bool) -> bool:
        """Validate every form; ``strict`` also requires every field the step needs."""
        for form in self._iter_forms():
            form.draft = not strict
        relaxed = [] if strict else [f for f in self.forms if isinstance(f, StepModelForm | ConfirmOrganisationForm)]
        saved = {(id(form), name): field.required for form in relaxed for name, field in form.fields.items()}
        for form in relaxed:
            for field in form.fields.values():
                field.required = False
        try:
            valid = self.version_form.is_valid() and all(item.is_valid() for item in self.forms)
        finally:
            for form in relaxed:
                for name, field in form.fields.items():
                    field.required = saved[(id(form), name)]
        if valid:
            self.extra_validation(strict=strict)
            valid = all(not _has_errors(item) for item in self.forms)
        return valid

    @classmethod
    def from_saved(cls, step, application):
        """The step's forms bound to what is saved, so that strict validation can point at what is missing."""
        unbound = cls(step, application)
        data = MultiValueDict()
        _bind_initial(unbound.version_form, data)
        for item in unbound.forms:
            if isinstance(item, forms.BaseFormSet):
                _bind_initial(item.management_form, data)
                for form in item.forms:
                    _bind_initial(form, data)
            else:
                _bind_initial(item, data)
        return cls(step, application, data, MultiValueDict())

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, in page order, for the summary on top."""
        entries = []
        for item in self.forms:
            if isinstance(item, forms.BaseFormSet):
                for error in item.non_form_errors():
                    entries.append((f"{item.prefix}-fieldset", str(error)))
                for index, form in enumerate(item.forms, start=1):
                    entries += _form_entries(form, row=index)
            else:
                entries += _form_entries(item)
        return entries

    def changes(self, *, detailed: bool) -> dict:
        """What the carrier changed, for the audit log (values only when answering staff)."""
        changed = {}
        for form in self._iter_forms():
            for name in form.changed_data:
                if name in ("DELETE", "id", "application", "version"):
                    continue
                key = f"{form.prefix}-{name}" if form.prefix else name
                if detailed:
                    before = form.initial.get(name)
                    after = form.cleaned_data.get(name)
                    changed[key] = [_plain(before), _plain(after)]
                else:
                    changed[key] = True
        return changed if detailed else {"fields": sorted(changed)}


def _bind_initial(form, data: MultiValueDict) -> None:
    """Write what an unbound form shows into ``data``, as the browser would post it."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data.setlist(key, [str(v) for v in value])
        elif value is None:
            data[key] = ""
        elif isinstance(field.widget, forms.DateInput | EuroInput):
            data[key] = field.widget.format_value(value) or ""
        else:
            data[key] = str(value)


def _has_errors(item) -> bool:
    if isinstance(item, forms.BaseFormSet):
        return bool(item.non_form_errors()) or any(form.errors for form in item.forms)
    return bool(item.errors)


def _plain(value):
    if hasattr(value, "__iter__") and not isinstance(value, str | bytes | dict):
        return sorted(str(v.pk if hasattr(v, "pk") else v) for v in value)
    if hasattr(value, "pk"):
        return str(value.pk)
    return None if value is None else str(value)


def _form_entries(form, row: int | None = None) -> list[tuple[str, str]]:
    entries = []
    for error in form.non_field_errors():
        entries.append((form.prefix + "-fieldset" if form.prefix else "", str(error)))
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        bound = form[name]
        label = capfirst(str(bound.label))
        if row is not None:
            label = _("Line %(row)d – %(label)s") % {"row": row, "label": label}
        anchor = bound.auto_id
        if isinstance(form.fields[name].widget, forms.CheckboxSelectMultiple):
            anchor = f"{bound.auto_id}_0"
        for error in errors:
            entries.append((anchor, f"{label} : {error}"))
    return entries


class OrganisationStep(StepForms):
    def build(self, data, files):
        organisation = self.application.organisation
        self.organisation_form = OrganisationForm(data, instance=organisation)
        confirmed = self.application.organisation_confirmed_at
        current = bool(confirmed and (not organisation.updated_at or organisation.updated_at <= confirmed))
        self.confirm_form = ConfirmOrganisationForm(data, initial={"confirmed": current})

    @property
    def forms(self):
        return [self.organisation_form, self.confirm_form]

    def extra_validation(self, *, strict):
        if strict:
            organisation = self.organisation_form.instance
            for problem in rules.legal_form_problems(self.call, organisation):
                self.organisation_form.add_error("legal_form", problem.message)

    def write(self, user):
        self.organisation_form.save()
        if self.confirm_form.cleaned_data.get("confirmed"):
            self.application.organisation_confirmed_at = timezone.now()
            self.application.save(update_fields=["organisation_confirmed_at"])
        return None


class SingleFormStep(StepForms):
    form_class: type[StepModelForm]

    def build(self, data, files):
        self.form = self.form_class(data, application=self.application)

    @property
    def forms(self):
        return [self.form]

    def write(self, user):
        self.form.save_fields()
        return None


class ProjectStep(SingleFormStep):
    form_class = ProjectForm


class ToolkitStep(SingleFormStep):
    form_class = ToolkitForm


class AmbassadricesStep(SingleFormStep):
    form_class = AmbassadricesForm


class WorkshopsStep(SingleFormStep):
    form_class = WorkshopsForm


class BudgetStep(StepForms):
    def build(self, data, files):
        self.form = BudgetForm(data, application=self.application)
        self.lines = BudgetLineFormSet(data, instance=self.application, prefix="budget")
        self.cofundings = CoFundingFormSet(data, instance=self.application, prefix="cofunding")

    @property
    def forms(self):
        return [self.form, self.lines, self.cofundings]

    @staticmethod
    def kept_rows(formset) -> list[dict]:
        return [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("amount") is not None
        ]

    def totals(self) -> tuple[Decimal, Decimal, int, int]:
        lines = self.kept_rows(self.lines)
        cofundings = self.kept_rows(self.cofundings)
        return (
            sum((row["amount"] for row in lines), Decimal("0")),
            sum((row["amount"] for row in cofundings), Decimal("0")),
            len(lines),
            len(cofundings),
        )

    def extra_validation(self, *, strict):
        total, cofunding, line_count, cofunding_count = self.totals()
        problems = rules.budget_problems(
            self.call,
            requested=self.form.cleaned_data.get("requested_amount"),
            total_cost=total,
            cofunding=cofunding,
            line_count=line_count,
            cofunding_count=cofunding_count,
            draft=not strict,
        )
        for problem in problems:
            if problem.field == "budget":
                _add_formset_error(self.lines, problem.message)
            elif problem.field == "cofunding":
                _add_formset_error(self.cofundings, problem.message)
            else:
                self.form.add_error("requested_amount", problem.message)

    def write(self, user):
        self.form.save_fields()
        self.lines.save()
        self.cofundings.save()
        return None


def _add_formset_error(formset, message):
    errors = list(formset.non_form_errors())
    formset._non_form_errors = formset.error_class([*errors, message], error_class="nonform")


STEP_FORMS = {
    "organisation": OrganisationStep,
    "project": ProjectStep,
    "toolkit": ToolkitStep,
    "ambassadrices": AmbassadricesStep,
    "workshops": WorkshopsStep,
    "budget": BudgetStep,
}


# --------------------------------------------------------------------------------------------
# Documents, summary, follow-up
# --------------------------------------------------------------------------------------------
class DocumentUploadForm(DsfrForm, forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, document: RequiredDocument, **kwargs):
        self.document = document
        super().__init__(*args, prefix=f"doc{document.pk}", **kwargs)
        accept = []
        for kind in document.accepted_types:
            accept += {"jpeg": [".jpg", ".jpeg"]}.get(kind, [f".{kind}"])
        self.fields["file"].widget.attrs["accept"] = ",".join(accept)
        self.fields["file"].label = document.label


class SubmitForm(DsfrForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    sworn_statement = forms.BooleanField(
        label=_(
            "I certify on my honour that I am authorised to commit the organisation, that the information in this "
            "dossier is accurate and complete, and that the organisation is up to date with its tax and social "
            "obligations."
        ),
        error_messages={"required": _("Tick the sworn statement to submit the dossier.")},
    )


class AnswerForm(DsfrForm, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Explain what you changed or added. The ministry receives it with the dossier."),
        error_messages={"required": _("Write a short answer to explain what you changed or added.")},
    )


class WithdrawForm(DsfrForm, forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw this dossier? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that a withdrawn dossier can no longer be examined nor submitted again."),
        error_messages={"required": _("Tick this box to confirm the withdrawal.")},
    )


class MessageForm(DsfrForm, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message.")},
    )
