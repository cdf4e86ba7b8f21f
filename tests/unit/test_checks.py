"""`python -m knowledge check`: errors, likely duplicates, stale dates and conflicts."""

import copy
import datetime as dt

import pytest
import yaml

from knowledge import cli
from knowledge.checks import ERROR, NOTE, WARNING, format_report, run_checks
from knowledge.paths import CONTENT_DIR
from knowledge.spreadsheet import write_spreadsheet
from tests.unit.knowledge_sources import needs_sources

TODAY = dt.date(2026, 11, 23)


@pytest.fixture()
def entries(content):
    """Three real entries without conflicts, reviewed today: no findings at all."""
    chosen = [e for e in content if not e["conflicts"]][:3]
    chosen = copy.deepcopy(chosen)
    for entry in chosen:
        entry["last_reviewed"] = TODAY
    return chosen


def found(findings, level):
    return {(f.entry_id, f.column) for f in findings if f.level == level}


def check(entries, **options):
    return run_checks(entries, today=TODAY, **options)  # quotes too, where the reports are


def test_real_content_has_no_errors(content):
    needs_sources()
    findings = check(content)
    assert found(findings, ERROR) == set(), format_report(findings, len(content))


def test_clean_entries_have_no_findings(entries):
    assert check(entries) == []


def test_missing_sources_bad_refs_and_duplicates_are_errors(entries):
    needs_sources()
    first, second, third = entries
    first["sources"] = []
    second["sources"][0]["quote"] = "Dette sitatet står ikke i kilden."
    third["id"] = first["id"]
    twin = copy.deepcopy(second)
    twin["id"] = "en-annen-id"
    findings = check([first, second, third, twin])
    errors = {(f.entry_id, f.column, f.message.split(" ")[0]) for f in findings if f.level == ERROR}
    assert (first["id"], "sources", "mangler") in errors
    assert (second["id"], "sources", "sitatet") in errors
    assert (first["id"], "id", f"'{first['id']}'") in errors  # the duplicate id, on the third
    assert ("en-annen-id", "name", "navnet") in errors


def test_shared_alias_and_near_identical_names_are_warnings(entries):
    first, second, third = entries
    second["aliases"].append(first["aliases"][0].upper())
    third["name"] = first["name"] + "x"
    findings = check(entries)
    assert found(findings, ERROR) == set()
    assert found(findings, WARNING) == {(second["id"], "aliases"), (third["id"], "name")}
    message = next(f.message for f in findings if f.column == "aliases")
    assert first["aliases"][0].upper() in message and first["id"] in message


def test_old_and_future_review_dates_are_warnings(entries):
    entries[0]["last_reviewed"] = TODAY - dt.timedelta(days=400)
    entries[1]["last_reviewed"] = TODAY + dt.timedelta(days=3)
    assert found(check(entries), WARNING) == {
        (entries[0]["id"], "last_reviewed"),
        (entries[1]["id"], "last_reviewed"),
    }
    assert found(check(entries, max_age_days=500), WARNING) == {(entries[1]["id"], "last_reviewed")}


def test_conflicts_are_listed(entries):
    entries[0]["conflicts"] = [
        {"note": "To tall for det samme.", "refs": ["001_543cba19b78bf4d1.txt:1"]}
    ]
    findings = check(entries)
    assert found(findings, NOTE) == {(entries[0]["id"], "conflicts")}
    assert "To tall for det samme." in format_report(findings, len(entries))


def _content_dir(tmp_path, entries):
    directory = tmp_path / "content"
    directory.mkdir(parents=True)
    (directory / "test.yml").write_text(
        yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return directory


def test_cli_exit_codes_and_norwegian_report(tmp_path, entries, capsys):
    for entry in entries:
        entry.pop("_file", None)
        entry["last_reviewed"] = dt.date.today()  # the CLI checks against today
    entries[0]["last_reviewed"] = dt.date(2020, 1, 1)
    warnings_only = _content_dir(tmp_path / "a", entries)
    assert cli.main(["check", "--content-dir", str(warnings_only)]) == 0
    out = capsys.readouterr().out
    assert "Advarsler (1):" in out and "sist gjennomgått 2020-01-01" in out
    assert "0 feil, 1 advarsler" in out

    entries[1]["sources"] = []
    with_errors = _content_dir(tmp_path / "b", entries)
    assert cli.main(["check", "--content-dir", str(with_errors), "--max-age-days", "9999"]) == 1
    out = capsys.readouterr().out
    assert "Feil (" in out and "mangler kildehenvisning" in out and "må rettes" in out


def test_cli_checks_a_spreadsheet_by_row(tmp_path, entries, capsys):
    entries[2]["audience"] = "alle"
    entries[1]["eligibility"]["min_age"] = "seksten"
    sheet = tmp_path / "tiltak.csv"
    write_spreadsheet(entries, str(sheet))
    assert cli.main(["check", str(sheet)]) == 1
    out = capsys.readouterr().out
    assert f"{entries[2]['id']} (rad 4), audience:" in out
    assert f"{entries[1]['id']} (rad 3), min_age: 'seksten' er ikke et helt tall" in out


def test_cli_check_of_the_real_content_passes(capsys):
    # Read only: check never writes.
    assert cli.main(["check", "--content-dir", str(CONTENT_DIR), "--max-age-days", "100000"]) == 0
    assert "0 feil" in capsys.readouterr().out
