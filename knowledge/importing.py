"""Export the stored entries for a spreadsheet and import an edited spreadsheet.

An import validates every row first and changes nothing if any row has an error; a valid
file replaces the database content in one transaction and writes the YAML files back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from knowledge import english
from knowledge.atomic import write_temporary
from knowledge.canonical import BLOCK_KEYS, canonical_entry, without_file
from knowledge.cells import COLUMNS, VALIDATION_COLUMNS
from knowledge.content import load_content_files
from knowledge.paths import CONTENT_DIR
from knowledge.rendering import assign_files, plan_content_files
from knowledge.spreadsheet import HEADER_ROW, Sheet, read_spreadsheet
from knowledge.validation import Problem, validate_entries


class ContentWriteError(OSError):
    """The content files could not be written. The message is Norwegian and says what changed."""


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
            temporary[name] = write_temporary(content_dir / name, plan.texts[name].encode("utf-8"))
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
    before = {e["id"]: without_file(canonical_entry(e)) for e in current}
    after = {e["id"]: without_file(canonical_entry(e)) for e in result.entries}
    result.added = [i for i in after if i not in before]
    result.deleted = [i for i in before if i not in after]
    result.updated = [i for i in after if i in before and before[i] != after[i]]
