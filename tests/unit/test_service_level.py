"""The service level (issue #18, item 3): working days with Norwegian public holidays from the
`holidays` library, the deadline in Norwegian time, the date as the person reads it."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.settings import load_settings
from bot.tickets.service_level import (
    answer_by,
    deadline,
    is_overdue,
    is_working_day,
    spoken_date,
    waiting_time,
)


def _oslo_noon(year: int, month: int, day: int) -> dt.datetime:
    """Noon in Oslo as the tables store it (naive UTC; Oslo is UTC+1 or +2)."""
    return dt.datetime(year, month, day, 10, 0)


@pytest.mark.parametrize(
    ("created", "due", "spoken"),
    [
        # Wednesday before Easter 2027: skjærtorsdag, langfredag, the weekend and 2. påskedag
        # are no working days; Tuesday and Wednesday after Easter are the two.
        (_oslo_noon(2027, 3, 24), dt.date(2027, 3, 31), "onsdag 31. mars"),
        # Sunday 16 May 2027: Monday is both 17. mai and 2. pinsedag.
        (_oslo_noon(2027, 5, 16), dt.date(2027, 5, 19), "onsdag 19. mai"),
        # Friday 14 May 2027: Monday 17 May is a holiday.
        (_oslo_noon(2027, 5, 14), dt.date(2027, 5, 19), "onsdag 19. mai"),
        # Ordinary weeks: Tuesday → Thursday; Friday → Tuesday.
        (_oslo_noon(2026, 12, 1), dt.date(2026, 12, 3), "torsdag 3. desember"),
        (_oslo_noon(2026, 12, 4), dt.date(2026, 12, 8), "tirsdag 8. desember"),
        # Christmas 2026: 25 and 26 December (and the weekend).
        (_oslo_noon(2026, 12, 23), dt.date(2026, 12, 28), "mandag 28. desember"),
    ],
)
def test_two_working_days_skip_weekends_and_public_holidays(created, due, spoken):
    assert answer_by(created, 2) == due
    assert spoken_date(due) == spoken


def test_the_day_is_the_norwegian_day():
    # 23:30 UTC on Tuesday 1 December is 00:30 on Wednesday in Oslo.
    assert answer_by(dt.datetime(2026, 12, 1, 23, 30), 2) == dt.date(2026, 12, 4)
    # and in summer time (UTC+2): 22:30 UTC on Friday 12 June is Saturday in Oslo
    assert answer_by(dt.datetime(2026, 6, 12, 22, 30), 1) == dt.date(2026, 6, 15)


def test_holidays_come_from_the_library():
    assert not is_working_day(dt.date(2027, 5, 17))
    assert not is_working_day(dt.date(2027, 3, 25))  # skjærtorsdag
    assert not is_working_day(dt.date(2026, 5, 14))  # Kristi himmelfartsdag
    assert is_working_day(dt.date(2026, 12, 24))  # julaften is a working day in the law
    assert is_working_day(dt.date(2026, 12, 2))


def test_overdue_only_after_the_end_of_the_answer_day_in_oslo():
    day = dt.date(2026, 12, 3)
    assert deadline(day) == dt.datetime(2026, 12, 3, 23, 0)  # midnight in Oslo, UTC+1
    assert not is_overdue(day, dt.datetime(2026, 12, 3, 22, 59))
    assert is_overdue(day, dt.datetime(2026, 12, 3, 23, 0))
    assert not is_overdue(None, dt.datetime(2030, 1, 1))


def test_waiting_time_in_norwegian_words():
    start = dt.datetime(2026, 12, 1, 8, 0)
    assert waiting_time(start, start + dt.timedelta(hours=3)) == "3 timer"
    assert waiting_time(start, start + dt.timedelta(days=2, hours=2)) == "2 døgn"


def test_the_answer_time_is_a_setting(monkeypatch):
    monkeypatch.delenv("EDI_ANSWER_WORKING_DAYS", raising=False)
    assert load_settings().answer_working_days == 2
    monkeypatch.setenv("EDI_ANSWER_WORKING_DAYS", "5")
    assert load_settings().answer_working_days == 5
    monkeypatch.setenv("EDI_ANSWER_WORKING_DAYS", "to")
    with pytest.raises(SystemExit, match="EDI_ANSWER_WORKING_DAYS"):
        load_settings()
