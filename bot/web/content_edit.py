"""The knowledge base in the browser (issue #19), under /inbox/innhold for `redaktør` and admins:
the list with a search, one entry in a form (the spreadsheet's cells and validation, the cited
source lines beside each field), a preview of the assistant's answer from the unsaved form,
the entry's history with revert, and spreadsheet export and import as buttons.

Saving goes through `knowledge.editing` (the YAML file and the database; the assistant's
search index notices within seconds, no retraining). Login, CSRF and the session rules are
`bot.web.inbox`'s guard in front of every page; other roles get 404, as for a case they may
not see.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.tickets import users
from bot.web.content_preview import preview
from bot.web.inbox import INBOX_KEY, PREFIX, USER_KEY, _db, _form, _redirect, _render, user_who_may
from knowledge import edit_form, edit_history, editing
from knowledge.cells import row_to_entry
from knowledge.importing import ContentWriteError, entries_for_export, import_spreadsheet
from knowledge.review import review_entry
from knowledge.spreadsheet import SpreadsheetError, write_spreadsheet
from knowledge.validation import AUDIENCES, SCOPES, STATUSES, TAGS

logger = logging.getLogger(__name__)
CONTENT = f"{PREFIX}/innhold"
ENTRY_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SEARCH_CHARS = 100
# The field whose cited lines stand beside each form field (knowledge.review's rows).
SOURCE_FIELD = {
    "name": "name",
    "target_groups": "target_groups",
    "provider": "provider",
    "summary": "summary",
    "min_age": "eligibility",
    "conditions": "eligibility",
    "offers": "offers",
    "how_to_start": "how_to_start",
    "contact_role": "contact_role",
    "cost": "cost",
    "status": "status",
}
HINTS = {
    "aliases": "Andre navn folk bruker. Skill dem med semikolon (;) eller ny linje.",
    "target_groups": "Skill med semikolon (;) eller ny linje.",
    "summary": "1–2 korte setninger i klarspråk. Må ha en kilde (feltet «Kilder»).",
    "how_to_start": "Første steg slik kildene sier det, eller ikke_i_kildene.",
    "contact_role": "En rolle kildene nevner (for eksempel Nav-veileder), aldri kontaktinfo.",
    "sources": "Én blokk per kilde med linjene field:, ref: og quote:, tom linje mellom blokkene.",
    "key_facts": "Én blokk per tall med linjene text:, ref: og quote:.",
    "conflicts": "Én blokk med note: og refs: (skill henvisningene med ;).",
    "last_reviewed": "Datoen du sist sjekket teksten mot kildene.",
    "en_key_facts": "Én engelsk setning per linje, like mange som nøkkeltallene.",
}
TEXTAREAS = {
    "aliases",
    "target_groups",
    "summary",
    "conditions",
    "offers",
    "how_to_start",
    "cost",
    "sources",
    "key_facts",
    "conflicts",
    "en_summary",
    "en_offers",
    "en_how_to_start",
    "en_conditions",
    "en_cost",
    "en_key_facts",
}
CHOICES = {"audience": AUDIENCES, "scope": SCOPES, "status": STATUSES}
GROUPS = (
    ("Navn og målgruppe", ("name", "aliases", "audience", "scope", "municipality")),
    ("Hva det er", ("summary", "offers", "target_groups", "provider", "tags")),
    ("Hvem kan få det", ("min_age", "max_age", "conditions")),
    ("Slik kommer man i gang", ("how_to_start", "contact_role", "cost")),
    ("Status og kilder", ("status", "last_reviewed", "sources", "key_facts", "conflicts")),
    (
        "Engelsk tekst",
        (
            "en_summary",
            "en_offers",
            "en_how_to_start",
            "en_conditions",
            "en_cost",
            "en_contact_role",
            "en_key_facts",
        ),
    ),
)
DONE = {
    "saved": "Endringen er lagret. Assistenten svarer med den nye teksten i løpet av noen sekunder.",
    "reverted": "Tiltaket er tilbakestilt. Assistenten svarer med den teksten i løpet av noen sekunder.",
    "same": "Ingenting var endret.",
}


def _editor(request: web.Request) -> users.InboxUser:
    return user_who_may(request, "content")


def _url(request: web.Request) -> str | None:
    return request.app[INBOX_KEY].url


def _form_cells(form, stored: dict | None) -> dict[str, str]:
    """The spreadsheet row of a submitted form. Tags come as checkboxes in alphabetical order:
    the entry's own order is kept for those still ticked, so an untouched list is no change."""
    cells = {column: str(form.get(column) or "") for column in edit_form.LABELS}
    ticked = [t for t in form.getall("tags", []) if t in TAGS]
    kept = [t for t in (stored or {}).get("tags") or [] if t in ticked]
    cells["tags"] = "; ".join(kept + [t for t in ticked if t not in kept])
    return cells


async def content_list(request: web.Request) -> web.Response:
    user = _editor(request)
    search = " ".join(request.query.get("q", "").split())[:MAX_SEARCH_CHARS]
    entries = await _db(editing.stored_entries, _url(request))
    found = editing.search_entries(entries, search)
    return _render(
        "content_list.html",
        title="Innhold",
        user=user,
        entries=found,
        total=len(entries),
        search=search,
        files_note=editing.files_not_writable(editing.content_dir()),
    )


def _sources_beside(entry: dict | None) -> dict[str, list]:
    if entry is None:
        return {}
    rows = review_entry(entry).rows
    by_field: dict[str, list] = {}
    for row in rows:
        by_field.setdefault(row.field, []).extend(row.cited)
    return by_field


async def _edit_page(
    request: web.Request,
    entry_id: str,
    cells: dict[str, str] | None = None,
    base: str | None = None,
    result: editing.SaveResult | None = None,
    turns=None,
    status: int = 200,
) -> web.Response:
    user = _editor(request)
    url = _url(request)
    stored = await _db(editing.get_entry, entry_id, url)
    if stored is None:
        raise web.HTTPNotFound()
    stored_row = edit_form.form_row(stored)
    cells = cells or stored_row
    changes = await _db(edit_history.history, entry_id, url)
    cited = await _db(_sources_beside, stored)
    errors = result.errors_by_column() if result else {}
    return _render(
        "content_edit.html",
        http_status=status,
        title=f"Rediger {stored['name']}",
        wide=True,
        user=user,
        entry=stored,
        cells=cells,
        base=base or edit_form.row_fingerprint(stored_row),
        labels=edit_form.LABELS,
        hints=HINTS,
        textareas=TEXTAREAS,
        choices=CHOICES,
        groups=GROUPS,
        tags=sorted(TAGS),
        chosen_tags=set(row_to_entry(cells, 2)[0]["tags"]),
        cited=cited,
        source_field=SOURCE_FIELD,
        errors=errors,
        error_list=result.errors if result else [],
        turns=turns,
        changes=changes,
        done=DONE.get(request.query.get("ok", "")),
        files_note=(
            editing.files_not_writable(editing.content_dir()) or "Innholdsfilene ble ikke skrevet."
        )
        if request.query.get("filer") == "nei"
        else "",
    )


async def edit_page(request: web.Request) -> web.Response:
    return await _edit_page(request, request.match_info["entry_id"])


async def save(request: web.Request) -> web.Response:
    user = _editor(request)
    entry_id = request.match_info["entry_id"]
    url = _url(request)
    form = await _form(request)
    stored = await _db(editing.get_entry, entry_id, url)
    if stored is None:
        raise web.HTTPNotFound()
    cells = _form_cells(form, stored)
    base = str(form.get("base") or "")
    if form.get("action") == "preview":
        try:
            entry, errors, _ = await _db(editing.check_row, cells, entry_id, url)
        except editing.EntryNotFound:
            raise web.HTTPNotFound() from None
        turns = await _db(preview, entry)
        result = editing.SaveResult(entry, errors)
        return await _edit_page(request, entry_id, cells, base, result, turns)
    try:
        result = await _db(
            editing.save_entry,
            cells,
            entry_id,
            user.username,
            url,
            editing.content_dir(),
            "edit",
            base,
        )
    except editing.EntryNotFound:
        raise web.HTTPNotFound() from None
    if result.errors:
        return await _edit_page(request, entry_id, cells, base, result, status=400)
    logger.info("content: %s saved %s (%s)", user.username, entry_id, result.files_written)
    return _redirect(_done(entry_id, "saved" if result.change_id else "same", result))


def _done(entry_id: str, what: str, result: editing.SaveResult) -> str:
    files = "&filer=nei" if result.files_note else ""
    return f"{CONTENT}/{entry_id}?ok={what}{files}#melding"


async def revert(request: web.Request) -> web.Response:
    user = _editor(request)
    entry_id = request.match_info["entry_id"]
    change_id = int(request.match_info["change_id"])
    url = _url(request)
    try:
        result = await _db(
            editing.revert, entry_id, change_id, user.username, url, editing.content_dir()
        )
    except editing.EntryNotFound:
        raise web.HTTPNotFound() from None
    if result.errors:
        return await _edit_page(request, entry_id, None, None, result, status=400)
    logger.info("content: %s reverted %s to before change %s", user.username, entry_id, change_id)
    return _redirect(_done(entry_id, "reverted" if result.change_id else "same", result))


# -- spreadsheet ---------------------------------------------------------------------------


def _export_bytes(url: str | None, fmt: str) -> bytes:
    source = entries_for_export(url, editing.content_dir())
    with tempfile.TemporaryDirectory(prefix="edi-export-") as directory:
        path = Path(directory) / f"tiltak.{fmt}"
        write_spreadsheet(source.entries, str(path), fmt)
        return path.read_bytes()


async def export(request: web.Request) -> web.Response:
    user = _editor(request)
    fmt = request.match_info["fmt"]
    data = await _db(_export_bytes, _url(request), fmt)
    logger.info("content: %s exported the spreadsheet (%s)", user.username, fmt)
    kinds = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv",
    }
    stamp = dt.date.today().isoformat()
    return web.Response(
        body=data,
        content_type=kinds[fmt],
        headers={"Content-Disposition": f'attachment; filename="tiltak-{stamp}.{fmt}"'},
    )


def _import(data: bytes, suffix: str, dry_run: bool, editor: str, url: str | None):
    before = {e["id"]: edit_form.form_row(e) for e in editing.stored_entries(url)}
    with tempfile.TemporaryDirectory(prefix="edi-import-") as directory:
        path = Path(directory) / f"opplastet{suffix}"
        path.write_bytes(data)
        result = import_spreadsheet(
            str(path), url=url, content_dir=editing.content_dir(), dry_run=dry_run
        )
    if not dry_run and not result.problems:
        edit_history.record_import(result.entries, before, editor, url)
    return result


async def import_file(request: web.Request) -> web.Response:
    user = _editor(request)
    url = _url(request)
    form = await _form(request)
    upload = form.get("file")
    dry_run = form.get("dry_run") == "1"
    message, problems, result = "", [], None
    name = str(getattr(upload, "filename", "") or "")
    suffix = Path(name).suffix.lower()
    if not hasattr(upload, "file"):
        message = "Velg en fil (.xlsx eller .csv) først."
    elif suffix not in (".xlsx", ".csv"):
        message = "Filen må være en .xlsx- eller .csv-fil."
    else:
        data = upload.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            message = "Filen er for stor (mer enn 8 MB)."
        else:
            try:
                result = await _db(_import, data, suffix, dry_run, user.username, url)
            except SpreadsheetError as error:
                message = f"Kan ikke importere: {error} Ingenting er endret."
            except ContentWriteError as error:
                message = f"Kan ikke importere: {error}"
            else:
                problems = [str(p) for p in result.problems]
    if result is not None and not problems:
        logger.info("content: %s imported a spreadsheet (dry run: %s)", user.username, dry_run)
    entries = await _db(editing.stored_entries, url)
    status = 400 if message or problems else 200
    return _render(
        "content_list.html",
        http_status=status,
        title="Innhold",
        user=user,
        entries=entries,
        total=len(entries),
        search="",
        files_note=editing.files_not_writable(editing.content_dir()),
        import_message=message,
        import_problems=problems,
        import_result=None if problems else result,
        dry_run=dry_run,
    )


@web.middleware
async def content_pages(request: web.Request, handler):
    """In front of the inbox guard, for the content pages and the review queue: the spreadsheet
    import may be larger than the web app's usual 64 KB request limit (the guard reads a body
    only for a logged-in session), and a database or file error is a short Norwegian page, not
    a 500 with a traceback."""
    if not request.path.startswith((CONTENT, f"{PREFIX}/vurdering")):
        return await handler(request)
    if request.method == "POST" and request.path == f"{CONTENT}/import":
        request = request.clone(client_max_size=MAX_UPLOAD_BYTES + 64 * 1024)
    try:
        return await handler(request)
    except (SQLAlchemyError, OSError):
        logger.exception("content: %s %s failed", request.method, request.path)
        response = _render(
            "error.html",
            http_status=503,
            title="Prøv igjen om litt",
            message="Siden kan ikke vises akkurat nå. Ingenting er endret. Prøv igjen om litt.",
            user=request.get(USER_KEY),
        )
        response.headers["Cache-Control"] = "no-store"
        return response


def setup(app: web.Application) -> None:
    """Routes and `content_pages`; called from `bot.web.inbox.setup_inbox` before its guard."""
    app.middlewares.append(content_pages)
    router = app.router
    router.add_get(CONTENT, content_list)
    router.add_get(f"{CONTENT}/eksport.{{fmt:xlsx|csv}}", export)
    router.add_post(f"{CONTENT}/import", import_file)
    router.add_get(f"{CONTENT}/{{entry_id:{ENTRY_ID}}}", edit_page)
    router.add_post(f"{CONTENT}/{{entry_id:{ENTRY_ID}}}", save)
    router.add_post(f"{CONTENT}/{{entry_id:{ENTRY_ID}}}/tilbakestill/{{change_id:\\d+}}", revert)
