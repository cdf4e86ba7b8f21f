"""The English text of a tiltak entry: the optional `en:` block (see knowledge/CONTENT.md).

Each English field renders the Norwegian field of the same entry, nothing more; the
Norwegian stays the source of truth. This module holds what the rest of the knowledge
package needs for the block: its fields, its canonical form, its validation, its spreadsheet
cells and its YAML lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from knowledge.coerce import text as _text

# The fields of the `en:` block, in the order they are written.
TEXT_FIELDS = ("summary", "offers", "how_to_start", "eligibility_conditions", "cost")
TEXT_FIELDS += ("contact_role",)
FIELDS = (*TEXT_FIELDS, "key_facts")
# A field written as a folded block in YAML even when it is short.
ALWAYS_FOLDED = ("summary", "offers", "eligibility_conditions")
# Spreadsheet column of each field (the Norwegian `conditions` column has `en_conditions`).
COLUMNS = {field: f"en_{field}" for field in FIELDS}
COLUMNS["eligibility_conditions"] = "en_conditions"
# Where validation (`en.<field>`) points in a spreadsheet.
VALIDATION_COLUMNS = {f"en.{field}": column for field, column in COLUMNS.items()}
VALIDATION_COLUMNS["en"] = COLUMNS["summary"]
WIDE_COLUMNS = {COLUMNS[f] for f in ("summary", "offers", "eligibility_conditions", "key_facts")}
# The Norwegian field each English field renders, as a reader would name it.
NORWEGIAN_NAMES = {field: field for field in FIELDS}
NORWEGIAN_NAMES["eligibility_conditions"] = "eligibility.conditions"
NOT_IN_SOURCES = "ikke_i_kildene"  # as knowledge.validation.NOT_IN_SOURCES
URL_PATTERN = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:no|com|org|net|io|eu)\b", re.I)
# A figure: digits, with groups of three written with a space, comma or point ("1 500 000").
_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d{3}(?!\d))*")


def norwegian_text(entry: Mapping, field: str):
    """The Norwegian counterpart of an English field: text, or the key-fact sentences."""
    if field == "key_facts":
        return [_text(fact.get("text")) for fact in entry.get("key_facts") or []]
    if field == "eligibility_conditions":
        return _text((entry.get("eligibility") or {}).get("conditions"))
    return _text(entry.get(field))


def canonical_english(value) -> dict:
    """The `en:` block with its fields in order and empty ones left out ({} for none).

    Anything that is not a block, and keys that are not fields, are kept as they are for
    validation to report."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if not isinstance(value, Mapping):
        return value
    result: dict = {}
    for field in FIELDS:
        item = value.get(field)
        if field == "key_facts":
            if isinstance(item, (list, tuple)):
                if item:
                    result[field] = [
                        _text(fact) if not isinstance(fact, (dict, list)) else fact for fact in item
                    ]
            elif item is not None and _text(item) != "":
                result[field] = item
        elif isinstance(item, (dict, list)):
            result[field] = item
        elif _text(item):
            result[field] = _text(item)
    for key in sorted(set(value) - set(FIELDS), key=str):
        result[key] = value[key]
    return result


def figures(text: str) -> set[str]:
    """The numbers a text states, as digits only ("1 500 000" and "1,500,000" are equal)."""
    return {re.sub(r"\D", "", number) for number in _NUMBER.findall(text or "")}


def validate_english(entry: Mapping, row: int) -> list:
    """Problems with the `en:` block of one entry (knowledge.validation.Problem)."""
    from knowledge.validation import CONTACT_PATTERNS, Problem

    value = entry.get("en")
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if not isinstance(value, Mapping):
        return [Problem(row, "en", f"må være en blokk med feltene {', '.join(FIELDS)}")]
    problems = [
        Problem(row, "en", f"ukjent felt '{key}' i en-blokken; bruk {', '.join(FIELDS)}")
        for key in sorted(set(value) - set(FIELDS), key=str)
    ]
    english = canonical_english(value)
    for field in FIELDS:
        if field not in english:
            continue
        column = f"en.{field}"
        norwegian = norwegian_text(entry, field)
        if field == "key_facts":
            texts = english[field]
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                problems.append(Problem(row, column, "må være en liste med setninger (tekst)"))
                continue
            if len(texts) != len(norwegian):
                problems.append(
                    Problem(
                        row,
                        column,
                        f"har {len(texts)} setninger, men key_facts har {len(norwegian)}: "
                        "én engelsk setning per nøkkeltall, i samme rekkefølge",
                    )
                )
            pairs = list(zip(texts, norwegian, strict=False))  # a count mismatch is reported
        else:
            if not isinstance(english[field], str):
                problems.append(Problem(row, column, "må være tekst"))
                continue
            texts, pairs = [english[field]], [(english[field], norwegian)]
            name = NORWEGIAN_NAMES[field]
            if english[field] == NOT_IN_SOURCES:
                problems.append(
                    Problem(
                        row,
                        column,
                        f"'{NOT_IN_SOURCES}' står bare i det norske feltet; "
                        "la det engelske feltet være tomt",
                    )
                )
                continue
            if norwegian == NOT_IN_SOURCES:
                problems.append(
                    Problem(
                        row,
                        column,
                        f"det norske feltet {name} er '{NOT_IN_SOURCES}'; da skal det ikke stå "
                        "engelsk tekst (assistenten sier at kildene ikke sier noe)",
                    )
                )
                continue
            if not norwegian:
                problems.append(
                    Problem(
                        row,
                        column,
                        f"det norske feltet {name} er tomt; den engelske teksten kan ikke si "
                        "mer enn den norske",
                    )
                )
                continue
        for position, text in enumerate(texts, start=1):
            if not text.strip():
                problems.append(Problem(row, column, f"setning {position} er tom"))
            if any(p.search(text) for p in CONTACT_PATTERNS) or URL_PATTERN.search(text):
                problems.append(
                    Problem(
                        row,
                        column,
                        "kontaktopplysninger (telefon, e-post eller nettadresse) hører ikke "
                        "hjemme her",
                    )
                )
        for position, (text, source) in enumerate(pairs, start=1):
            extra = sorted(figures(text) - figures(source), key=lambda n: (len(n), n))
            if extra:
                where = f"setning {position}" if field == "key_facts" else "teksten"
                problems.append(
                    Problem(
                        row,
                        column,
                        f"{where} har tallet {', '.join(extra)}, som ikke står i det norske "
                        f"feltet {NORWEGIAN_NAMES[field]}",
                    )
                )
    return problems


def missing_english(entry: Mapping) -> list[str]:
    """The English fields an entry lacks although its Norwegian field has text."""
    english = canonical_english(entry.get("en"))
    if not isinstance(english, Mapping):
        return []
    missing = []
    for field in FIELDS:
        norwegian = norwegian_text(entry, field)
        if norwegian and norwegian != NOT_IN_SOURCES and field not in english:
            missing.append(field)
    return missing


# -- spreadsheet cells -------------------------------------------------------------------------


def to_cells(english: Mapping) -> dict[str, str]:
    """The spreadsheet cells of a (canonical) `en:` block: key facts one per line."""
    english = english if isinstance(english, Mapping) else {}
    cells = {}
    for field, column in COLUMNS.items():
        value = english.get(field)
        if field == "key_facts":
            cells[column] = "\n".join(_text(fact) for fact in value or [])
        else:
            cells[column] = _text(value)
    return cells


def from_cells(row: Mapping) -> tuple[dict, list[tuple[str, str]]]:
    """The `en:` block of a spreadsheet row, and (column, message) reading problems.

    `en_key_facts` holds one sentence per line (empty lines are skipped) or a JSON list."""
    english: dict = {}
    problems: list[tuple[str, str]] = []
    for field, column in COLUMNS.items():
        text = _text(row.get(column))
        if not text:
            continue
        if field != "key_facts":
            english[field] = text
        elif text.startswith("["):
            try:
                facts = json.loads(text)
            except json.JSONDecodeError as error:
                problems.append((column, f"er ikke gyldig JSON ({error.msg})"))
                continue
            if not isinstance(facts, list) or not all(isinstance(f, str) for f in facts):
                problems.append((column, "JSON-verdien må være en liste med setninger"))
                continue
            english[field] = [_text(fact) for fact in facts]
        else:
            english[field] = [line.strip() for line in text.split("\n") if line.strip()]
    return canonical_english(english), problems


GUIDE_LINE = (
    "en_summary, en_offers, en_how_to_start, en_conditions, en_cost, en_contact_role: den "
    "engelske teksten til feltet med samme navn; den sier det samme som den norske, ikke mer. "
    "Tomt når det norske feltet er tomt eller «ikke_i_kildene».  en_key_facts: én engelsk "
    "setning per linje, like mange og i samme rekkefølge som key_facts."
)


# -- YAML --------------------------------------------------------------------------------------


def yaml_lines(
    english: Mapping,
    long_text: Callable[[str, str, int, bool], list[str]],
    quoted: Callable[[str], str],
) -> list[str]:
    """The `en:` block as lines of a content file (none when it is empty). `long_text` and
    `quoted` are the content files' own scalar writers (knowledge.rendering)."""
    if not isinstance(english, Mapping) or not english:
        return []
    lines = ["  en:"]
    for field in FIELDS:
        if field not in english:
            continue
        if field == "key_facts":
            lines.append("    key_facts:")
            lines += [f"      - {quoted(_text(fact))}" for fact in english[field]]
        else:
            lines += long_text(field, _text(english[field]), 4, field in ALWAYS_FOLDED)
    return lines
