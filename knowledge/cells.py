"""The cells of a spreadsheet row: an entry as a row and a row as an entry.

The cell formats are described in knowledge/spreadsheet.py and knowledge/CONTENT.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from knowledge import english
from knowledge.canonical import BLOCK_KEYS, canonical_age, canonical_date, canonical_entry
from knowledge.coerce import text as _text
from knowledge.validation import Problem

FILE_COLUMN = "content_file"
COLUMNS = (
    "id",
    "name",
    "aliases",
    "audience",
    "scope",
    "target_groups",
    "municipality",
    "provider",
    "tags",
    "summary",
    "min_age",
    "max_age",
    "conditions",
    "offers",
    "how_to_start",
    "contact_role",
    "cost",
    "status",
    "sources",
    "key_facts",
    "conflicts",
    "last_reviewed",
    *english.COLUMNS.values(),
    FILE_COLUMN,
)
# Every column but the file column must be there: a deleted column would silently empty
# that field in every entry.
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c != FILE_COLUMN)
LIST_COLUMNS = ("aliases", "target_groups", "tags")
TEXT_COLUMNS = (
    "id name audience scope municipality provider summary conditions offers how_to_start "
    "contact_role cost status"
).split()
LIST_SEPARATOR = "; "
# Where validation names a field that the sheet spreads over other columns.
VALIDATION_COLUMNS = {
    "eligibility.min_age": "min_age",
    "eligibility.max_age": "max_age",
    "eligibility": "conditions",
    **english.VALIDATION_COLUMNS,
}
FILE_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*\.yml$")


def _join_list(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(items)


def _split_list(value) -> list[str]:
    return [item.strip() for item in re.split(r"[;\n]", _text(value)) if item.strip()]


def format_block(column: str, items: list[dict]) -> str:
    """Items of `sources`, `key_facts` or `conflicts` as `key: value` blocks."""
    blocks = []
    for item in items:
        lines = []
        for key in BLOCK_KEYS[column]:
            value = item.get(key)
            if isinstance(value, list):
                value = _join_list(value)
            lines.append(f"{key}: {_text(value)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def parse_block(column: str, value) -> tuple[list[dict], list[str]]:
    """Read a block cell (or a JSON list). Returns the items and problem messages."""
    text = _text(value)
    if not text:
        return [], []
    keys = BLOCK_KEYS[column]
    if text[0] in "[{":
        return _parse_json_block(column, text)
    key_line = re.compile(rf"^\s*({'|'.join(keys)})\s*:\s?(.*)$", re.IGNORECASE)
    items: list[dict] = []
    current: dict | None = None
    last_key = ""
    errors: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            current = None
            continue
        match = key_line.match(line)
        if match:
            key, rest = match[1].lower(), match[2].strip()
            if current is None or key in current:
                current = {}
                items.append(current)
            current[key] = rest
            last_key = key
        elif current is None:
            wanted = ", ".join(f"'{k}:'" for k in keys)
            errors.append(f"linje {number} ('{line.strip()[:40]}') må begynne med {wanted}")
        else:
            current[last_key] = f"{current[last_key]}\n{line.strip()}".strip()
    return [_block_item(column, item) for item in items], errors


def _block_item(column: str, item: Mapping) -> dict:
    result = {}
    for key in BLOCK_KEYS[column]:
        value = item.get(key)
        if key == "refs":
            result[key] = (
                [_text(v) for v in value if _text(v)]
                if isinstance(value, list)
                else _split_list(value)
            )
        else:
            result[key] = _text(value)
    return result


def _parse_json_block(column: str, text: str) -> tuple[list[dict], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [
            f"er ikke gyldig JSON ({error.msg} på linje {error.lineno}, tegn {error.colno})"
        ]
    if isinstance(data, dict):
        data = [data]
    keys = BLOCK_KEYS[column]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        return [], ["JSON-verdien må være en liste med objekter"]
    errors = []
    for item in data:
        unknown = sorted(set(item) - set(keys))
        if unknown:
            errors.append(f"ukjent nøkkel {', '.join(unknown)} i JSON; bruk {', '.join(keys)}")
    return [_block_item(column, item) for item in data], errors


def entry_to_row(entry: Mapping) -> dict:
    """One spreadsheet row (column -> cell value) for an entry."""
    entry = canonical_entry(entry)
    eligibility = entry["eligibility"]
    row = english.to_cells(entry["en"])
    for column in COLUMNS:
        if column in row:
            continue
        if column in LIST_COLUMNS:
            row[column] = _join_list(entry[column])
        elif column in BLOCK_KEYS:
            row[column] = format_block(column, entry[column])
        elif column in ("min_age", "max_age", "conditions"):
            row[column] = eligibility[column]
        elif column == FILE_COLUMN:
            row[column] = entry.get("_file", "")
        else:
            row[column] = entry[column]
    return row


def row_to_entry(row: Mapping, row_number: int) -> tuple[dict, list[Problem]]:
    """An entry dict from one spreadsheet row, and the problems found reading its cells."""
    problems: list[Problem] = []
    entry: dict = {column: _text(row.get(column)) for column in TEXT_COLUMNS}
    for column in LIST_COLUMNS:
        entry[column] = _split_list(row.get(column))
    ages = {}
    for column in ("min_age", "max_age"):
        ages[column] = canonical_age(row.get(column))
        value = ages[column]
        if isinstance(value, float) or (isinstance(value, str) and _looks_numeric(value)):
            problems.append(Problem(row_number, column, f"'{value}' er ikke et helt tall"))
            ages[column] = None
    entry["eligibility"] = {
        "min_age": ages["min_age"],
        "max_age": ages["max_age"],
        "conditions": entry.pop("conditions"),
    }
    for column in BLOCK_KEYS:
        items, errors = parse_block(column, row.get(column))
        entry[column] = items
        problems.extend(Problem(row_number, column, message) for message in errors)
    entry["last_reviewed"] = canonical_date(row.get("last_reviewed"))
    entry["en"], errors = english.from_cells(row)
    problems.extend(Problem(row_number, column, message) for column, message in errors)
    file_name = _text(row.get(FILE_COLUMN))
    if file_name:
        if not FILE_NAME_PATTERN.match(file_name):
            problems.append(
                Problem(
                    row_number,
                    FILE_COLUMN,
                    f"'{file_name}' må være et filnavn som 'ungdom_lokal.yml' "
                    "(små bokstaver, tall, _ og -, slutter på .yml)",
                )
            )
        else:
            entry["_file"] = file_name
    return canonical_entry(entry), problems


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True
