"""The canonical form of a tiltak entry: the keys of knowledge/CONTENT.md in its order and
normalised values, so that two entries that mean the same compare equal (YAML files,
spreadsheet rows and the database are compared through it).
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge import english
from knowledge.coerce import SHEET_DATE_FORMATS, parse_date
from knowledge.coerce import text as _text

# Keys of one item in a block cell, in the order they are written.
BLOCK_KEYS = {
    "sources": ("field", "ref", "quote"),
    "key_facts": ("text", "ref", "quote"),
    "conflicts": ("note", "refs"),
}


def canonical_age(value):
    """An age limit as a whole number or None; anything else is returned for validation to
    report (a spreadsheet cell "16" arrives as 16.0, a typo as text)."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    try:
        number = float(_text(value).replace(",", "."))
    except ValueError:
        return value
    return int(number) if number.is_integer() else value


def canonical_date(value):
    """A date from a date, an ISO string or DD.MM.YYYY; anything else is returned as text."""
    found = parse_date(value, SHEET_DATE_FORMATS)
    return _text(value) if found is None else found


def canonical_entry(entry: Mapping) -> dict:
    """The entry with the keys of knowledge/CONTENT.md in its order and normalised values.

    Used for the YAML files, the spreadsheet and comparisons: two entries that mean the same
    have equal canonical forms. `_file` (the content file) is kept when present.
    """
    eligibility = entry.get("eligibility") or {}
    result = {
        "id": _text(entry.get("id")),
        "name": _text(entry.get("name")),
        "aliases": [_text(a) for a in entry.get("aliases") or []],
        "audience": _text(entry.get("audience")),
        "target_groups": [_text(t) for t in entry.get("target_groups") or []],
        "scope": _text(entry.get("scope")),
        "municipality": _text(entry.get("municipality")),
        "provider": _text(entry.get("provider")),
        "tags": [_text(t) for t in entry.get("tags") or []],
        "summary": _text(entry.get("summary")),
        "eligibility": {
            "min_age": canonical_age(eligibility.get("min_age")),
            "max_age": canonical_age(eligibility.get("max_age")),
            "conditions": _text(eligibility.get("conditions")),
        },
        "offers": _text(entry.get("offers")),
        "how_to_start": _text(entry.get("how_to_start")),
        "contact_role": _text(entry.get("contact_role")),
        "cost": _text(entry.get("cost")),
        "status": _text(entry.get("status")),
        "sources": [
            {key: _text(source.get(key)) for key in BLOCK_KEYS["sources"]}
            for source in entry.get("sources") or []
        ],
        "key_facts": [
            {key: _text(fact.get(key)) for key in BLOCK_KEYS["key_facts"]}
            for fact in entry.get("key_facts") or []
        ],
        "conflicts": [
            {
                "note": _text(conflict.get("note")),
                "refs": [_text(ref) for ref in conflict.get("refs") or []],
            }
            for conflict in entry.get("conflicts") or []
        ],
        "last_reviewed": canonical_date(entry.get("last_reviewed")),
        "en": english.canonical_english(entry.get("en")),
    }
    if entry.get("_file"):
        result["_file"] = _text(entry["_file"])
    return result


def without_file(entry: dict) -> dict:
    entry = dict(entry)
    entry.pop("_file", None)
    return entry
