"""`python -m knowledge review`: every field's text next to the lines it rests on."""

import copy
import datetime as dt

from knowledge import cli
from knowledge.review import review_entry
from knowledge.validation import sources_available
from tests.unit.knowledge_sources import needs_sources

TODAY = dt.date(2026, 12, 1)


def _entry(content, entry_id="bedriftspakken"):
    entry = copy.deepcopy(next(e for e in content if e["id"] == entry_id))
    entry["last_reviewed"] = TODAY
    return entry


def test_each_field_stands_next_to_its_cited_lines(content):
    needs_sources()
    entry = _entry(content)
    item = review_entry(entry, today=TODAY)
    summary = next(row for row in item.rows if row.field == "summary")
    assert summary.text == entry["summary"]
    quote = next(s for s in entry["sources"] if s["field"] == "summary")
    cited = summary.cited[0]
    assert cited.ref == quote["ref"] and cited.problem is None
    first_line = int(quote["ref"].split(":")[1].split("-")[0])
    assert cited.lines.startswith(f"{first_line}: ")
    assert any(row.field == "key_facts" for row in item.rows)


def test_stale_conflicting_and_unsourced_entries_are_flagged(content):
    entry = _entry(content)
    entry["last_reviewed"] = TODAY - dt.timedelta(days=400)
    entry["conflicts"] = [{"note": "Tallene er ulike.", "refs": [entry["sources"][0]["ref"]]}]
    entry["cost"] = "Gratis."  # no source for it
    entry["how_to_start"] = "ikke_i_kildene"
    flags = " | ".join(review_entry(entry, today=TODAY).flags)
    assert "foreldet" in flags and "motstrid" in flags and "Kostnad: uten kilde" in flags
    assert "Slik kommer man i gang" not in flags  # said plainly, not a fault
    row = next(r for r in review_entry(entry, today=TODAY).rows if r.field == "how_to_start")
    assert "kildene sier ikke" in row.flag


def test_a_quote_that_is_not_in_its_lines_is_flagged(content):
    needs_sources()
    entry = _entry(content)
    entry["sources"][0]["quote"] = "Dette står ikke i rapporten."
    assert any("står ikke i" in flag for flag in review_entry(entry, today=TODAY).flags)


def test_review_writes_markdown_and_html_from_the_database(tmp_path, knowledge_db, capsys):
    for name in ("ark.md", "ark.html"):
        out = tmp_path / name
        assert cli.main(["review", str(out), "--database-url", knowledge_db]) == 0
        text = out.read_text(encoding="utf-8")
        assert "bedriftspakken" in text and "Sammendrag" in text
    if sources_available():  # the quote is marked in the cited lines
        assert "<mark>" in (tmp_path / "ark.html").read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "fra databasen" in err
    assert (tmp_path / "ark.html").read_text(encoding="utf-8").startswith("<!doctype html>")
