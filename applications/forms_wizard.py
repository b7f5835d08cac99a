"""The dossier's steps as the wizard runs them, then its documents and its submission.

Each step is a :class:`StepForms`: the forms of the step (one or several, with formsets for the
budget), validated together and saved together. Two levels of validation:

- *draft* (« Enregistrer le brouillon », and the first pass of « Continuer »): whatever is typed
  must be valid (formats, amounts, the call's rules on what is given), but it may be incomplete;
- *strict* (the second pass of « Continuer »): every field the step needs is filled in.

The fields of each step are in ``forms_steps``. Completeness of saved data is computed by
``wizard``; these forms use the same ``rules``.
"""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import rules, wizard
from .forms import DsfrForm, EuroInput, OrganisationForm
from .forms_steps import (
    AmbassadricesForm,
    BudgetForm,
    BudgetLineFormSet,
    CoFundingFormSet,
    ConfirmOrganisationForm,
    ProjectForm,
    StepModelForm,
    ToolkitForm,
    WorkshopsForm,
)
from .models import Application, RequiredDocument


class VersionForm(forms.Form):
    """The dossier version the page was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


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
# Documents and submission
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
