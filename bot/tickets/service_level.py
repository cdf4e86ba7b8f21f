"""The service level: by when a coordinator answers a case, in working days.

A working day is Monday to Friday and not a Norwegian public holiday (the `holidays` library's
calendar for Norway: nyttårsdag, skjærtorsdag, langfredag, 2. påskedag, 1. mai, 17. mai, Kristi
himmelfartsdag, 2. pinsedag, 1. and 2. juledag). A case made on any day, at any hour, is due
at the end of the Nth working day after that day, in Norwegian time (Europe/Oslo): made on
Tuesday with two working days, it is due by the end of Thursday.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays
from babel.dates import format_date, format_timedelta

OSLO = ZoneInfo("Europe/Oslo")


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.Norway(years=year, include_sundays=False)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def local_date(moment: dt.datetime) -> dt.date:
    """The Norwegian calendar date of a stored time (naive UTC, as the tables keep it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(OSLO).date()


def answer_by(created: dt.datetime, working_days: int) -> dt.date:
    """The last day (Norwegian date) on which the case is answered in time."""
    day = local_date(created)
    counted = 0
    while counted < max(0, working_days):
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def deadline(day: dt.date) -> dt.datetime:
    """The end of that day in Oslo, as naive UTC (compared with the tables' times)."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=OSLO)
    return end.astimezone(dt.timezone.utc).replace(tzinfo=None)


def is_overdue(day: dt.date | None, now: dt.datetime) -> bool:
    return day is not None and now >= deadline(day)


def spoken_date(day: dt.date, language: str = "nb") -> str:
    """ "torsdag 3. desember" (or "Thursday 3 December")."""
    if language == "en":
        return format_date(day, "EEEE d MMMM", locale="en")
    return format_date(day, "EEEE d. MMMM", locale="nb")


def waiting_time(since: dt.datetime, now: dt.datetime) -> str:
    """How long a case has waited, in Norwegian words ("3 timer", "2 dager")."""
    return format_timedelta(max(now - since, dt.timedelta()), threshold=1.5, locale="nb")
