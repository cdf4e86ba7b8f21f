"""Edit one tiltak entry at a time (the inbox's content pages, issue #19).

An entry is edited as one spreadsheet row (`knowledge.cells`: the same cells, the same
reading, the same validation as `python -m knowledge import`), so there is one set of rules
for a coordinator's Excel file and for the browser form. A valid save

1. validates the row together with every other stored entry (duplicate names are refused),
2. writes the entry into its YAML file in `knowledge/content/` (or `EDI_CONTENT_DIR`) with the
   spreadsheet import's writer: the other entries keep their YAML text byte for byte, so the
   repository's diff shows this one edit,
3. replaces the entry's rows in the database and moves the content version on, so every
   process's search index (`knowledge.search.get_index`, checked every few seconds) is rebuilt
   without retraining, and
4. records who changed what and when (`content_change`: the row before and after), from which a
   revert saves the older row through the same validated path.

When the content files cannot be written (a deployed install whose repository is read-only),
the database is still updated and the result says so: such an edit lasts only until the next
`python -m knowledge build` (every `python -m bot run` does one), unless it is exported and
committed.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete

from bot.settings import env_content_dir
from knowledge.atomic import write_temporary
from knowledge.cells import COLUMNS, FILE_COLUMN, row_to_entry
from knowledge.content import load_content_files
from knowledge.database import session_scope
from knowledge.edit_form import EDITED_ROW, FieldError, form_row, row_fingerprint
from knowledge.edit_history import ContentChange, ensure_schema, history
from knowledge.importing import validate_sheet
from knowledge.models import Tiltak, TiltakSource
from knowledge.paths import CONTENT_DIR
from knowledge.rendering import plan_content_files
from knowledge.spreadsheet import Sheet
from knowledge.store import Meta, entry_to_model, load_all
from knowledge.validation import CONTACT_PATTERNS


class EntryNotFound(LookupError):
    """No stored entry has this id."""


@dataclass
class SaveResult:
    entry: dict | None
    errors: list[FieldError] = field(default_factory=list)
    saved: bool = False
    files_written: list[str] = field(default_factory=list)
    files_note: str = ""  # Norwegian: why the content files were not written, "" if they were
    change_id: int | None = None

    def errors_by_column(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for error in self.errors:
            found.setdefault(error.column, []).append(str(error))
        return found


# One save at a time in this process: the content file is read, rendered and renamed whole, so
# two saves at once could each write the file without the other's entry.
_saving = threading.Lock()


def content_dir() -> Path:
    """Where the YAML content files are: `EDI_CONTENT_DIR`, or `knowledge/content/`."""
    return env_content_dir(CONTENT_DIR)


def files_not_writable(directory: Path) -> str:
    """Norwegian: why the content files in `directory` cannot be written, or ''."""
    if not directory.is_dir():
        return f"Innholdsfilene finnes ikke her ({directory})."
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"Innholdsfilene i {directory} kan ikke skrives av tjenesten."
    return ""


def stored_entries(url: str | None = None) -> list[dict]:
    ensure_schema(url)
    return load_all(url)


def get_entry(entry_id: str, url: str | None = None) -> dict | None:
    for entry in stored_entries(url):
        if entry["id"] == entry_id:
            return entry
    return None


def check_row(
    row: Mapping, entry_id: str, url: str | None = None, check_sources: bool | None = None
) -> tuple[dict, list[FieldError], list[dict]]:
    """Read and validate the row as the entry `entry_id`, together with all stored entries.

    Returns the entry, its errors (by column, in column order) and every stored entry with this
    one in its place. The id and the content file are the stored entry's, never the form's."""
    entries = stored_entries(url)
    current = next((e for e in entries if e["id"] == entry_id), None)
    if current is None:
        raise EntryNotFound(entry_id)
    cells = {column: row.get(column, "") for column in COLUMNS}
    cells["id"] = entry_id
    cells[FILE_COLUMN] = current.get("_file", "")
    entry, reading = row_to_entry(cells, EDITED_ROW)
    others = [e for e in entries if e["id"] != entry_id]
    rows = [EDITED_ROW, *range(EDITED_ROW + 1, EDITED_ROW + 1 + len(others))]
    sheet = Sheet(entries=[entry, *others], rows=rows, problems=reading)
    problems = [p for p in validate_sheet(sheet, check_sources) if p.row == EDITED_ROW]
    errors = [FieldError(p.column, p.message) for p in problems]
    return entry, errors, [entry if e["id"] == entry_id else e for e in entries]


def save_entry(
    row: Mapping,
    entry_id: str,
    editor: str,
    url: str | None = None,
    directory: Path | None = None,
    action: str = "edit",
    base: str | None = None,
    check_sources: bool | None = None,
) -> SaveResult:
    """Validate and save one entry (see the module docstring). Nothing changes on an error.

    `base` is the `row_fingerprint` of the entry when the form was opened: when the stored entry
    has changed since, the save is refused rather than overwriting another editor's change."""
    directory = Path(directory or content_dir())
    ensure_schema(url)
    with _saving:
        return _save(row, entry_id, editor, url, directory, action, base, check_sources)


def _save(row, entry_id, editor, url, directory, action, base, check_sources) -> SaveResult:
    entry, errors, _ = check_row(row, entry_id, url, check_sources)
    current = get_entry(entry_id, url)
    before = form_row(current)
    if base and base != row_fingerprint(before):
        errors.insert(
            0,
            FieldError(
                "id",
                "tiltaket er endret av noen andre etter at du åpnet det. "
                "Last inn siden på nytt og gjør endringen igjen.",
            ),
        )
    result = SaveResult(entry, errors)
    if errors:
        return result
    after = form_row(entry)
    if after == before:
        result.saved = True  # nothing to change
        return result

    note = files_not_writable(directory)
    temporary: dict[str, Path] = {}
    if not note:
        files = load_content_files(directory)
        if any(e["id"] == entry_id for e in files):
            files = [entry if e["id"] == entry_id else e for e in files]
        else:
            files.append(entry)
        try:
            plan = plan_content_files(files, directory)
            for name in plan.changed:
                temporary[name] = write_temporary(
                    directory / name, plan.texts[name].encode("utf-8")
                )
        except OSError as error:
            for path in temporary.values():
                path.unlink(missing_ok=True)
            temporary = {}
            note = f"Innholdsfilene i {directory} kunne ikke skrives ({error.strerror or error})."
    try:
        with session_scope(url) as session:
            session.execute(delete(TiltakSource).where(TiltakSource.tiltak_id == entry_id))
            session.execute(delete(Tiltak).where(Tiltak.id == entry_id))
            session.flush()
            session.add(entry_to_model(entry))
            now = dt.datetime.utcnow()
            meta = session.get(Meta, "version") or Meta(key="version")
            meta.value = now.isoformat()
            meta.updated_at = now
            session.add(meta)
            change = ContentChange(
                entry_id=entry_id,
                editor=editor,
                action=action,
                at=now,
                before=before,
                after=after,
            )
            session.add(change)
            session.flush()
            result.change_id = change.id
    except BaseException:
        for path in temporary.values():
            path.unlink(missing_ok=True)
        raise
    for name, path in temporary.items():
        try:
            os.replace(path, directory / name)
            result.files_written.append(name)
        except OSError as error:
            path.unlink(missing_ok=True)
            note = (
                f"Databasen er oppdatert, men {name} ble ikke skrevet ({error.strerror or error})."
            )
    result.saved = True
    if note:
        result.files_note = (
            f"{note} Endringen er bare lagret i databasen og forsvinner neste gang "
            "kunnskapsbasen bygges fra filene. Last ned regnearket og få endringen inn i "
            "repositoriet."
        )
    return result


def add_alias(
    entry_id: str,
    alias: str,
    editor: str,
    url: str | None = None,
    directory: Path | None = None,
    check_sources: bool | None = None,
) -> SaveResult:
    """Add `alias` to the entry's aliases through the validated save (a no-op if it is there)."""
    current = get_entry(entry_id, url)
    if current is None:
        raise EntryNotFound(entry_id)
    alias = " ".join(str(alias).split())
    errors = []
    if not alias:
        errors.append(FieldError("aliases", "det nye navnet er tomt"))
    elif "[" in alias or "]" in alias or ";" in alias:
        errors.append(FieldError("aliases", "det nye navnet kan ikke ha [ ] eller ;"))
    elif any(pattern.search(alias) for pattern in CONTACT_PATTERNS):
        errors.append(
            FieldError("aliases", "kontaktopplysninger (telefon/e-post) hører ikke hjemme her")
        )
    if errors:
        return SaveResult(current, errors)
    aliases = list(current.get("aliases") or [])
    if alias.casefold() in (a.casefold() for a in aliases):
        return SaveResult(current, saved=True)
    updated = dict(current, aliases=[*aliases, alias])
    return save_entry(
        form_row(updated), entry_id, editor, url, directory, "alias", None, check_sources
    )


def revert(
    entry_id: str,
    change_id: int,
    editor: str,
    url: str | None = None,
    directory: Path | None = None,
    check_sources: bool | None = None,
) -> SaveResult:
    """Save the entry as it was before change `change_id`, through the validated path."""
    change = next((c for c in history(entry_id, url) if c.id == change_id), None)
    if change is None or change.before is None:
        raise EntryNotFound(f"{entry_id}#{change_id}")
    return save_entry(
        change.before, entry_id, editor, url, directory, "revert", None, check_sources
    )


def search_entries(entries: list[dict], query: str) -> list[dict]:
    """Entries whose id, name, aliases or summary contain every word of the query."""
    words = query.casefold().split()
    if not words:
        return entries
    found = []
    for entry in entries:
        haystack = " ".join(
            [
                entry["id"],
                entry["name"],
                " ".join(entry.get("aliases") or []),
                str(entry.get("summary") or ""),
                str(entry.get("provider") or ""),
            ]
        ).casefold()
        if all(word in haystack for word in words):
            found.append(entry)
    return found
