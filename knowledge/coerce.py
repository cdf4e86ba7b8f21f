"""The one text and date coercion of the knowledge package (and of the handoff form's answers).

A value can come from YAML (str, int, float, date), from a spreadsheet cell through pandas
(NaN for empty, whole numbers as floats, datetimes) or from a chat message. Every reader
turns it into text and dates the same way, so that an entry means the same wherever it was
read: before this module there were three date parsers and three `_text` helpers that
disagreed on whole floats, datetimes and line endings.
"""

from __future__ import annotations

import datetime as dt
import math

ISO_DATE = "%Y-%m-%d"
# A spreadsheet cell may also hold a Norwegian date (DD.MM.ÅÅÅÅ): Excel shows dates so.
SHEET_DATE_FORMATS = (ISO_DATE, "%d.%m.%Y")


def text(value) -> str:
    """A value as stripped text: '' for None and NaN, dates as ISO (a datetime by its date),
    whole floats as integers (a cell "12" that pandas read as 12.0 is "12"), and every line
    ending as \\n (Excel writes \\r\\n)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_date(value, formats: tuple[str, ...] = (ISO_DATE,)) -> dt.date | None:
    """The date a value holds (a date, a datetime, or text in one of `formats` in its first
    ten characters), or None when it holds none: the caller decides whether that is an error."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = text(value)[:10]
    for pattern in formats:
        try:
            return dt.datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    return None
