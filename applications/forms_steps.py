"""The forms of the dossier's steps, field by field: the project, the toolkit, the ambassadrices,
the workshops, the budget (with its lines and co-fundings as formsets), the organisation's
confirmation.

``forms_wizard`` groups them into steps validated and saved together; the realistic bounds below
are the ones a carrier is told about next to the field.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from . import rules, wizard
from .formatting import paris_time
from .forms import DsfrForm, EuroField, at_most
from .models import Application, BudgetLine, CoFunding, Departement

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
