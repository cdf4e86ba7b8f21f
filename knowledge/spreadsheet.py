"""Export tiltak to a spreadsheet (Excel .xlsx or .csv) and import an edited one.

Coordinators edit the content in Excel; the YAML files in `knowledge/content/` stay the
reviewable source of truth. An import validates every row first and changes nothing if any
row has an error; a valid file replaces the database content in one transaction and writes
the YAML files back.

One row per entry. Cell formats (also in knowledge/CONTENT.md and on the sheet "veiledning"):

* `aliases`, `target_groups`, `tags`: the items separated by "; " (or one per line).
* `eligibility` is three columns: `min_age`, `max_age` (whole numbers or empty) and
  `conditions`.
* `sources`, `key_facts`, `conflicts`: one block of `key: value` lines per item, items
  separated by an empty line, e.g. for `sources`::

      field: summary
      ref: 001_543cba19b78bf4d1.txt:246-248
      quote: Bedriftspakken, som skal gjøre det enklere ...

  `conflicts` blocks have `note:` and `refs:` (refs separated by "; "). A cell holding a
  JSON list of objects (`[{"field": ..., "ref": ..., "quote": ...}]`) is read as well.
* `last_reviewed`: a date (ÅÅÅÅ-MM-DD; an Excel date cell or DD.MM.ÅÅÅÅ works too).
* `en_summary`, `en_offers`, … `en_key_facts`: the `en:` block (knowledge/english.py);
  `en_key_facts` holds one English sentence per line.
* `content_file`: the YAML file the entry lives in; empty for a new entry, which then goes
  to the file that holds most entries of the same audience and scope.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge import english
from knowledge.content import content_files
from knowledge.paths import CONTENT_DIR
from knowledge.validation import AUDIENCES, SCOPES, STATUSES, TAGS, Problem, validate_entries

FORMATS = ("xlsx", "csv")
SHEET_NAME = "tiltak"
GUIDE_SHEET_NAME = "veiledning"
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
# Keys of one item in a block cell, in the order they are written.
BLOCK_KEYS = {
    "sources": ("field", "ref", "quote"),
    "key_facts": ("text", "ref", "quote"),
    "conflicts": ("note", "refs"),
}
LIST_SEPARATOR = "; "
# Where validation names a field that the sheet spreads over other columns.
VALIDATION_COLUMNS = {
    "eligibility.min_age": "min_age",
    "eligibility.max_age": "max_age",
    "eligibility": "conditions",
    **english.VALIDATION_COLUMNS,
}
FILE_NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*\.yml$")
DEFAULT_FILES = {  # (scope, audience) -> file, when no other entry shows where such entries go
    ("annen_kommune", None): "andre_kommuner.yml",
    ("nasjonal", None): "nav_nasjonal.yml",
    ("lokal", "ungdom"): "ungdom_lokal.yml",
    ("lokal", None): "arbeidsgiver_lokal.yml",
}
HEADER_ROW = 1  # the spreadsheet row of the column names; the first entry is on row 2
EXCEL_CELL_LIMIT = 32_767  # characters in one Excel cell


class SpreadsheetError(ValueError):
    """The file cannot be read as a tiltak spreadsheet at all. The message is Norwegian."""


class ContentWriteError(OSError):
    """The content files could not be written. The message is Norwegian and says what changed."""


# -- the entry shape ---------------------------------------------------------------------------


_text = english.cell_text


def _age(value):
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


def _date(value):
    """A date from a date, an ISO string or DD.MM.YYYY; anything else is returned unchanged."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return text


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
            "min_age": _age(eligibility.get("min_age")),
            "max_age": _age(eligibility.get("max_age")),
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
        "last_reviewed": _date(entry.get("last_reviewed")),
        "en": english.canonical_english(entry.get("en")),
    }
    if entry.get("_file"):
        result["_file"] = _text(entry["_file"])
    return result


# -- cells -------------------------------------------------------------------------------------


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
        ages[column] = _age(row.get(column))
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
    entry["last_reviewed"] = _date(row.get("last_reviewed"))
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


# -- reading and writing files ----------------------------------------------------------------


def detect_format(path: str, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise SpreadsheetError(f"Ukjent format '{fmt}'. Bruk xlsx eller csv.")
        return fmt
    if path == "-":
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt"):
        return "csv"
    raise SpreadsheetError(
        f"Ukjent filtype '{suffix or path}'. Bruk en .xlsx- eller .csv-fil (eller --format)."
    )


def entries_to_frame(entries: Iterable[Mapping]):
    import pandas as pd

    return pd.DataFrame([entry_to_row(e) for e in entries], columns=list(COLUMNS), dtype=object)


def write_spreadsheet(entries: list[dict], path: str, fmt: str | None = None) -> str:
    """Write the entries to `path` ('-' is stdout, CSV). Returns the format used."""
    fmt = detect_format(path, fmt)
    frame = entries_to_frame(entries)
    if fmt == "csv":
        if path == "-":
            frame.to_csv(sys.stdout, index=False, lineterminator="\n")
        else:
            # utf-8-sig: Excel recognises the file as UTF-8 and shows æøå correctly.
            _atomic_write_bytes(
                Path(path),
                frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig"),
            )
        return fmt
    if path == "-":
        raise SpreadsheetError("Excel-filer kan ikke skrives til standard ut; bruk --format csv.")
    for column in COLUMNS:
        for position, value in enumerate(frame[column]):
            if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                raise SpreadsheetError(
                    f"Cellen {column} på rad {position + HEADER_ROW + 1} har {len(value)} tegn; "
                    f"Excel tar bare {EXCEL_CELL_LIMIT}. Eksporter til .csv i stedet."
                )
    buffer = io.BytesIO()
    _write_xlsx(frame, buffer)
    _atomic_write_bytes(Path(path), buffer.getvalue())
    return fmt


def _write_xlsx(frame, target) -> None:
    import pandas as pd
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    widths = {"id": 28, "name": 36, "summary": 60, "offers": 60, "sources": 80}
    wide = {"summary", "offers", "conditions", "how_to_start", "sources", "key_facts"}
    wide |= english.WIDE_COLUMNS
    with pd.ExcelWriter(target, engine="openpyxl", date_format="YYYY-MM-DD") as writer:
        frame.to_excel(writer, sheet_name=SHEET_NAME, index=False)
        sheet = writer.sheets[SHEET_NAME]
        sheet.freeze_panes = "C2"
        for position, column in enumerate(COLUMNS, start=1):
            letter = get_column_letter(position)
            sheet.column_dimensions[letter].width = widths.get(column, 50 if column in wide else 22)
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text that starts with '=' is text, not a formula
                    cell.data_type = "s"
                cell.alignment = wrap
        for column, allowed in (("audience", AUDIENCES), ("scope", SCOPES), ("status", STATUSES)):
            letter = get_column_letter(COLUMNS.index(column) + 1)
            rule = DataValidation(type="list", formula1=f'"{",".join(allowed)}"')
            rule.error = f"Bruk en av: {', '.join(allowed)}"
            rule.add(f"{letter}2:{letter}2000")
            sheet.add_data_validation(rule)
        guide = writer.book.create_sheet(GUIDE_SHEET_NAME)
        guide.column_dimensions["A"].width = 110
        for line in _guide_lines():
            guide.append([line])


def _guide_lines() -> list[str]:
    return [
        "Slik redigerer du tiltakene (arket «tiltak»). Formatet er beskrevet i knowledge/CONTENT.md.",
        "",
        "Én rad per tiltak. Ikke endre kolonnenavnene på rad 1, og ikke slett kolonner.",
        "aliases, target_groups og tags: skill verdiene med semikolon (;) eller ny linje.",
        f"audience: {', '.join(AUDIENCES)}.  scope: {', '.join(SCOPES)}.  "
        f"status: {', '.join(STATUSES)}.",
        "min_age og max_age: hele tall eller tomt.  last_reviewed: dato (ÅÅÅÅ-MM-DD).",
        "sources: én blokk per kilde med linjene «field: …», «ref: fil.txt:linje» og "
        "«quote: …», og en tom linje mellom blokkene (Alt+Enter gir ny linje i en celle).",
        "key_facts: blokker med «text: …», «ref: …» og «quote: …».  "
        "conflicts: blokker med «note: …» og «refs: ref1; ref2».",
        english.GUIDE_LINE,
        "content_file: hvilken innholdsfil tiltaket ligger i; la den stå tom for nye tiltak.",
        "Tillatte tagger: " + ", ".join(sorted(TAGS)) + ".",
        "",
        "Sjekk filen før import:  python -m knowledge import tiltak.xlsx --dry-run",
    ]


@dataclass
class Sheet:
    """What was read from a spreadsheet: entries, their row numbers and reading problems."""

    entries: list[dict] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # columns that are not fields


def read_spreadsheet(path: str, fmt: str | None = None) -> Sheet:
    """Read a tiltak spreadsheet. Raises SpreadsheetError when it is not one at all."""
    fmt = detect_format(path, fmt)
    if path != "-" and not Path(path).is_file():
        raise SpreadsheetError(f"Finner ikke filen {path}.")
    frame = _read_xlsx(path) if fmt == "xlsx" else _read_csv(path)
    columns = [_text(c).lower() for c in frame.columns]
    frame.columns = columns
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise SpreadsheetError(
            f"{_display(path)} mangler kolonnene {', '.join(missing)} på rad {HEADER_ROW}. "
            "Eksporter en ny fil med `python -m knowledge export` og rediger den."
        )
    # pandas renames a repeated column name to "name.1".
    repeated = [re.match(r"^(.+)\.\d+$", c) for c in columns if c not in COLUMNS]
    duplicated = sorted({m[1] for m in repeated if m and m[1] in COLUMNS})
    if duplicated:
        raise SpreadsheetError(
            f"{_display(path)} har kolonnene {', '.join(duplicated)} mer enn én gang."
        )
    sheet = Sheet(ignored_columns=[c for c in columns if c not in COLUMNS])
    for position, record in enumerate(frame.to_dict("records")):
        row_number = position + HEADER_ROW + 1
        if not any(_text(record.get(c)) for c in COLUMNS):
            continue  # an empty row between entries
        entry, problems = row_to_entry(record, row_number)
        sheet.entries.append(entry)
        sheet.rows.append(row_number)
        sheet.problems.extend(problems)
    return sheet


def _display(path: str) -> str:
    return "Standard inn" if path == "-" else str(path)


def _read_xlsx(path: str):
    import pandas as pd

    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            name = SHEET_NAME if SHEET_NAME in book.sheet_names else book.sheet_names[0]
            return book.parse(name, dtype=object, keep_default_na=False, na_values=[])
    except Exception as error:  # zipfile, openpyxl and pandas raise many kinds
        raise SpreadsheetError(
            f"{path} er ikke en Excel-fil (.xlsx) som kan leses ({type(error).__name__})."
        ) from error


def _read_csv(path: str):
    import pandas as pd

    raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    if b"\x00" in raw[:4096]:
        raise SpreadsheetError(f"{_display(path)} er ikke en CSV-fil (den ser binær ut).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # "CSV (semikolondelt)" from Excel
    if not text.strip():
        raise SpreadsheetError(f"{_display(path)} er tom.")
    header = text.split("\n", 1)[0]
    separator = max((",", ";", "\t"), key=header.count)
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as error:
        raise SpreadsheetError(
            f"{_display(path)} kan ikke leses som CSV: {str(error).strip()}"
        ) from error


def _atomic_write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    temporary = _write_temporary(path, data, mode)
    os.replace(temporary, path)


def _write_temporary(path: Path, data: bytes, mode: int | None = None) -> Path:
    path = Path(path)
    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


# -- the YAML content files --------------------------------------------------------------------

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ten times faster


def _load_yaml(text: str):
    return yaml.load(text, Loader=_Loader)  # noqa: S506  # nosec B506


def load_content_files(directory: Path = CONTENT_DIR) -> list[dict]:
    """Like knowledge.content.load_content, with the faster loader."""
    entries = []
    for path in content_files(Path(directory)):
        for entry in _load_yaml(path.read_text(encoding="utf-8")) or []:
            entry["_file"] = path.name
            entries.append(entry)
    return entries


YAML_WIDTH = 96
_HEADER = "# {title}. Format: knowledge/CONTENT.md\n"


_SIMPLE_TEXT = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*(?<!\s)$")
_RESOLVER = yaml.resolver.Resolver()


def _plain(value) -> str:
    """A scalar as PyYAML writes it in a block mapping (quoted only when needed)."""
    if isinstance(value, str) and value == "":
        return '""'
    if (
        isinstance(value, str)
        and value.isprintable()
        and _SIMPLE_TEXT.match(value)
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    ):
        return value  # the common case, without the (slow) emitter
    dumped = yaml.safe_dump({"k": value}, allow_unicode=True, width=math.inf)
    return dumped[3:].rstrip("\n")


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def _flow(items: list[str], quoted: bool = False) -> str:
    if quoted:
        return "[" + ", ".join(_quoted(item) for item in items) + "]"
    return yaml.safe_dump(
        list(items), allow_unicode=True, default_flow_style=True, width=math.inf
    ).rstrip("\n")


def _foldable(text: str) -> bool:
    return bool(text) and text.isprintable() and "  " not in text and text == text.strip()


def _long_text(key: str, text: str, indent: int, always_fold: bool) -> list[str]:
    """`key: text`, as a folded block (`>-`) wrapped at YAML_WIDTH when it is long."""
    pad = " " * indent
    one_line = f"{pad}{key}: {_plain(text)}"
    if not text or (len(one_line) <= YAML_WIDTH and not always_fold) or not _foldable(text):
        return [one_line]
    lines, current = [f"{pad}{key}: >-"], ""
    for word in text.split(" "):
        if current and len(pad) + 2 + len(current) + 1 + len(word) > YAML_WIDTH:
            lines.append(f"{pad}  {current}")
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(f"{pad}  {current}")
    return lines


def render_entry(entry: Mapping) -> str:
    """One entry as a YAML list item, in the style of knowledge/CONTENT.md."""
    e = canonical_entry(entry)
    el = e["eligibility"]
    lines = [
        f"- id: {_plain(e['id'])}",
        f"  name: {_plain(e['name'])}",
        f"  aliases: {_flow(e['aliases'])}",
        f"  audience: {_plain(e['audience'])}",
        f"  target_groups: {_flow(e['target_groups'])}",
        f"  scope: {_plain(e['scope'])}",
        f"  municipality: {_plain(e['municipality'])}",
        f"  provider: {_plain(e['provider'])}",
        f"  tags: {_flow(e['tags'])}",
        *_long_text("summary", e["summary"], 2, True),
        "  eligibility:",
        f"    min_age: {_plain(el['min_age'])}",
        f"    max_age: {_plain(el['max_age'])}",
        *_long_text("conditions", el["conditions"], 4, True),
        *_long_text("offers", e["offers"], 2, True),
        *_long_text("how_to_start", e["how_to_start"], 2, False),
        f"  contact_role: {_plain(e['contact_role'])}",
        *_long_text("cost", e["cost"], 2, False),
        f"  status: {_plain(e['status'])}",
    ]
    lines.append("  sources:" if e["sources"] else "  sources: []")
    for source in e["sources"]:
        lines += [
            f"    - field: {_plain(source['field'])}",
            f"      ref: {_quoted(source['ref'])}",
            f"      quote: {_quoted(source['quote'])}",
        ]
    lines.append("  key_facts:" if e["key_facts"] else "  key_facts: []")
    for fact in e["key_facts"]:
        lines += [
            f"    - text: {_quoted(fact['text'])}",
            f"      ref: {_quoted(fact['ref'])}",
            f"      quote: {_quoted(fact['quote'])}",
        ]
    lines.append("  conflicts:" if e["conflicts"] else "  conflicts: []")
    for conflict in e["conflicts"]:
        note = _long_text("note", conflict["note"], 6, True)
        note[0] = "    - " + note[0].lstrip()
        lines += [*note, f"      refs: {_flow(conflict['refs'], quoted=True)}"]
    lines += english.yaml_lines(e["en"], _long_text, _quoted)
    lines.append(f"  last_reviewed: {_plain(e['last_reviewed'])}")
    return "\n".join(lines) + "\n"


def render_content_file(
    entries: list[dict], header: str, unchanged: Mapping[str, tuple[dict, str]] | None = None
) -> str:
    """A content file. An entry found unchanged in `unchanged` (id -> (entry, YAML text))
    keeps its YAML text as it was, so that the diff a reviewer sees shows real changes only.
    """
    unchanged = unchanged or {}
    texts = []
    for entry in entries:
        meaning = _without_file(canonical_entry(entry))
        previous = unchanged.get(meaning["id"])
        texts.append(previous[1] if previous and previous[0] == meaning else render_entry(entry))
    return header + "\n".join(texts)


def existing_entry_texts(directory: Path) -> dict[str, tuple[dict, str]]:
    """The YAML text of each entry of the content files in `directory`, by id."""
    found: dict[str, tuple[dict, str]] = {}
    for path in content_files(directory):
        pieces: list[list[str]] = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith("- "):
                pieces.append([line])
            elif pieces:
                pieces[-1].append(line)
        for lines in pieces:
            text = "".join(lines).rstrip("\n") + "\n"
            try:
                loaded = _load_yaml(text)
            except yaml.YAMLError:
                continue
            if isinstance(loaded, list) and len(loaded) == 1 and isinstance(loaded[0], dict):
                meaning = _without_file(canonical_entry(loaded[0]))
                found.setdefault(meaning["id"], (meaning, text))
    return found


def _file_header(path: Path) -> str:
    """The leading comment lines of an existing content file, or a new one."""
    if path.is_file():
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if not line.startswith("#"):
                break
            lines.append(line)
        if lines:
            return "".join(lines)
    title = path.stem.replace("_", " ").capitalize()
    return _HEADER.format(title=title)


def assign_files(entries: list[dict]) -> list[dict]:
    """Give entries without `_file` the file where entries of that audience and scope live."""
    by_kind: dict[tuple[str, str], Counter] = {}
    by_scope: dict[str, Counter] = {}
    for entry in entries:
        if entry.get("_file"):
            by_kind.setdefault((entry["audience"], entry["scope"]), Counter())[entry["_file"]] += 1
            by_scope.setdefault(entry["scope"], Counter())[entry["_file"]] += 1
    result = []
    for entry in entries:
        entry = dict(entry)
        if not entry.get("_file"):
            kind = by_kind.get((entry["audience"], entry["scope"]))
            scope = by_scope.get(entry["scope"])
            if kind:
                entry["_file"] = kind.most_common(1)[0][0]
            elif scope:
                entry["_file"] = scope.most_common(1)[0][0]
            else:
                entry["_file"] = DEFAULT_FILES.get(
                    (entry["scope"], entry["audience"]),
                    DEFAULT_FILES.get((entry["scope"], None), "nye_tiltak.yml"),
                )
        result.append(entry)
    return result


@dataclass
class ContentPlan:
    """The content files after an import: every file's text, which differ, which go away."""

    texts: dict[str, str]
    changed: list[str]
    removed: list[str]


def plan_content_files(entries: list[dict], directory: Path) -> ContentPlan:
    """Render the content files for the entries (grouped by `_file`, in the given order).

    Every file that differs from the one on disk is read back and compared with the entries,
    so a file is never written that would not load as exactly these entries.
    """
    directory = Path(directory)
    groups: dict[str, list[dict]] = {}
    for entry in entries:
        groups.setdefault(entry["_file"], []).append(entry)
    unchanged = existing_entry_texts(directory) if directory.is_dir() else {}
    texts, changed = {}, []
    for name in sorted(groups):
        path = directory / name
        text = render_content_file(groups[name], _file_header(path), unchanged)
        texts[name] = text
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        loaded = _load_yaml(text) or []
        expected = [_without_file(canonical_entry(e)) for e in groups[name]]
        if [_without_file(canonical_entry(e)) for e in loaded] != expected:
            raise RuntimeError(f"{name}: den skrevne YAML-en gir ikke de samme tiltakene")
        changed.append(name)
    removed = [path.name for path in content_files(directory) if path.name not in texts]
    return ContentPlan(texts, changed, removed)


def _without_file(entry: dict) -> dict:
    entry = dict(entry)
    entry.pop("_file", None)
    return entry


# -- export and import -------------------------------------------------------------------------


@dataclass
class ExportSource:
    entries: list[dict]
    origin: str  # Norwegian description of where the entries came from
    # Ids whose stored entry differs from the content files (then the database is stale, or
    # the files are): an import of this export would write the database's version back.
    differs_from_files: list[str] = field(default_factory=list)


def _stored_entries(url: str) -> tuple[list[dict], str]:
    """The entries in the database, or none and why (empty, no table, cannot be read)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from knowledge.database import get_engine
    from knowledge.store import load_all

    shown = _safe_url(url)
    try:
        entries = load_all(url) if inspect(get_engine(url)).has_table("tiltak") else []
    except SQLAlchemyError as error:
        return [], f"fikk ikke lest databasen {shown} ({type(error).__name__})"
    return entries, "" if entries else f"databasen {shown} er tom"


def entries_for_export(url: str | None = None, content_dir: Path = CONTENT_DIR) -> ExportSource:
    """The stored entries, in content-file order; the content files if the database is empty."""
    from knowledge.database import database_url

    url = url or database_url()
    entries, reason = _stored_entries(url)
    content = load_content_files(content_dir)
    if not entries:
        return ExportSource(content, f"innholdsfilene i {content_dir} ({reason})")
    order = {entry["id"]: position for position, entry in enumerate(content)}
    entries.sort(key=lambda e: (e.get("_file", ""), order.get(e["id"], len(order)), e["id"]))
    in_files = {e["id"]: canonical_entry(e) for e in content}
    in_database = {e["id"]: canonical_entry(e) for e in entries}
    differ = sorted(
        i for i in in_files.keys() | in_database.keys() if in_files.get(i) != in_database.get(i)
    )
    return ExportSource(entries, f"databasen {_safe_url(url)}", differ)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a malformed URL: show it without anything after '@'
        return url.split("@")[-1]


@dataclass
class ImportResult:
    entries: list[dict]
    problems: list[Problem]
    dry_run: bool = False
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def validate_sheet(sheet: Sheet, check_sources: bool | None = None) -> list[Problem]:
    """Reading problems plus validation problems, by spreadsheet row and column."""
    problems = list(sheet.problems)
    seen = {(p.row, p.column) for p in problems}
    for problem in validate_entries(sheet.entries, check_sources=check_sources, rows=sheet.rows):
        column = VALIDATION_COLUMNS.get(problem.column, problem.column)
        if (problem.row, column) in seen and column in BLOCK_KEYS:
            continue  # the cell could not be read; its reading problem says why
        if column == english.COLUMNS["key_facts"] and (problem.row, "key_facts") in seen:
            continue  # the key facts to count the English against could not be read
        problems.append(Problem(problem.row, column, problem.message))
    order = {column: position for position, column in enumerate(COLUMNS)}
    return sorted(problems, key=lambda p: (p.row, order.get(p.column, len(order))))


def import_spreadsheet(
    path: str,
    url: str | None = None,
    content_dir: Path = CONTENT_DIR,
    dry_run: bool = False,
    check_sources: bool | None = None,
    fmt: str | None = None,
) -> ImportResult:
    """Validate every row; if all are valid, replace the database content and the YAML files.

    Raises SpreadsheetError for a file that is not a tiltak spreadsheet. With any problem,
    or with `dry_run`, nothing is changed.
    """
    from knowledge.database import database_url
    from knowledge.store import replace_all

    url = url or database_url()
    content_dir = Path(content_dir)
    sheet = read_spreadsheet(path, fmt)
    problems = validate_sheet(sheet, check_sources)
    if not sheet.entries and not problems:
        problems = [Problem(HEADER_ROW + 1, "id", "filen har ingen tiltak")]
    result = ImportResult(
        sheet.entries, problems, dry_run=dry_run, ignored_columns=sheet.ignored_columns
    )
    if problems:
        return result
    entries = assign_files(sheet.entries)
    plan = plan_content_files(entries, content_dir)
    result.entries = entries
    _describe_changes(result, url, content_dir)
    result.written = plan.changed
    result.removed = plan.removed
    if dry_run:
        return result

    # Files first to temporary names, then the database in one transaction, then the renames:
    # an error before the commit leaves everything as it was.
    temporary: dict[str, Path] = {}
    try:
        for name in result.written:
            temporary[name] = _write_temporary(content_dir / name, plan.texts[name].encode("utf-8"))
        replace_all(entries, url=url, check_sources=check_sources)
    except BaseException as error:
        for path in temporary.values():
            path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ContentWriteError(
                f"kunne ikke skrive innholdsfilene i {content_dir} ({error}). Ingenting er endret."
            ) from error
        raise
    try:
        for name, path in temporary.items():
            os.replace(path, content_dir / name)
        for name in result.removed:
            (content_dir / name).unlink(missing_ok=True)
    except OSError as error:
        for path in temporary.values():
            path.unlink(missing_ok=True)
        raise ContentWriteError(
            f"databasen er oppdatert, men innholdsfilene i {content_dir} ble ikke skrevet "
            f"ferdig ({error}). Rett feilen og importer filen på nytt."
        ) from error
    return result


def _describe_changes(result: ImportResult, url: str, content_dir: Path) -> None:
    current = _stored_entries(url)[0] or load_content_files(content_dir)
    before = {e["id"]: _without_file(canonical_entry(e)) for e in current}
    after = {e["id"]: _without_file(canonical_entry(e)) for e in result.entries}
    result.added = [i for i in after if i not in before]
    result.deleted = [i for i in before if i not in after]
    result.updated = [i for i in after if i in before and before[i] != after[i]]
