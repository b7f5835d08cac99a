"""The dossier as staff read it: its sections, in the order the carrier filled them.

The section keys are the carrier wizard's step keys (``applications.wizard``): requests for more
information store them to say which sections the carrier may edit again.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from applications.formatting import format_euros
from applications.models import Application, Organisation


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[str, ...] = ()


SECTIONS = (
    Section("organisation", _("Organisation")),
    Section("project", _("The project"), ("title", "summary", "themes", "departements", "partners")),
    Section(
        "toolkit",
        _("Information support and toolkit"),
        (
            "toolkit_content",
            "toolkit_formats",
            "toolkit_languages",
            "toolkit_accessibility",
            "toolkit_licence",
            "toolkit_ambassadrices_involvement",
        ),
    ),
    Section(
        "ambassadrices",
        _("The ambassadrices"),
        (
            "ambassadrices_per_departement",
            "recruitment_channels",
            "eligibility_checks",
            "training_hours",
            "training_content",
            "compensation",
            "employment_support",
        ),
    ),
    Section(
        "workshops",
        _("Workshops and beneficiaries"),
        (
            "workshops_per_theme_per_departement",
            "expected_participants",
            "referral_partners",
            "workshop_formats",
            "interpreting",
            "start_date",
            "end_date",
            "milestones",
            "evaluation_indicators",
        ),
    ),
    Section("budget", _("Budget"), ("requested_amount",)),
    Section("documents", _("Documents")),
)

ORGANISATION_FIELDS = (
    "name",
    "siret",
    "rna",
    "legal_form",
    "address",
    "postcode",
    "city",
    "departement",
    "representative_name",
    "representative_role",
    "contact_name",
    "contact_email",
    "contact_phone",
    "year_created",
    "annual_budget",
    "staff_count",
    "volunteer_count",
    "experience",
    "republican_commitment",
)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    long: bool = False


def _display(instance, name: str) -> tuple[str, bool]:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(o) for o in getattr(instance, name).all()) or "—", False
    if field.choices:
        return getattr(instance, f"get_{name}_display")() or "—", False
    value = getattr(instance, name)
    if value is None or value == "":
        return "—", False
    if isinstance(value, bool):
        return (str(_("Yes")) if value else str(_("No"))), False
    if field.get_internal_type() == "DecimalField" and "€" in str(field.verbose_name):
        return format_euros(value), False
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y"), False
    return str(value), field.get_internal_type() == "TextField"


def rows(instance, names) -> list[Row]:
    out = []
    for name in names:
        value, long = _display(instance, name)
        out.append(Row(capfirst(str(instance._meta.get_field(name).verbose_name)), value, long))
    return out


def dossier_sections(application: Application) -> list[dict]:
    """Each section with its rows, ready for the template (documents are listed separately)."""
    organisation: Organisation = application.organisation
    out = []
    for section in SECTIONS:
        if section.key == "organisation":
            out.append({"section": section, "rows": rows(organisation, ORGANISATION_FIELDS)})
        elif section.key != "documents":
            out.append({"section": section, "rows": rows(application, section.fields)})
    return out
