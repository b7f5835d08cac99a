"""Dates written the way a French administrative act writes them.

« le 1er mars 2027 » (an ordinal for the first day of a month), « le 2 mars 2027 » otherwise,
whatever language the reader's browser asks for: acts are French text (loi n° 94-665, art. 1).
Django's ``date:"j F Y"`` gives « 1 mars 2027 ».

And the months the acts count in: :func:`add_months` (two months of silence, six months to report).
"""

import calendar
from datetime import date, datetime

from .formatting import paris_time

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: date | datetime) -> str:
    """``date(2027, 3, 1)`` → « 1er mars 2027 »; an aware datetime is read in Paris time first."""
    if isinstance(day, datetime):
        day = paris_time(day).date()
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def french_datetime(moment: datetime) -> str:
    """An aware datetime in Paris time: « 1er mars 2027 à 12:00 » (the caller says « heure de Paris »)."""
    local = paris_time(moment)
    return f"{french_date(local.date())} à {local:%H:%M}"


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later, or that month's last day if it has no such day
    (31 August + 6 months is 28 or 29 February)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
