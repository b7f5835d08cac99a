"""French formats for money and time, used by pages, PDFs, emails and exports alike."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

NBSP = "\u00a0"


def format_euros(amount: Decimal | int | None, *, symbol: bool = True) -> str:
    """``Decimal("100000")`` → ``100 000,00 €`` (no-break spaces), the way French administration writes it."""
    if amount is None:
        return "—"
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    integer, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    text = f"{sign}{NBSP.join(groups)},{cents}"
    return f"{text}{NBSP}€" if symbol else text


def paris_time(moment: datetime) -> datetime:
    return timezone.localtime(moment, timezone.get_default_timezone())


def time_left(deadline: datetime, now: datetime | None = None) -> str:
    """A human duration until ``deadline``: « 12 jours et 3 heures », « 45 minutes »."""
    now = now or timezone.now()
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return _("closed")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        day_text = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        if hours:
            return _("%(days)s and %(hours)s") % {
                "days": day_text,
                "hours": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
            }
        return day_text
    if hours:
        return _("%(hours)s and %(minutes)s") % {
            "hours": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
            "minutes": ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes},
        }
    return ngettext("%(n)d minute", "%(n)d minutes", max(minutes, 1)) % {"n": max(minutes, 1)}
