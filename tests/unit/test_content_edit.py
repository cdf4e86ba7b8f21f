"""Editing the knowledge base in the browser (issue #19): permissions, the form's per-field
errors, preview without saving, save to the YAML file and the database (the search index
sees it without retraining), history and revert, read-only content files, and spreadsheet
export and import as buttons."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil

import pytest
from aiohttp import FormData
from argon2 import PasswordHasher

from bot.settings import Settings
from bot.tickets import users
from knowledge import edit_form, edit_history, editing, search
from knowledge.paths import CONTENT_DIR
from knowledge.store import content_version, replace_all
from tests.web_client import run_app

PASSWORD = "riktig-hemmelig-passord"
ENTRY = "jobbskolen"


@pytest.fixture
def site(tmp_path, monkeypatch, content):
    monkeypatch.setattr(
        users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(users, "_dummy_hash", None)
    url = f"sqlite:///{tmp_path / 'edi.db'}"
    replace_all(content, url=url)
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    monkeypatch.setenv("EDI_CONTENT_DIR", str(directory))
    users.add_user("rita", PASSWORD, "redaktør", url=url)
    users.add_user("vera", PASSWORD, "veileder", url=url)
    users.add_user("anne", PASSWORD, "admin", url=url)
    settings = dataclasses.replace(Settings(), database_url=url, cookie_secure=False)
    return {"settings": settings, "url": url, "dir": directory}


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def form_of(page: str) -> dict[str, str]:
    """The entry form's fields as the browser would send them."""
    import html

    form = page[page.index('class="entry-form"') :]
    form = form[: form.index("</form>")]
    data: dict = {}
    for name, value in re.findall(
        r'<input type="(?:hidden|text|date)"[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', form
    ):
        data[name] = html.unescape(value)
    for name, value in re.findall(r'id="f-[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        data[name] = html.unescape(value)
    for name, body in re.findall(
        r'<select id="f-[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', form, re.S
    ):
        data[name] = re.search(r'value="([^"]+)" selected', body).group(1)
    tags = re.findall(r'name="tags" value="([^"]+)" checked', form)
    return data, tags


def multi(data: dict, tags: list[str], **changes) -> list[tuple[str, str]]:
    return [*{**data, **changes}.items(), *(("tags", t) for t in tags)]


async def login(client, username: str) -> str:
    page = await (await client.get("/inbox/login")).text()
    response = await client.post(
        "/inbox/login",
        data={"csrf": csrf_of(page), "username": username, "password": PASSWORD},
        allow_redirects=False,
    )
    assert response.status == 303
    return csrf_of(await (await client.get("/inbox/innhold")).text())


def test_only_editors_and_admins_reach_the_content_pages(site):
    async def check(client):
        response = await client.get("/inbox/innhold", allow_redirects=False)
        assert response.status == 303 and "/inbox/login" in response.headers["Location"]
        assert (await client.post(f"/inbox/innhold/{ENTRY}", data={})).status == 403
        csrf = await login(client, "vera")
        for path in ("/inbox/innhold", f"/inbox/innhold/{ENTRY}", "/inbox/innhold/eksport.csv"):
            response = await client.get(path)
            assert response.status == 404, path
            assert "Innhold</a>" not in await response.text()
        response = await client.post(f"/inbox/innhold/{ENTRY}", data={"csrf": csrf})
        assert response.status == 404

    run_app(site["settings"], check)

    async def admin(client):
        await login(client, "anne")
        page = await (await client.get("/inbox/innhold?q=jobbskole")).text()
        assert f'href="/inbox/innhold/{ENTRY}"' in page and "Jobbskolen" in page
        assert 'href="/inbox/innhold/bedriftspakken"' not in page

    run_app(site["settings"], admin)


def test_redaktor_lands_on_content_and_has_no_case_links(site):
    async def check(client):
        await login(client, "rita")
        response = await client.get("/inbox", allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/inbox/innhold"
        page = await (await client.get("/inbox/innhold")).text()
        assert 'href="/inbox/export.csv"' not in page and 'href="/inbox/innhold"' in page

    run_app(site["settings"], check)


def test_an_empty_required_field_is_refused_with_the_field_named(site):
    yaml_before = (site["dir"] / "ungdom_lokal.yml").read_text(encoding="utf-8")
    version = content_version(site["url"])

    async def check(client):
        await login(client, "rita")
        page = await (await client.get(f"/inbox/innhold/{ENTRY}")).text()
        data, tags = form_of(page)
        assert data["summary"].startswith("Jobbskolen")
        assert "Linjene i rapporten" in page  # the cited lines stand beside the fields
        response = await client.post(
            f"/inbox/innhold/{ENTRY}", data=multi(data, tags, summary="  ", action="save")
        )
        page = await response.text()
        assert response.status == 400
        assert "Feltet «Kort beskrivelse» kan ikke være tomt." in page
        assert (
            'id="f-summary" name="summary" aria-describedby="h-summary e-summary" aria-invalid="true"'
            in page
        )
        assert "Traceback" not in page

    run_app(site["settings"], check)
    assert (site["dir"] / "ungdom_lokal.yml").read_text(encoding="utf-8") == yaml_before
    assert content_version(site["url"]) == version
    assert edit_history.history(ENTRY, site["url"]) == []


def test_preview_saves_nothing_then_save_and_revert(site, monkeypatch):
    monkeypatch.setattr(search.cache, "REFRESH_SECONDS", 0.0)
    path = site["dir"] / "ungdom_lokal.yml"
    yaml_before = {p.name: p.read_text(encoding="utf-8") for p in site["dir"].glob("*.yml")}
    assert not search.get_index(site["url"]).find_by_name("hva er blåbærordningen?")

    async def check(client):
        await login(client, "rita")
        page = await (await client.get(f"/inbox/innhold/{ENTRY}")).text()
        data, tags = form_of(page)
        aliases = data["aliases"] + "; blåbærordningen"
        response = await client.post(
            f"/inbox/innhold/{ENTRY}",
            data=multi(data, tags, aliases=aliases, name="Jobbskolen Plus", action="preview"),
        )
        page = await response.text()
        assert response.status == 200
        assert "Forhåndsvisning (ikke lagret)" in page
        assert "Hva er Jobbskolen Plus?" in page and "Jobbskolen Plus: " in page
        assert "Knapp: Ja, jeg vil bli kontaktet" in page
        assert edit_history.history(ENTRY, site["url"]) == []
        assert editing.get_entry(ENTRY, site["url"])["name"] == "Jobbskolen"

        response = await client.post(
            f"/inbox/innhold/{ENTRY}",
            data=multi(data, tags, aliases=aliases, action="save"),
            allow_redirects=False,
        )
        assert response.status == 303
        page = await (await client.get(response.headers["Location"])).text()
        assert "Endringen er lagret" in page and "Andre navn (alias)" in page
        diff = page[page.index('<dl class="diff">') :]
        assert (
            "<del>Jobbskolen; jobbskolen;" in diff
            and "Jobbskolen Nav; blåbærordningen</ins>" in diff
        )

    run_app(site["settings"], check)
    assert "blåbærordningen" in editing.get_entry(ENTRY, site["url"])["aliases"]
    changed = {
        p.name
        for p in site["dir"].glob("*.yml")
        if p.read_text(encoding="utf-8") != yaml_before[p.name]
    }
    assert changed == {"ungdom_lokal.yml"}
    assert "Jobbskolen Nav, blåbærordningen]" in path.read_text(encoding="utf-8")
    match = search.get_index(site["url"]).find_by_name("hva er blåbærordningen?")
    assert match and match[0].tiltak["id"] == ENTRY
    [change] = edit_history.history(ENTRY, site["url"])
    assert change.editor == "rita" and change.columns == ("aliases",)

    async def undo(client):
        await login(client, "rita")
        page = await (await client.get(f"/inbox/innhold/{ENTRY}")).text()
        response = await client.post(
            f"/inbox/innhold/{ENTRY}/tilbakestill/{change.id}",
            data={"csrf": csrf_of(page)},
            allow_redirects=False,
        )
        assert response.status == 303
        page = await (await client.get(response.headers["Location"])).text()
        assert "Tiltaket er tilbakestilt" in page and "tilbakestilt" in page

    run_app(site["settings"], undo)
    assert path.read_text(encoding="utf-8") == yaml_before["ungdom_lokal.yml"]
    assert "blåbærordningen" not in editing.get_entry(ENTRY, site["url"])["aliases"]
    assert not search.get_index(site["url"]).find_by_name("hva er blåbærordningen?")
    assert [c.action for c in edit_history.history(ENTRY, site["url"])] == ["revert", "edit"]


def test_a_form_opened_before_another_save_is_refused(site):
    entry = editing.get_entry(ENTRY, site["url"])
    row = edit_form.form_row(entry)
    base = edit_form.row_fingerprint(row)
    first = editing.save_entry(
        dict(row, aliases=row["aliases"] + "; først"),
        ENTRY,
        "rita",
        site["url"],
        site["dir"],
        base=base,
    )
    assert first.saved and first.change_id
    second = editing.save_entry(
        dict(row, aliases=row["aliases"] + "; noe"),
        ENTRY,
        "anne",
        site["url"],
        site["dir"],
        base=base,
    )
    assert not second.saved and "endret av noen andre" in str(second.errors[0])


def test_without_writable_content_files_the_database_is_still_updated(site, monkeypatch, tmp_path):
    monkeypatch.setenv("EDI_CONTENT_DIR", str(tmp_path / "finnes-ikke"))
    row = edit_form.form_row(editing.get_entry(ENTRY, site["url"]))
    result = editing.save_entry(
        dict(row, aliases=row["aliases"] + "; blåbær"),
        ENTRY,
        "rita",
        site["url"],
        editing.content_dir(),
    )
    assert result.saved and result.files_written == []
    assert "bare lagret i databasen" in result.files_note
    assert "blåbær" in editing.get_entry(ENTRY, site["url"])["aliases"]

    async def check(client):
        await login(client, "rita")
        page = await (await client.get("/inbox/innhold")).text()
        assert "kan ikke skrives" in page or "finnes ikke her" in page

    run_app(site["settings"], check)


def test_spreadsheet_export_and_import_buttons(site):
    async def check(client):
        csrf = await login(client, "rita")
        response = await client.get("/inbox/innhold/eksport.csv")
        assert response.status == 200
        assert "attachment" in response.headers["Content-Disposition"]
        text = (await response.read()).decode("utf-8-sig")
        assert text.startswith("id,name,aliases,audience,scope")
        rows = list(csv.DictReader(io.StringIO(text)))
        position = next(i for i, r in enumerate(rows) if r["id"] == ENTRY)
        rows[position]["scope"] = "overalt"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        upload = out.getvalue().encode("utf-8")
        row = position + 2  # the header is row 1

        async def send(data: bytes, dry_run: bool):
            body = FormData()
            body.add_field("csrf", csrf)
            body.add_field("file", data, filename="tiltak.csv", content_type="text/csv")
            if dry_run:
                body.add_field("dry_run", "1")
            return await client.post("/inbox/innhold/import", data=body)

        response = await send(upload, dry_run=False)
        page = await response.text()
        assert response.status == 400
        assert f"rad {row}, kolonne scope: &#39;overalt&#39; er ikke tillatt" in page
        assert "Ingenting er endret" in page
        response = await send(text.encode("utf-8"), dry_run=True)
        page = await response.text()
        assert response.status == 200 and "Filen er gyldig" in page
        response = await client.get("/inbox/innhold/eksport.xlsx")
        assert response.status == 200 and (await response.read())[:2] == b"PK"

    run_app(site["settings"], check)
    assert editing.get_entry(ENTRY, site["url"])["scope"] != "overalt"


def test_csrf_is_required_for_a_save(site):
    async def check(client):
        await login(client, "rita")
        response = await client.post(
            f"/inbox/innhold/{ENTRY}", data={"csrf": "feil", "action": "save"}
        )
        assert response.status == 403

    run_app(site["settings"], check)


def test_login_returns_to_the_content_page_asked_for(site):
    async def check(client):
        response = await client.get(f"/inbox/innhold/{ENTRY}", allow_redirects=False)
        assert response.headers["Location"] == f"/inbox/login?next=/inbox/innhold/{ENTRY}"
        page = await (await client.get(response.headers["Location"])).text()
        response = await client.post(
            "/inbox/login",
            data={
                "csrf": csrf_of(page),
                "username": "rita",
                "password": PASSWORD,
                "next": f"/inbox/innhold/{ENTRY}",
            },
            allow_redirects=False,
        )
        assert response.headers["Location"] == f"/inbox/innhold/{ENTRY}"

    run_app(site["settings"], check)


def test_a_valid_import_by_button_writes_the_files_and_the_history(site):
    from knowledge.importing import entries_for_export
    from knowledge.spreadsheet import write_spreadsheet

    source = entries_for_export(site["url"], site["dir"])
    for entry in source.entries:
        if entry["id"] == ENTRY:
            entry["aliases"] = [*entry["aliases"], "blåbærordningen"]
    path = site["dir"].parent / "tiltak.csv"
    write_spreadsheet(source.entries, str(path), "csv")

    async def check(client):
        csrf = await login(client, "anne")
        body = FormData()
        body.add_field("csrf", csrf)
        body.add_field("file", path.read_bytes(), filename="tiltak.csv", content_type="text/csv")
        response = await client.post("/inbox/innhold/import", data=body)
        page = await response.text()
        assert response.status == 200, page
        assert "Importert: " in page and "1 endret" in page and "ungdom_lokal.yml" in page

    run_app(site["settings"], check)
    assert "blåbærordningen" in (site["dir"] / "ungdom_lokal.yml").read_text(encoding="utf-8")
    [change] = edit_history.history(ENTRY, site["url"])
    assert change.action == "import" and change.editor == "anne" and change.columns == ("aliases",)


def test_a_database_error_is_a_short_norwegian_page(site, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    async def check(client):
        await login(client, "rita")
        monkeypatch.setattr(editing, "stored_entries", broken)
        response = await client.get("/inbox/innhold")
        page = await response.text()
        assert response.status == 503
        assert "Prøv igjen om litt" in page and "Traceback" not in page and "disk" not in page

    run_app(site["settings"], check)


def test_an_alias_from_the_queue_is_validated(site):
    for alias, message in (
        ("", "tomt"),
        ("ring [telefonnummer]", "[ ]"),
        ("ring 41234567", "kontaktopplysninger"),
    ):
        result = editing.add_alias(ENTRY, alias, "rita", site["url"], site["dir"])
        assert not result.saved and message in str(result.errors[0]), alias
    assert edit_history.history(ENTRY, site["url"]) == []
    assert editing.add_alias(ENTRY, "Jobbskolen", "rita", site["url"], site["dir"]).saved
    assert edit_history.history(ENTRY, site["url"]) == []  # already an alias: no change


def test_every_spreadsheet_column_has_a_label():
    from knowledge.cells import COLUMNS
    from knowledge.edit_form import LABELS

    assert set(LABELS) == set(COLUMNS)
