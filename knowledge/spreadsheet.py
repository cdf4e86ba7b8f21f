"""Read and write tiltak spreadsheets (Excel .xlsx or .csv): the files. An entry becomes a row
in `knowledge.cells`; the export and the import of an edited file are `knowledge.importing`.

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
import io
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from knowledge import english
from knowledge.atomic import atomic_write_bytes
from knowledge.cells import COLUMNS, REQUIRED_COLUMNS, entry_to_row, row_to_entry
from knowledge.coerce import text as _text
from knowledge.validation import AUDIENCES, SCOPES, STATUSES, TAGS, Problem

FORMATS = ("xlsx", "csv")
SHEET_NAME = "tiltak"
GUIDE_SHEET_NAME = "veiledning"
HEADER_ROW = 1  # the spreadsheet row of the column names; the first entry is on row 2
EXCEL_CELL_LIMIT = 32_767  # characters in one Excel cell


class SpreadsheetError(ValueError):
    """The file cannot be read as a tiltak spreadsheet at all. The message is Norwegian."""


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
            atomic_write_bytes(
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
    atomic_write_bytes(Path(path), buffer.getvalue())
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
