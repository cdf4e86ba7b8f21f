"""The English `en:` block of the tiltak entries: validation, database, spreadsheet, review."""

import copy

import pytest
import yaml

from knowledge.canonical import canonical_entry
from knowledge.content import load_content_files
from knowledge.english import COLUMNS, FIELDS, canonical_english, validate_english
from knowledge.entry import Entry
from knowledge.importing import import_spreadsheet, validate_sheet
from knowledge.rendering import render_entry
from knowledge.review import render, review
from knowledge.search import get_index
from knowledge.spreadsheet import read_spreadsheet, write_spreadsheet
from knowledge.store import load_all, replace_all
from knowledge.validation import validate_entry

ENGLISH = {
    "summary": (
        "Bedriftspakken makes it easier for companies to recruit in new ways. It gives the "
        "company five steps to a new colleague from Nav."
    ),
    "offers": "Five steps: a fixed contact person in Nav, job matching and follow-up.",
    "how_to_start": "The first of the five steps is a fixed contact person in Nav.",
    "contact_role": "fixed contact person in Nav",
    "key_facts": [
        "16 companies tested Bedriftspakken, and 12 of them recruited candidates from Nav.",
        "61 companies have used Bedriftspakken during the programme period.",
    ],
}


@pytest.fixture()
def entry(content):
    """bedriftspakken with a sound English block (how_to_start has text, cost is empty)."""
    chosen = copy.deepcopy(next(e for e in content if e["id"] == "bedriftspakken"))
    # the two key facts the block above renders (the entry may have more)
    chosen["key_facts"] = chosen["key_facts"][: len(ENGLISH["key_facts"])]
    chosen["en"] = copy.deepcopy(ENGLISH)
    return chosen


def problems_of(entry):
    return [(p.column, p.message) for p in validate_entry(entry, row=4)]


def columns_of(entry):
    return [column for column, _ in problems_of(entry)]


# -- validation --------------------------------------------------------------------------------


def test_a_faithful_english_block_is_valid(entry):
    assert problems_of(entry) == []


def test_no_english_block_is_valid(entry):
    del entry["en"]
    assert problems_of(entry) == []


def test_unknown_english_fields_are_refused(entry):
    entry["en"]["name"] = "The company package"
    entry["en"]["phone"] = "call us"
    problems = problems_of(entry)
    assert [c for c, _ in problems] == ["en", "en"]
    assert "ukjent felt 'name'" in problems[0][1] and "summary" in problems[0][1]


def test_english_block_must_be_a_block(entry):
    entry["en"] = "Five steps to a new colleague."
    assert columns_of(entry) == ["en"]


@pytest.mark.parametrize("facts", [[], ["Only one sentence."], [*ENGLISH["key_facts"], "More."]])
def test_key_facts_need_one_english_sentence_each(entry, facts):
    entry["en"]["key_facts"] = facts
    if not facts:  # an empty list is no English key facts at all: nothing to count
        assert problems_of(entry) == []
        return
    (column, message), *_ = problems_of(entry)
    assert column == "en.key_facts"
    assert f"har {len(facts)} setninger, men key_facts har 2" in message


def test_key_facts_must_be_sentences(entry):
    entry["en"]["key_facts"] = [{"text": "16 companies"}, "61 companies."]
    assert columns_of(entry) == ["en.key_facts"]


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("summary", "Call 38 00 00 00 to hear more about the five steps."),
        ("offers", "Write to post@nav.example.com for the five steps."),
        ("how_to_start", "Read more on www.nav.no and ask for a contact person in Nav."),
        ("contact_role", "see https://nav.no"),
    ],
)
def test_contact_details_are_refused_in_english(entry, field, text):
    entry["en"][field] = text
    problems = problems_of(entry)
    assert any(c == f"en.{field}" and "kontaktopplysninger" in m for c, m in problems)


def test_contact_details_are_refused_in_english_key_facts(entry):
    entry["en"]["key_facts"][1] = "61 companies used it; see nav.no."
    assert "en.key_facts" in columns_of(entry)


def test_no_english_how_to_start_where_the_sources_are_silent(entry):
    entry["how_to_start"] = "ikke_i_kildene"
    entry["sources"] = [s for s in entry["sources"] if s["field"] != "how_to_start"]
    problems = problems_of(entry)
    assert [c for c, _ in problems] == ["en.how_to_start"]
    assert "ikke_i_kildene" in problems[0][1] and "how_to_start" in problems[0][1]
    del entry["en"]["how_to_start"]
    assert problems_of(entry) == []


def test_no_english_where_the_norwegian_field_is_empty(entry):
    entry["en"]["cost"] = "It is free for the company."
    entry["en"]["eligibility_conditions"] = "Companies in Kristiansand."
    problems = problems_of(entry)
    assert [c for c, _ in problems] == ["en.eligibility_conditions", "en.cost"]
    assert "eligibility.conditions er tomt" in problems[0][1]


def test_the_marker_for_silent_sources_is_norwegian_only(entry):
    entry["en"]["contact_role"] = "ikke_i_kildene"
    assert columns_of(entry) == ["en.contact_role"]


def test_english_states_no_figure_the_norwegian_does_not(entry):
    entry["en"]["summary"] = "Bedriftspakken gives the company 6 steps to a new colleague."
    entry["en"]["key_facts"][0] = "17 companies tested it, and 12 of them recruited from Nav."
    problems = problems_of(entry)
    assert [c for c, _ in problems] == ["en.summary", "en.key_facts"]
    assert "tallet 6" in problems[0][1] and "setning 1 har tallet 17" in problems[1][1]


def test_figures_may_be_grouped_either_way():
    norwegian = {"summary": "Tilskuddet er 1 500 000 kroner (1,5 mill.) i 2024–2025."}
    english = {"summary": "The grant is NOK 1,500,000 (1.5 million) in 2024-2025."}
    assert validate_english({**norwegian, "en": english}, row=1) == []
    english["summary"] = "The grant is NOK 150,000 in 2024."
    assert [p.column for p in validate_english({**norwegian, "en": english}, row=1)] == [
        "en.summary"
    ]


def test_canonical_form_orders_fields_and_drops_empty_ones():
    block = {"key_facts": [" One. "], "cost": "", "summary": " Text.\n"}
    assert list(canonical_english(block).items()) == [("summary", "Text."), ("key_facts", ["One."])]
    assert canonical_english(None) == {} == canonical_english({"offers": " "})


# -- entry objects and the database ------------------------------------------------------------


def test_entry_gives_a_field_in_a_language(entry):
    item = Entry(entry)
    assert item.english["summary"] == ENGLISH["summary"]
    assert item.text_in("summary", "en") == ENGLISH["summary"]
    assert item.text_in("summary", "nb") == entry["summary"]
    assert item.text_in("summary", "en-GB") == ENGLISH["summary"]
    assert item.text_in("cost", "en") is None  # no English where the Norwegian is empty
    assert item.text_in("key_facts", "en") == ENGLISH["key_facts"]
    assert item.text_in("eligibility_conditions", "nb") is None
    norwegian_fact = entry["key_facts"][1]["text"]
    assert item.fact_in(norwegian_fact, "en") == ENGLISH["key_facts"][1]
    assert item.fact_in("En setning fra sammendraget.", "en") is None
    assert item.fact_in(norwegian_fact, "nb") == norwegian_fact
    with pytest.raises(ValueError):
        item.text_in("name", "en")
    with pytest.raises(ValueError):
        item.text_in("summary", "de")


def test_entry_without_english_has_none(content):
    item = Entry({k: v for k, v in content[0].items() if k != "en"})
    assert item.english == {} and item.text_in("summary", "en") is None


def test_entry_dumps_and_copies_as_a_dict(entry):
    item = Entry(entry)
    assert yaml.safe_load(yaml.safe_dump(item, allow_unicode=True)) == yaml.safe_load(
        yaml.safe_dump(dict(entry), allow_unicode=True)
    )
    assert copy.deepcopy(item) == item and isinstance(copy.deepcopy(item), Entry)


def test_database_build_exposes_english_on_the_entries_the_actions_get(tmp_path, content, entry):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    others = [e for e in content if e["id"] != entry["id"]]
    replace_all([entry, *others], url=url)
    stored = {e["id"]: e for e in load_all(url)}
    assert isinstance(stored[entry["id"]], Entry)
    assert stored[entry["id"]]["en"] == canonical_english(ENGLISH)
    for other in others:  # no `en` key where the content has none
        assert ("en" in stored[other["id"]]) == bool(canonical_english(other.get("en")))
    index = get_index(url)
    match = index.find_by_name("Bedriftspakken")[0]
    assert match.tiltak["id"] == "bedriftspakken"
    assert match.tiltak.text_in("summary", "en") == ENGLISH["summary"]
    assert index.get("bedriftspakken").text_in("contact_role", "en") == ENGLISH["contact_role"]


def test_a_table_made_before_english_gets_the_column(tmp_path, content, entry):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    replace_all(content[:2], url=url)
    from knowledge.database import get_engine

    with get_engine(url).begin() as connection:
        connection.exec_driver_sql("ALTER TABLE tiltak DROP COLUMN english")
    replace_all([entry], url=url)
    assert load_all(url)[0].text_in("summary", "en") == ENGLISH["summary"]


# -- spreadsheet and YAML ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_spreadsheet_round_trip_keeps_the_english(tmp_path, content, entry, suffix):
    entries = [entry, *[e for e in content if e["id"] != entry["id"]][:3]]
    path = tmp_path / f"tiltak.{suffix}"
    write_spreadsheet(entries, str(path))
    sheet = read_spreadsheet(str(path))
    assert validate_sheet(sheet) == []
    assert [e["en"] for e in sheet.entries] == [canonical_english(e.get("en")) for e in entries]
    assert [canonical_entry(e) for e in sheet.entries] == [canonical_entry(e) for e in entries]
    assert sheet.entries[0]["en"]["key_facts"] == ENGLISH["key_facts"]


def test_english_columns_are_in_the_sheet(tmp_path, entry):
    path = tmp_path / "tiltak.csv"
    write_spreadsheet([entry], str(path))
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert [c for c in header if c.startswith("en_")] == list(COLUMNS.values())
    assert len(COLUMNS) == len(FIELDS)


def test_import_writes_the_english_to_the_database_and_the_yaml(tmp_path, content, entry):
    import shutil

    from knowledge.paths import CONTENT_DIR

    content_dir = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content_dir)
    entries = [entry if e["id"] == entry["id"] else e for e in content]
    path = tmp_path / "tiltak.xlsx"
    write_spreadsheet(entries, str(path))
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    result = import_spreadsheet(str(path), url=url, content_dir=content_dir)
    assert result.problems == []
    assert result.updated == ["bedriftspakken"]  # the fixture's English is not the real one
    stored = next(e for e in load_all(url) if e["id"] == "bedriftspakken")
    assert stored.text_in("key_facts", "en") == ENGLISH["key_facts"]
    written = next(e for e in load_content_files(content_dir) if e["id"] == "bedriftspakken")
    assert written["en"] == canonical_english(ENGLISH)
    assert written["summary"] == entry["summary"]


def test_bad_english_cells_are_reported_by_row_and_column(tmp_path, content, entry):
    second = copy.deepcopy(entry)
    second["id"], second["name"] = "bedriftspakken-kopi", "Bedriftspakken kopi"
    second["en"]["key_facts"] = ["Only one."]
    second["en"]["how_to_start"] = "Call 38 00 00 00."
    path = tmp_path / "tiltak.csv"
    write_spreadsheet([entry, second], str(path))
    problems = validate_sheet(read_spreadsheet(str(path)))
    found = {(p.row, p.column) for p in problems}
    assert (3, "en_key_facts") in found and (3, "en_how_to_start") in found
    assert not any(p.row == 2 and p.column.startswith("en") for p in problems)


def test_key_fact_cell_takes_a_json_list(tmp_path, entry):
    import pandas as pd

    from knowledge.cells import COLUMNS as SHEET_COLUMNS
    from knowledge.cells import entry_to_row

    row = entry_to_row(entry)
    row["en_key_facts"] = '["16 companies tested it.", "61 companies used it."]'
    path = tmp_path / "tiltak.csv"
    pd.DataFrame([row], columns=list(SHEET_COLUMNS)).to_csv(path, index=False)
    sheet = read_spreadsheet(str(path))
    assert sheet.entries[0]["en"]["key_facts"] == [
        "16 companies tested it.",
        "61 companies used it.",
    ]
    row["en_key_facts"] = '["not closed"'
    pd.DataFrame([row], columns=list(SHEET_COLUMNS)).to_csv(path, index=False)
    assert [p.column for p in read_spreadsheet(str(path)).problems] == ["en_key_facts"]


def test_english_renders_to_yaml_that_loads_back(entry):
    text = render_entry(entry)
    assert "\n  en:\n    summary: >-\n" in text
    assert yaml.safe_load(text)[0]["en"] == canonical_english(ENGLISH)
    loaded = {**yaml.safe_load(text)[0], "_file": entry["_file"]}
    assert canonical_entry(loaded) == canonical_entry(entry)


# -- review sheet ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_review_sheet_shows_the_english_beside_the_norwegian(entry, fmt):
    sheet = render(review([entry]), "test", fmt)
    assert "Engelsk:" in sheet
    for text in (ENGLISH["contact_role"], ENGLISH["key_facts"][1]):
        assert text in sheet
    rows = {row.field: row.english for row in review([entry])[0].rows if row.field != "key_facts"}
    assert rows["summary"] == ENGLISH["summary"] and rows["how_to_start"]


def test_check_warns_about_english_missing_for_a_field(entry):
    import datetime as dt

    from knowledge.checks import WARNING, run_checks

    entry["conflicts"], entry["last_reviewed"] = [], dt.date.today()
    assert run_checks([entry]) == []
    del entry["en"]["offers"]
    findings = run_checks([entry])
    assert [(f.level, f.column) for f in findings] == [(WARNING, "en.offers")]
    assert "engelsk" in findings[0].message


def test_check_warns_about_an_entry_without_english(entry):
    import datetime as dt

    from knowledge.checks import run_checks

    entry["conflicts"], entry["last_reviewed"] = [], dt.date.today()
    del entry["en"]
    assert {f.column for f in run_checks([entry])} == {
        "en.summary",
        "en.offers",
        "en.how_to_start",
        "en.contact_role",
        "en.key_facts",
    }


# -- the real content --------------------------------------------------------------------------


def test_every_active_and_pilot_entry_has_an_english_summary(content):
    running = [e for e in content if e["status"] in ("aktiv", "pilot")]
    missing = [e["id"] for e in running if not Entry(e).text_in("summary", "en")]
    assert running and missing == [], missing


def test_english_blocks_are_complete_and_not_copies(content):
    """Where an entry has English, every Norwegian field with text has it too (an English
    answer is not half Norwegian), and no sentence is the Norwegian one copied (a role may
    be a name: "Nav", "KS")."""
    from knowledge.english import missing_english, norwegian_text

    incomplete = {e["id"]: missing_english(e) for e in content if e.get("en")}
    assert {k: v for k, v in incomplete.items() if v} == {}
    for entry in content:
        for field, text in Entry(entry).english.items():
            if field != "contact_role":
                assert text != norwegian_text(entry, field), (entry["id"], field)


def test_the_built_database_gives_the_actions_english_entries(knowledge_db, content):
    stored = load_all(knowledge_db)
    assert all(isinstance(e, Entry) for e in stored)
    assert {e["id"]: e.english for e in stored} == {e["id"]: Entry(e).english for e in content}
    index = get_index(knowledge_db)
    match = index.find_by_name("Jobbskolen")[0]
    assert match.tiltak["id"] == "jobbskolen"
    assert match.tiltak.text_in("summary", "en").startswith("Jobbskolen is for you")
    assert match.tiltak.text_in("how_to_start", "en")
    silent = next(e for e in stored if e["how_to_start"] == "ikke_i_kildene")
    assert silent.text_in("how_to_start", "en") is None
    fact = match.tiltak["key_facts"][0]["text"]
    assert match.tiltak.fact_in(fact, "en") == match.tiltak.english["key_facts"][0]
