"""``seed_demo --stage followed``: the demo's awards are followed after their decision.

Through the functions the screens use: every award gets its follow-up; the first one that needs a
convention goes through its whole first year — convention sent, accepted by a representative of
the carrier, signed; the advance approved and paid; the interim report filed and approved — and
its final report is late, with the reminder the daily sweep sends.

To show a grant at that point of its life on the day the demo is seeded, its convention places the
action nineteen months back (an official may set the action's start in the convention); the other
awards keep the dates of their dossier.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.demo import DEMO_DOMAIN
from applications.formatting import paris_time
from review.models import Decision

from . import conventions, payments, reminders, reports
from .models import Report

User = get_user_model()
OFFICIAL = f"signataire@{DEMO_DOMAIN}"
DEMO_MONTHS_BACK = 19


def representative(organisation):
    """A member of the awarded organisation who accepts its convention (the demo's legal representative)."""
    email = f"representant-{organisation.pk}@{DEMO_DOMAIN}"
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        first, _space, last = organisation.representative_name.partition(" ")
        user = User.objects.create_user(
            email=email, first_name=first, last_name=last or "Démo", organisation=organisation
        )
        user.email_verified_at = timezone.now()
        user.set_unusable_password()
        user.save()
    return user


def follow_demo_grants(*, call, application_ids, accounts, stdout) -> list[int]:
    official = accounts.get(OFFICIAL) or User.objects.get(email__iexact=OFFICIAL)
    awards = (
        Decision.objects.filter(call=call, kind=Decision.Kind.AWARD, status=Decision.Status.ISSUED)
        .select_related("application__organisation", "call")
        .order_by("application__reference")
    )
    grants = [conventions.open_grant(decision=decision, by=official) for decision in awards]
    stdout.write(f"{len(grants)} subvention(s) suivie(s).")
    grant = next((g for g in grants if g.convention_required), None)
    if grant is None:
        stdout.write("Aucune subvention ne demande de convention : étape de suivi limitée.")
        return [g.pk for g in grants]
    today = paris_time(timezone.now()).date()
    carrier = representative(grant.application.organisation)
    convention = conventions.draft_convention(
        grant=grant, by=official, start=today - timedelta(days=DEMO_MONTHS_BACK * 30)
    )
    convention = conventions.send_convention(convention=convention, by=official)
    convention = conventions.accept_convention(convention=convention, user=carrier, sha256=convention.sha256)
    conventions.sign_convention(
        convention=convention,
        by=official,
        signatory_name=official.get_full_name() or "Signataire Démo",
        signatory_role="Le directeur de l'intégration et de l'accès à la nationalité (démo)",
    )
    advance = payments.approve_instalment(instalment=grant.instalments.get(kind="advance"), by=official)
    payments.record_payment(instalment=advance, by=official, paid_on=today, accounting_reference="EJ-DEMO-0001")

    interim = grant.reports.get(kind=Report.Kind.INTERIM)
    application = grant.application
    departements = list(application.departements.all())
    themes = list(application.themes.all())
    per_cell = max(1, (application.workshops_per_theme_per_departement or 2) // 2)
    recruited = (application.ambassadrices_per_departement or 2) * len(departements)
    interim = reports.save_draft(
        report=interim,
        user=carrier,
        fields={
            "narrative": "Recrutement et formation des ambassadrices terminés ; premiers ateliers dans chaque "
            "département ; mallette pédagogique livrée (démo).",
            "ambassadrices_recruited": recruited,
            "ambassadrices_trained": recruited,
            "people_reached": (application.expected_participants or 200) // 2,
            "kit_delivered": True,
            "workshops": {d.code: {str(t.position): per_cell for t in themes} for d in departements},
        },
        actuals={},
    )
    reports.approve_report(report=reports.submit_report(report=interim, user=carrier), by=official)
    sent = reminders.send_due_reminders(today=today)
    final = grant.reports.get(kind=Report.Kind.FINAL)
    stdout.write(
        f"{application.reference} : convention {convention.reference} signée, avance payée, compte rendu "
        f"intermédiaire approuvé, compte rendu final attendu le {final.due_on.isoformat()} (en retard), "
        f"{sent} relance(s) envoyée(s)."
    )
    return [g.pk for g in grants]
