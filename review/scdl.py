"""Open data: the awarded grants of a call in the SCDL « subventions » format (version 2.1.1).

Grants above €23,000 a year must have their « données essentielles » published (décret
n° 2017-779); this export lists the valid awards of a call in the columns and formats of
``review/standards/scdl-subventions.schema.json`` (a Frictionless Table Schema, a copy of the
published one): UTF-8, comma-separated, ISO dates, a point as decimal separator.

- ``dateConvention`` is the date the convention was signed (its first version: an amendment does
  not change it). The schema requires the column, and the décret's data are those of the
  convention, published after its signature: a grant whose convention is required but not signed
  yet is left out until it is. A grant that needs no convention (€23,000 or less, and the call
  does not ask for one) has the award decision as its act, and that decision's date.
- ``montant`` is the grant's current amount: the award decision's, or the amount of the grant once
  followed, which a signed amendment (or a corrected award) may have changed. The schema defines it
  as the « montant total de la subvention attribuée », so each budget-year row carries that same
  total (the rows are linked by ``idSubvention``, not added up).
- One row per budget year (``exerciceBudgetaire``, « année de la réalisation des actions »): a grant
  whose action spans two calendar years has two rows with the same ``idSubvention`` — the schema's
  way of linking them — each with the grant's total ``montant``, as the schema defines it.
- Co-funding columns name only co-funders whose funding was obtained, not merely requested.

Open data is opened in spreadsheets: the free-text columns (``TEXT_FIELDS``: names, the project's
title, the co-funders a carrier typed) are neutralised like the other exports' cells
(``ranking.neutralise``: a leading apostrophe before =, +, -, @, tab or CR). Numbers, dates,
identifiers and the schema's enumerations are written by the portal and never prefixed, so the
file still validates against the schema.
"""

import csv
import io
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications.formatting import paris_time
from applications.grants.conventions import convention_required
from applications.grants.models import Convention
from applications.models import Call, CoFunding

from .models import Decision
from .ranking import neutralise

SCHEMA_VERSION = "2.1.1"
FIELDS = [
    "idSubvention",
    "nomAttribuant",
    "idAttribuant",
    "nomServiceInstructeur",
    "idServiceInstructeur",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "exerciceBudgetaire",
    "pluriannualite",
    "anneesPluriannualite",
    "dateDecision",
    "dateConvention",
    "referenceDecision",
    "dateCreation",
    "dateDebut",
    "dateFin",
    "dispositif",
    "sousDispositif",
    "statutLabel",
    "objet",
    "nature",
    "montantDemande",
    "montant",
    "nomOutilInstruction",
    "nomOutilVersement",
    "ej",
    "cléVersement",
    "conditionsVersement",
    "descriptionConditionsVersement",
    "datesPeriodeVersement",
    "cofinancement",
    "attribuantsCofinanceurs",
    "idCofinancement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "evaluationCout",
    "evaluation",
    "dateMiseAJour",
]


# Columns whose value someone typed (carrier or staff); every other column is a number, a date, an
# identifier, or a value of the schema's enumerations.
TEXT_FIELDS = (
    "nomAttribuant",
    "nomServiceInstructeur",
    "nomBeneficiaire",
    "dispositif",
    "objet",
    "attribuantsCofinanceurs",
)
MAX_LENGTHS = {"dispositif": 256, "objet": 256}


class ScdlNotReady(ValueError):
    """The call lacks what the format requires (the issuing authority's SIRET)."""


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def awards(call: Call):
    first_signature = (
        Convention.objects.filter(grant__decision=OuterRef("pk"), signed_at__isnull=False)
        .order_by("version")
        .values("signed_at")[:1]
    )
    return (
        Decision.objects.filter(call=call, status=Decision.Status.ISSUED, kind=Decision.Kind.AWARD)
        .select_related("application__organisation")
        .prefetch_related(
            Prefetch(
                "application__cofundings",
                queryset=CoFunding.objects.filter(status=CoFunding.Status.OBTAINED),
                to_attr="obtained_cofundings",
            )
        )
        .annotate(
            convention_signed_at=Subquery(first_signature),
            # The grant's amount once followed (amendments included), the decision's before.
            current_amount=Coalesce(
                "application__grant__amount", "amount", output_field=DecimalField(max_digits=12, decimal_places=2)
            ),
            grant_convention_required=F("application__grant__convention_required"),
        )
        .order_by("application__reference")
    )


def scdl_rows(call: Call, *, today=None) -> list[dict]:
    if not call.issuing_siret:
        raise ScdlNotReady(
            _("Give the SIRET of the issuing authority in the call's configuration: the SCDL format requires it.")
        )
    rows = []
    for decision in awards(call):
        if decision.convention_signed_at is None and needs_convention(call, decision):
            continue  # published once its convention is signed
        for year in budget_years(decision):
            rows.append(_safe_text(_row(call, decision, year=year, today=today)))
    return rows


def needs_convention(call: Call, decision: Decision) -> bool:
    """What the grant recorded when it was opened; the rule on the amount before it is."""
    if decision.grant_convention_required is not None:
        return decision.grant_convention_required
    return convention_required(call, decision.current_amount)


def budget_years(decision: Decision) -> list[int]:
    """The calendar years of the action (of the decision, when the dossier gives no dates)."""
    application = decision.application
    start, end = application.start_date, application.end_date
    if start and end and end >= start:
        return list(range(start.year, end.year + 1))
    if start or end:
        return [(start or end).year]
    return [paris_time(decision.signed_at).date().year]


def _safe_text(row: dict) -> dict:
    for name in TEXT_FIELDS:
        row[name] = neutralise(row[name])
        if name in MAX_LENGTHS:
            row[name] = row[name][: MAX_LENGTHS[name]]
    return row


def _row(call: Call, decision: Decision, *, year: int, today) -> dict:
    application = decision.application
    organisation = application.organisation
    decided_on = paris_time(decision.signed_at).date()
    start, end = application.start_date, application.end_date
    years = budget_years(decision)
    multi_year = len(years) > 1
    cofunders = [c.source for c in application.obtained_cofundings]
    signed = decision.convention_signed_at
    convention_date = paris_time(signed).date() if signed else decided_on
    staged = decision.payment_terms == Decision.PaymentTerms.STAGED
    period_end = end if end and end > decided_on else decided_on
    return {
        "idSubvention": application.reference,
        "nomAttribuant": call.issuing_authority,
        "idAttribuant": call.issuing_siret,
        "nomServiceInstructeur": call.issuing_service,
        "idServiceInstructeur": call.issuing_siret,
        "nomBeneficiaire": organisation.name,
        "idBeneficiaire": organisation.siret,
        "rnaBeneficiaire": organisation.rna,
        "exerciceBudgetaire": str(year),
        "pluriannualite": "oui" if multi_year else "non",
        "anneesPluriannualite": " - ".join(str(y) for y in range(years[0], years[-1] + 1)) if multi_year else "",
        "dateDecision": (call.committee_date or decided_on).isoformat(),
        "dateConvention": convention_date.isoformat(),
        "referenceDecision": decision.reference,
        "dateCreation": paris_time(application.submitted_at).date().isoformat() if application.submitted_at else "",
        "dateDebut": start.isoformat() if start else "",
        "dateFin": end.isoformat() if end else "",
        "dispositif": call.title,
        "sousDispositif": "",
        "statutLabel": "attribuée",
        "objet": application.title or call.title,
        "nature": "aide en numéraire",
        "montantDemande": money(application.requested_amount),
        "montant": money(decision.current_amount),
        "nomOutilInstruction": "Portail AMI",
        "nomOutilVersement": "",
        "ej": "",
        "cléVersement": "",
        "conditionsVersement": "échelonné" if staged else "unique",
        "descriptionConditionsVersement": (
            "Avance à la signature de la convention, solde après le compte rendu financier"
            if staged
            else "Versement unique après notification de la décision"
        ),
        "datesPeriodeVersement": f"{decided_on.isoformat()}/{period_end.isoformat()}"
        if staged
        else decided_on.isoformat(),
        "cofinancement": "oui" if cofunders else "non",
        "attribuantsCofinanceurs": ", ".join(cofunders),
        "idCofinancement": application.reference if cofunders else "",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "evaluationCout": "",
        "evaluation": "",
        "dateMiseAJour": (today or paris_time(decision.signed_at).date()).isoformat(),
    }


def write_scdl_csv(call: Call, stream, *, today=None) -> int:
    """Write the CSV to a text ``stream``; returns the number of grants."""
    rows = scdl_rows(call, today=today)
    writer = csv.DictWriter(stream, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


def scdl_csv(call: Call, *, today=None) -> str:
    buffer = io.StringIO()
    write_scdl_csv(call, buffer, today=today)
    return buffer.getvalue()
