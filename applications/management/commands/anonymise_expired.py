"""Anonymise the dossiers of unselected carriers whose retention period is over (``retention.py``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import retention
from applications.formatting import paris_time
from applications.models import Application


def _day(moment) -> str:
    return paris_time(moment).strftime("%d/%m/%Y")


class Command(BaseCommand):
    @property
    def help(self):  # translated when asked, not at import
        return _(
            "Anonymise the dossiers of carriers that were not selected once their retention period is over, "
            "keeping the statistics."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--after-days",
            type=int,
            default=None,
            help=_("Retention period in days (default: the AMI_RETENTION_DAYS setting)."),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("List what would be anonymised; change nothing."))

    def handle(self, *args, after_days=None, dry_run=False, **options):
        # In the portal's language, whatever locale the caller left active.
        with translation.override(settings.LANGUAGE_CODE):
            self.anonymise(after_days=after_days, dry_run=dry_run)

    def anonymise(self, *, after_days, dry_run):
        if after_days is not None and after_days < 1:
            raise CommandError(_("The retention period must be at least one day."))
        report = retention.anonymise_expired(after_days=after_days, dry_run=dry_run)
        period = _("retention period: %(days)s days, last act before %(date)s") % {
            "days": report.days,
            "date": _day(report.cutoff),
        }
        if not report.dossiers:
            self.stdout.write(_("No dossier to anonymise (%(period)s).") % {"period": period})
            return
        for application in report.dossiers:
            self.stdout.write(
                "  "
                + _("%(dossier)s — %(state)s, last act on %(date)s")
                % {
                    "dossier": application.reference or _("draft no. %(id)s") % {"id": application.pk},
                    "state": Application.State(application.state).label,
                    "date": _day(application.last_act),
                }
            )
        n_dossiers, n_files, n_organisations = len(report.dossiers), report.files, len(report.organisations)
        if dry_run:
            parts = [
                ngettext("%(count)s dossier would be anonymised", "%(count)s dossiers would be anonymised", n_dossiers),
                ngettext("%(count)s file would be deleted", "%(count)s files would be deleted", n_files),
                ngettext(
                    "the contact details of %(count)s organisation would be removed",
                    "the contact details of %(count)s organisations would be removed",
                    n_organisations,
                ),
            ]
            summary = _("Dry run, nothing changed: %(dossiers)s, %(files)s, %(organisations)s (%(period)s).")
        else:
            parts = [
                ngettext("%(count)s dossier anonymised", "%(count)s dossiers anonymised", n_dossiers),
                ngettext("%(count)s file deleted", "%(count)s files deleted", n_files),
                ngettext(
                    "contact details of %(count)s organisation removed",
                    "contact details of %(count)s organisations removed",
                    n_organisations,
                ),
            ]
            summary = _("%(dossiers)s, %(files)s, %(organisations)s (%(period)s).")
        dossiers, files, organisations = (
            part % {"count": count} for part, count in zip(parts, (n_dossiers, n_files, n_organisations), strict=True)
        )
        message = summary % {"dossiers": dossiers, "files": files, "organisations": organisations, "period": period}
        self.stdout.write(self.style.SUCCESS(message))
