"""Weeks (ISO, Monday to Sunday) and calendar months in Norwegian time, with their bounds as
UTC (naive datetimes, as the tables keep them, and epoch seconds, as Rasa's events keep them)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.tickets.service_level import OSLO

WEEK = "uke"
MONTH = "maned"
KINDS = (WEEK, MONTH)
MONTH_NAMES = (
    "januar februar mars april mai juni juli august september oktober november desember".split()
)
WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})\Z")
MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})\Z")


def _utc(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in Oslo, as naive UTC."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=OSLO)
    return start.astimezone(dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Period:
    kind: str  # WEEK or MONTH
    first: dt.date  # first day (Norwegian date)
    end: dt.date  # the day after the last

    @property
    def key(self) -> str:
        """2026-W48 or 2026-11: in URLs and CSV file names."""
        if self.kind == WEEK:
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first.year}-{self.first.month:02d}"

    @property
    def label(self) -> str:
        """ "uke 48, 2026" or "november 2026"."""
        if self.kind == WEEK:
            year, week, _ = self.first.isocalendar()
            return f"uke {week}, {year}"
        return f"{MONTH_NAMES[self.first.month - 1]} {self.first.year}"

    @property
    def short_label(self) -> str:
        """ "uke 48" or "nov. 2026" (the axis of a chart)."""
        if self.kind == WEEK:
            return f"uke {self.first.isocalendar()[1]}"
        return f"{MONTH_NAMES[self.first.month - 1][:3]}. {self.first.year}"

    @property
    def start_utc(self) -> dt.datetime:
        return _utc(self.first)

    @property
    def end_utc(self) -> dt.datetime:
        return _utc(self.end)

    @property
    def start_epoch(self) -> float:
        return self.start_utc.replace(tzinfo=dt.timezone.utc).timestamp()

    @property
    def end_epoch(self) -> float:
        return self.end_utc.replace(tzinfo=dt.timezone.utc).timestamp()

    def previous(self) -> Period:
        return period_of(self.kind, self.first - dt.timedelta(days=1))

    def next(self) -> Period:
        return period_of(self.kind, self.end)

    def contains(self, moment: dt.datetime) -> bool:
        return self.start_utc <= moment < self.end_utc


def period_of(kind: str, day: dt.date) -> Period:
    """The week or month that `day` (a Norwegian date) is in."""
    if kind == WEEK:
        first = day - dt.timedelta(days=day.weekday())
        return Period(WEEK, first, first + dt.timedelta(days=7))
    first = day.replace(day=1)
    end = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(MONTH, first, end)


def today() -> dt.date:
    return dt.datetime.now(OSLO).date()


def parse(kind: str | None, key: str | None, now: dt.date | None = None) -> Period:
    """The period a URL asks for; the current one when the key is missing or not valid."""
    kind = kind if kind in KINDS else WEEK
    day = now or today()
    key = key or ""
    try:
        if kind == WEEK and (found := WEEK_KEY.match(key)):
            day = dt.date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
        elif kind == MONTH and (found := MONTH_KEY.match(key)):
            day = dt.date(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:  # week 54, month 13, year 0
        day = now or today()
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1):
        day = now or today()
    return period_of(kind, day)


def series(last: Period, count: int) -> list[Period]:
    """`count` periods of the same kind, oldest first, ending with `last`."""
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]
