"""Spreadsheet export and import: round trips, row/column errors, nothing changed on error.

Every test works on a temporary copy of the content directory and a temporary SQLite
database; the real knowledge/content is only read.
"""

import copy
import datetime as dt
import shutil

import openpyxl
import pytest

from knowledge import cli
from knowledge.canonical import canonical_entry
from knowledge.cells import COLUMNS, entry_to_row, parse_block, row_to_entry
from knowledge.content import load_content_files
from knowledge.database import get_engine
from knowledge.importing import entries_for_export, import_spreadsheet
from knowledge.paths import CONTENT_DIR
from knowledge.rendering import plan_content_files
from knowledge.spreadsheet import SpreadsheetError, read_spreadsheet, write_spreadsheet
from knowledge.store import content_version, load_all, replace_all
from knowledge.validation import Problem


def comparable(entries):
    """Entries by id in their canonical form, with the content file."""
    return {e["id"]: canonical_entry(e) for e in entries}


def snapshot(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.fixture()
def content_dir(tmp_path):
    directory = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, directory)
    return directory


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory, content):
    """A database with the real content, built once; tests get a copy (see db_url)."""
    path = tmp_path_factory.mktemp("template") / "kb.db"
    url = f"sqlite:///{path}"
    replace_all(content, url=url)  # checks the quotes too where the reports are
    get_engine(url).dispose()  # closes the connections: the WAL is folded into kb.db
    return path


@pytest.fixture()
def db_url(tmp_path, filled_db):
    shutil.copy(filled_db, tmp_path / "kb.db")
    return f"sqlite:///{tmp_path / 'kb.db'}"


def run_cli(*args) -> int:
    return cli.main([str(a) for a in args])


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_loses_nothing(tmp_path, content, content_dir, db_url, suffix, capsys):
    sheet = tmp_path / f"tiltak.{suffix}"
    assert run_cli("export", sheet, "--database-url", db_url, "--content-dir", content_dir) == 0
    err = capsys.readouterr().err
    assert "fra databasen" in err and "Merk" not in err  # the database is as the files

    # Import into a new, empty database: everything must come back, field by field.
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    before_files = snapshot(content_dir)
    assert run_cli("import", sheet, "--database-url", fresh, "--content-dir", content_dir) == 0
    assert comparable(load_all(fresh)) == comparable(content)
    # Unchanged entries keep their YAML text byte for byte: no diff for a reviewer.
    assert snapshot(content_dir) == before_files
    assert "ingen endringer" in capsys.readouterr().out


def test_rows_keep_nested_fields(content):
    for entry in content:
        row = entry_to_row(entry)
        back, problems = row_to_entry(row, row_number=7)
        assert problems == []
        assert back == canonical_entry(entry)


def test_first_columns_and_every_field_are_exported(tmp_path, content, capsys):
    write_spreadsheet(content, "-", "csv")
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert header[:5] == ["id", "name", "aliases", "audience", "scope"]
    assert header == list(COLUMNS)


def test_export_falls_back_to_the_content_files_and_says_so(tmp_path, content, capsys):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run_cli("export", "--format", "csv", "-", "--database-url", empty) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("id,name,aliases,audience,scope,")
    assert f"Eksporterte {len(content)} tiltak fra innholdsfilene" in captured.err
    assert "er tom" in captured.err


def test_export_warns_when_the_database_and_the_files_differ(content_dir, db_url):
    path = content_dir / "arbeidsgiver_lokal.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kontaktperson i Nav for bedriften", "noen"), "utf-8")
    assert entries_for_export(db_url, content_dir).differs_from_files == ["bedriftspakken"]


def test_edited_sheet_updates_database_and_only_the_edited_yaml(
    tmp_path, content, content_dir, db_url
):
    sheet = tmp_path / "tiltak.xlsx"
    write_spreadsheet(entries_for_export(db_url, content_dir).entries, str(sheet))
    book = openpyxl.load_workbook(sheet)
    rows = book["tiltak"]
    column = {cell.value: cell.column for cell in rows[1]}
    row_of = {rows.cell(r, column["id"]).value: r for r in range(2, rows.max_row + 1)}

    summary = "Bedriftspakken gir bedriften fem steg til en ny kollega fra Nav."
    rows.cell(row_of["bedriftspakken"], column["summary"]).value = summary
    rows.cell(row_of["bedriftspakken"], column["last_reviewed"]).value = dt.datetime(2026, 12, 1)
    new_row = rows.max_row + 1
    for col in column.values():
        rows.cell(new_row, col).value = rows.cell(row_of["bedriftspakken"], col).value
    rows.cell(new_row, column["id"]).value = "bedriftspakken-kopi"
    rows.cell(new_row, column["name"]).value = "Bedriftspakken (kopi til test)"
    rows.cell(new_row, column["aliases"]).value = "kopipakken"
    rows.cell(new_row, column["content_file"]).value = None
    rows.delete_rows(row_of["lonnstilskudd"])
    book.save(sheet)

    before = (content_dir / "nav_nasjonal.yml").read_text(encoding="utf-8")
    result = import_spreadsheet(str(sheet), url=db_url, content_dir=content_dir)
    assert result.problems == []
    assert result.added == ["bedriftspakken-kopi"]
    assert result.deleted == ["lonnstilskudd"]
    assert result.updated == ["bedriftspakken"]

    stored = comparable(load_all(db_url))
    assert stored["bedriftspakken"]["summary"] == summary
    assert stored["bedriftspakken"]["last_reviewed"] == dt.date(2026, 12, 1)
    # A new entry without a file goes where entries of its audience and scope live.
    assert stored["bedriftspakken-kopi"]["_file"] == "arbeidsgiver_lokal.yml"
    assert "lonnstilskudd" not in stored
    # The YAML files say the same as the database ...
    assert comparable(load_content_files(content_dir)) == stored
    # ... and only the entries that changed were rewritten.
    after = (content_dir / "nav_nasjonal.yml").read_text(encoding="utf-8")
    assert "id: lonnstilskudd\n" in before and "id: lonnstilskudd\n" not in after
    rest = before.split("- id: lonnstilskudd")[1].split("\n- id: ", 1)[1]
    assert after.endswith(rest)
    assert not list(content_dir.glob(".*.tmp"))


def test_every_entry_renders_to_yaml_that_loads_back(tmp_path, content):
    # An empty directory: no text to keep, every entry is written by the renderer.
    # plan_content_files reads every file it renders back and compares it with the entries.
    plan = plan_content_files(content, tmp_path)
    assert sorted(plan.changed) == sorted({e["_file"] for e in content})
    for text in plan.texts.values():
        assert "\n  eligibility:\n    min_age:" in text


def test_dry_run_changes_nothing(tmp_path, content, content_dir, db_url, capsys):
    sheet = tmp_path / "tiltak.csv"
    entries = copy.deepcopy(content[:5])
    entries[0]["summary"] = "Endret sammendrag som ikke skal lagres."
    entries[0].pop("en", None)  # the English of the old summary would not match it
    write_spreadsheet(entries, str(sheet))
    version, files = content_version(db_url), snapshot(content_dir)
    args = ("import", sheet, "--dry-run", "--database-url", db_url, "--content-dir", content_dir)
    assert run_cli(*args) == 0
    assert "--dry-run" in capsys.readouterr().out
    assert content_version(db_url) == version
    assert snapshot(content_dir) == files


# -- errors --------------------------------------------------------------------------------------


def _bad_entries(content):
    with_age_source = next(
        e for e in content if any(s["field"] == "eligibility" for s in e["sources"])
    )
    others = [e for e in content if e["id"] != with_age_source["id"]]
    entries = copy.deepcopy([others[0], with_age_source, *others[1:5]])
    entries[0]["audience"] = "alle"  # row 2
    entries[1]["eligibility"]["min_age"], entries[1]["eligibility"]["max_age"] = 30, 16  # row 3
    entries[2]["id"] = entries[0]["id"]  # row 4
    entries[3]["sources"][0]["ref"] = "001_543cba19b78bf4d1.txt"  # row 5, no line
    entries[4]["name"] = ""  # row 6
    return entries


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_bad_sheet_is_rejected_with_rows_and_columns_and_changes_nothing(
    tmp_path, content, content_dir, db_url, suffix, capsys
):
    sheet = tmp_path / f"feil.{suffix}"
    write_spreadsheet(_bad_entries(content), str(sheet))
    stored, version, files = load_all(db_url), content_version(db_url), snapshot(content_dir)

    code = run_cli("import", sheet, "--database-url", db_url, "--content-dir", content_dir)
    assert code == 1
    err = capsys.readouterr().err
    assert "rad 2, kolonne audience: 'alle' er ikke tillatt" in err
    assert "rad 3, kolonne max_age: maksalder 16 er lavere enn minstealder 30" in err
    assert "rad 4, kolonne id: " in err and "finnes allerede på rad 2" in err
    assert (
        "rad 5, kolonne sources: kildehenvisningen '001_543cba19b78bf4d1.txt' må ha formen" in err
    )
    assert "rad 6, kolonne name: mangler" in err
    assert "Ingenting er endret" in err

    result = import_spreadsheet(str(sheet), url=db_url, content_dir=content_dir)
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "audience"),
        (3, "max_age"),
        (4, "id"),
        (5, "sources"),
        (6, "name"),
    }
    assert load_all(db_url) == stored
    assert content_version(db_url) == version
    assert snapshot(content_dir) == files


def test_row_numbers_count_empty_rows(tmp_path, content):
    sheet = tmp_path / "tiltak.csv"
    write_spreadsheet(content[:2], str(sheet))
    header, rest = sheet.read_bytes().split(b"\r\n", 1)
    sheet.write_bytes(header + b"\r\n\r\n" + rest)  # an empty row 2
    assert read_spreadsheet(str(sheet)).rows == [3, 4]


def test_database_failure_leaves_the_files_alone(tmp_path, content, content_dir, monkeypatch):
    sheet = tmp_path / "tiltak.csv"
    entries = copy.deepcopy(content[:5])
    entries[0]["summary"] = "Et nytt sammendrag."
    entries[0].pop("en", None)  # the English of the old summary would not match it
    write_spreadsheet(entries, str(sheet))
    files = snapshot(content_dir)

    def broken(*args, **kwargs):
        raise RuntimeError("databasen er nede")

    monkeypatch.setattr("knowledge.store.replace_all", broken)
    with pytest.raises(RuntimeError):
        import_spreadsheet(
            str(sheet), url=f"sqlite:///{tmp_path / 'x.db'}", content_dir=content_dir
        )
    assert snapshot(content_dir) == files  # no temporary files left either


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tiltak.xlsx", b"this is not a spreadsheet", "er ikke en Excel-fil"),
        ("tiltak.csv", b"id,name\nx,y\n", "mangler kolonnene aliases, audience, scope"),
        ("tiltak.csv", b"", "er tom"),
        ("tiltak.csv", b"\x00\x01\x02PK", "er ikke en CSV-fil"),
        ("tiltak.ods", b"x", "Ukjent filtype"),
    ],
)
def test_malformed_files_get_a_clear_message(tmp_path, content_dir, name, data, message, capsys):
    path = tmp_path / name
    path.write_bytes(data)
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    files = snapshot(content_dir)
    assert run_cli("import", path, "--database-url", db, "--content-dir", content_dir) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert snapshot(content_dir) == files


def test_missing_file_gets_a_clear_message(tmp_path):
    with pytest.raises(SpreadsheetError, match="Finner ikke filen"):
        read_spreadsheet(str(tmp_path / "finnes-ikke.xlsx"))


def test_unreadable_json_cell_is_reported_by_row_and_column(tmp_path, content):
    sheet = tmp_path / "tiltak.xlsx"
    write_spreadsheet(content[:3], str(sheet))
    book = openpyxl.load_workbook(sheet)
    rows = book["tiltak"]
    rows.cell(3, COLUMNS.index("key_facts") + 1).value = '[{"text": "mangler slutt"'
    book.save(sheet)
    result = import_spreadsheet(
        str(sheet), url=f"sqlite:///{tmp_path / 'kb.db'}", content_dir=tmp_path, dry_run=True
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "key_facts")]
    assert "er ikke gyldig JSON" in result.problems[0].message


def test_content_file_must_be_a_plain_file_name(content):
    row = entry_to_row(content[0])
    row["content_file"] = "../../etc/passwd.yml"
    _, problems = row_to_entry(row, 9)
    assert [(p.row, p.column) for p in problems] == [(9, "content_file")]


def test_semicolon_csv_from_norwegian_excel_is_read(tmp_path, content):
    import pandas as pd

    sheet = tmp_path / "semikolon.csv"
    frame = pd.DataFrame([entry_to_row(e) for e in content[:3]], columns=list(COLUMNS))
    sheet.write_bytes(frame.to_csv(sep=";", index=False).encode("cp1252"))
    read = read_spreadsheet(str(sheet))
    assert read.problems == []
    assert comparable(read.entries) == comparable(content[:3])


def test_text_that_looks_like_a_formula_stays_text(tmp_path, content):
    entry = copy.deepcopy(content[0])
    entry["cost"] = "=SUM(A1:A3)"
    sheet = tmp_path / "tiltak.xlsx"
    write_spreadsheet([entry], str(sheet))
    cell = openpyxl.load_workbook(sheet)["tiltak"].cell(2, COLUMNS.index("cost") + 1)
    assert cell.data_type == "s"
    assert read_spreadsheet(str(sheet)).entries[0]["cost"] == "=SUM(A1:A3)"


# -- cell formats --------------------------------------------------------------------------------


def test_block_cells_are_forgiving():
    text = (
        "field: summary\nref: a.txt:1\nquote: første linje\n  fortsetter her\n"
        "Field: offers\nref: a.txt:2-3\n\n\nfield: cost\nref: a.txt:4\nquote: \n"
    )
    items, errors = parse_block("sources", text)
    assert errors == []
    assert items == [
        {"field": "summary", "ref": "a.txt:1", "quote": "første linje\nfortsetter her"},
        {"field": "offers", "ref": "a.txt:2-3", "quote": ""},
        {"field": "cost", "ref": "a.txt:4", "quote": ""},
    ]


def test_block_cell_errors_and_json_cells():
    _, errors = parse_block("sources", "kilde: a.txt:1")
    assert errors and "må begynne med 'field:'" in errors[0]
    items, errors = parse_block("conflicts", '[{"note": "uenige", "refs": ["a.txt:1", "b.txt:2"]}]')
    assert errors == [] and items == [{"note": "uenige", "refs": ["a.txt:1", "b.txt:2"]}]
    items, errors = parse_block("conflicts", "note: uenige\nrefs: a.txt:1; b.txt:2")
    assert items == [{"note": "uenige", "refs": ["a.txt:1", "b.txt:2"]}]
    _, errors = parse_block("key_facts", '[{"tekst": "x"}]')
    assert "ukjent nøkkel tekst" in errors[0]


def test_list_and_number_cells(content):
    row = entry_to_row(content[0])
    row.update(aliases="en;to\ntre;; ", min_age=16.0, max_age="16,5", last_reviewed="01.12.2026")
    entry, problems = row_to_entry(row, 4)
    assert entry["aliases"] == ["en", "to", "tre"]
    assert entry["eligibility"]["min_age"] == 16
    assert entry["last_reviewed"] == dt.date(2026, 12, 1)
    assert problems == [Problem(4, "max_age", "'16,5' er ikke et helt tall")]


def test_unwritable_content_dir_changes_nothing(tmp_path, content, db_url, capsys):
    sheet = tmp_path / "tiltak.csv"
    write_spreadsheet(content[:5], str(sheet))
    version = content_version(db_url)
    missing = tmp_path / "finnes-ikke"
    assert run_cli("import", sheet, "--database-url", db_url, "--content-dir", missing) == 1
    assert "Ingenting er endret" in capsys.readouterr().err
    assert content_version(db_url) == version


def test_extra_columns_are_named_and_ignored(tmp_path, content, capsys):
    import pandas as pd

    frame = pd.DataFrame([entry_to_row(e) for e in content[:2]], columns=list(COLUMNS))
    frame["kommentar"] = ["sjekk tallene", ""]
    sheet = tmp_path / "tiltak.csv"
    frame.to_csv(sheet, index=False)
    args = ("import", sheet, "--dry-run", "--database-url", f"sqlite:///{tmp_path / 'kb.db'}")
    assert run_cli(*args, "--content-dir", tmp_path) == 0
    assert "kolonnene kommentar er ikke felter" in capsys.readouterr().err


def test_a_cell_too_long_for_excel_is_refused(tmp_path, content):
    entry = copy.deepcopy(content[0])
    entry["offers"] = "lang tekst " * 4000
    with pytest.raises(SpreadsheetError, match="Excel tar bare 32767"):
        write_spreadsheet([entry], str(tmp_path / "tiltak.xlsx"))
    write_spreadsheet([entry], str(tmp_path / "tiltak.csv"))  # CSV has no such limit
