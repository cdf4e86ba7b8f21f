"""The one text and date coercion (knowledge.coerce) where the copies it replaced differed."""

import datetime as dt

from knowledge.canonical import canonical_date
from knowledge.coerce import SHEET_DATE_FORMATS, parse_date, text
from knowledge.validation import validate_entry


def test_a_whole_float_is_an_integer():
    # pandas reads a cell "12" as 12.0; validation's copy said "12.0"
    assert text(12.0) == "12"
    assert text(12.5) == "12.5"


def test_a_datetime_is_its_date():
    # an Excel date cell arrives as a datetime; the copies in validation and actions said
    # "2024-05-06 00:00:00"
    assert text(dt.datetime(2024, 5, 6, 0, 0)) == "2024-05-06"
    assert text(dt.date(2024, 5, 6)) == "2024-05-06"


def test_line_endings_are_newlines():
    # Excel writes \r\n inside a cell; only the spreadsheet's copy turned them into \n
    assert text(" første\r\nandre\rtredje ") == "første\nandre\ntredje"


def test_empty_values_are_empty_text_and_zero_is_zero():
    # the handoff form's copy (`str(value or "")`) made 0 empty; 0 is a value
    assert text(None) == ""
    assert text(float("nan")) == ""
    assert text(0) == "0"
    assert text("  ja ") == "ja"


def test_one_date_parser():
    assert parse_date(dt.datetime(2024, 5, 6, 13, 0)) == dt.date(2024, 5, 6)
    assert parse_date(dt.date(2024, 5, 6)) == dt.date(2024, 5, 6)
    assert parse_date(" 2024-05-06T10:00:00 ") == dt.date(2024, 5, 6)
    assert parse_date("ikke en dato") is None
    assert parse_date(None) is None


def test_a_norwegian_date_counts_only_in_a_spreadsheet_cell():
    assert parse_date("06.05.2024") is None  # content files and the database: ISO only
    assert parse_date("06.05.2024", SHEET_DATE_FORMATS) == dt.date(2024, 5, 6)
    assert canonical_date("06.05.2024") == dt.date(2024, 5, 6)
    assert canonical_date("snart") == "snart"  # left for validation to report


def test_validation_and_checks_read_dates_alike():
    entry = {"id": "x", "name": "X", "last_reviewed": "06.05.2024"}
    problems = [
        p for p in validate_entry(entry, 1, check_sources=False) if p.column == "last_reviewed"
    ]
    assert problems and "er ikke en dato" in problems[0].message
    entry["last_reviewed"] = "2024-05-06"
    assert not [
        p for p in validate_entry(entry, 1, check_sources=False) if p.column == "last_reviewed"
    ]
