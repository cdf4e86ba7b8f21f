"""A side-by-side review sheet for the people who own the content: `python -m knowledge review`.

For every entry, each field's text stands next to the source lines it rests on (the cited
lines in full, the quote marked), so a coordinator can check that the sentence says what the
lines say, not only that the lines exist. Entries are flagged when they are stale (reviewed
too long ago), record conflicting sources, have a field without a source, or cite a quote
that is not in its lines. Markdown (default) or HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from knowledge.checks import DEFAULT_MAX_AGE_DAYS
from knowledge.coerce import parse_date
from knowledge.english import canonical_english
from knowledge.validation import (
    NOT_IN_SOURCES,
    REF_PATTERN,
    STATUSES_NEEDING_SOURCE,
    _seed_lines,
    check_ref,
    sources_available,
)

# The fields a coordinator reads, in the order a user meets them; key facts come after.
FIELDS = (
    "name",
    "summary",
    "offers",
    "eligibility",
    "target_groups",
    "how_to_start",
    "contact_role",
    "provider",
    "cost",
    "status",
)
LABELS = {
    "name": "Navn",
    "summary": "Sammendrag",
    "offers": "Dette får man",
    "eligibility": "Hvem kan få det",
    "target_groups": "Målgrupper",
    "how_to_start": "Slik kommer man i gang",
    "contact_role": "Hvem man kan spørre",
    "provider": "Hvem som tilbyr det",
    "cost": "Kostnad",
    "status": "Status",
}
# Fields whose text a user is told and that therefore must rest on a line of the reports.
# The name is checked only when a source is given: it is how the reports call the offer.
NEEDS_SOURCE = ("summary", "offers", "eligibility", "target_groups", "how_to_start")
NEEDS_SOURCE += ("contact_role", "provider", "cost")
# The field of the `en:` block that renders each of these (shown beside the Norwegian).
ENGLISH_FIELDS = {name: name for name in ("summary", "offers", "how_to_start", "cost")}
ENGLISH_FIELDS.update(contact_role="contact_role", eligibility="eligibility_conditions")
MAX_CITED_LINES = 40  # a longer range is cut in the sheet (the check still reads all of it)


@dataclass
class Cited:
    ref: str
    quote: str
    lines: str  # the cited lines as they stand in the report, or why they cannot be shown
    problem: str | None = None  # the ref or quote does not hold


@dataclass
class Row:
    field: str
    label: str
    text: str
    cited: list[Cited] = field(default_factory=list)
    flag: str = ""  # why this row needs a look, "" if nothing
    english: str = ""  # the English text of the field (the `en:` block), "" if none


@dataclass
class EntryReview:
    id: str
    name: str
    where: str
    status: str
    last_reviewed: str
    rows: list[Row]
    flags: list[str]


def field_text(entry: dict, name: str) -> str:
    """The text of one field as a reader sees it."""
    if name == "eligibility":
        eligibility = entry.get("eligibility") or {}
        parts = []
        low, high = eligibility.get("min_age"), eligibility.get("max_age")
        if low is not None or high is not None:
            parts.append(f"alder {'' if low is None else low}–{'' if high is None else high}")
        if (eligibility.get("conditions") or "").strip():
            parts.append(eligibility["conditions"].strip())
        return "; ".join(parts)
    value = entry.get(name)
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value or "").strip()


def cited_lines(ref: str) -> str:
    match = REF_PATTERN.match(ref or "")
    if not match:
        return "(henvisningen har feil form)"
    lines = _seed_lines(match["file"])
    if lines is None:
        return "(kilderapportene er ikke tilgjengelige her)"
    first, last = int(match["first"]), int(match["last"] or match["first"])
    chosen = lines[first - 1 : min(last, first + MAX_CITED_LINES - 1)]
    text = "\n".join(f"{first + n}: {line}" for n, line in enumerate(chosen))
    if last - first + 1 > MAX_CITED_LINES:
        text += f"\n… ({last - first + 1 - MAX_CITED_LINES} linjer til)"
    return text


def _cite(ref: str, quote: str, against_seeds: bool) -> Cited:
    return Cited(ref, quote, cited_lines(ref), check_ref(ref, quote, against_seeds))


def review_entry(
    entry: dict,
    today: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> EntryReview:
    against_seeds = sources_available()
    by_field: dict[str, list[Cited]] = {}
    for source in entry.get("sources") or []:
        by_field.setdefault(str(source.get("field") or ""), []).append(
            _cite(str(source.get("ref") or ""), str(source.get("quote") or ""), against_seeds)
        )
    rows: list[Row] = []
    flags: list[str] = []
    english = canonical_english(entry.get("en"))
    english = english if isinstance(english, dict) else {}
    english_facts = english.get("key_facts") or []
    for name in FIELDS:
        text = field_text(entry, name)
        cited = by_field.get(name, [])
        flag = ""
        if text == NOT_IN_SOURCES:
            flag = "kildene sier ikke noe om dette (assistenten sier det og tilbyr en person)"
        elif text and not cited and name in NEEDS_SOURCE:
            flag = "uten kilde"
        elif name == "status" and not cited:
            if text in STATUSES_NEEDING_SOURCE:
                flag = "uten kilde"
            elif text == "aktiv":
                flag = "uten kilde: ingen linje sier at tilbudet er i gang"
        if not text and not cited:
            continue
        if any(c.problem for c in cited):
            flag = "; ".join(filter(None, [flag, *(c.problem for c in cited if c.problem)]))
        en_text = str(english.get(ENGLISH_FIELDS.get(name, ""), ""))
        rows.append(Row(name, LABELS[name], text, cited, flag, en_text))
        if flag and text != NOT_IN_SOURCES:
            flags.append(f"{LABELS[name]}: {flag}")
    for position, fact in enumerate(entry.get("key_facts") or []):
        cited = [_cite(str(fact.get("ref") or ""), str(fact.get("quote") or ""), against_seeds)]
        problem = cited[0].problem or ""
        en_text = str(english_facts[position]) if position < len(english_facts) else ""
        text = str(fact.get("text") or "")
        rows.append(Row("key_facts", "Nøkkeltall", text, cited, problem, en_text))
        if problem:
            flags.append(f"Nøkkeltall: {problem}")
    for conflict in entry.get("conflicts") or []:
        cited = [_cite(ref, "", against_seeds) for ref in conflict.get("refs") or []]
        note = str(conflict.get("note") or "").strip()
        rows.append(Row("conflicts", "Kildene er uenige", note, cited, "motstrid"))
        flags.append(f"motstrid: {note}")
    reviewed = parse_date(entry.get("last_reviewed"))
    today = today or dt.date.today()
    if reviewed is None:
        flags.append("foreldet: mangler dato for siste gjennomgang")
    elif (today - reviewed).days > max_age_days:
        flags.append(
            f"foreldet: sist gjennomgått {reviewed.isoformat()}, "
            f"for {(today - reviewed).days} dager siden"
        )
    return EntryReview(
        id=str(entry.get("id") or ""),
        name=str(entry.get("name") or ""),
        where=str(entry.get("_file") or ""),
        status=str(entry.get("status") or ""),
        last_reviewed=reviewed.isoformat() if reviewed else "",
        rows=rows,
        flags=flags,
    )


def review(
    entries: list[dict], today: dt.date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> list[EntryReview]:
    return [review_entry(entry, today, max_age_days) for entry in entries]


def _summary_line(reviews: list[EntryReview], origin: str) -> str:
    flagged = sum(bool(r.flags) for r in reviews)
    return (
        f"{len(reviews)} tiltak fra {origin}; {flagged} er merket for gjennomgang "
        "(foreldet, motstrid, felt uten kilde eller sitat som ikke står i kilden)."
    )


def to_markdown(reviews: list[EntryReview], origin: str) -> str:
    out = [
        "# Gjennomgang av kunnskapsbasen: tekst mot kilde",
        "",
        "Les hver tekst mot linjene den bygger på: sier teksten det linjene sier?",
        "",
        _summary_line(reviews, origin),
        "",
    ]
    for item in reviews:
        out += [
            f"## {item.name} (`{item.id}`)",
            "",
            f"Fil: {item.where or '-'} · status: {item.status} · "
            f"sist gjennomgått: {item.last_reviewed or '-'}",
            "",
        ]
        if item.flags:
            out += ["**Se på:**", ""] + [f"- {flag}" for flag in item.flags] + [""]
        for row in item.rows:
            out.append(f"### {row.label}" + (f" ⚠ {row.flag}" if row.flag else ""))
            out += ["", _quote_block(row.text or "(tom)"), ""]
            if row.english:
                out += ["*Engelsk:*", "", _quote_block(row.english), ""]
            if not row.cited:
                out += ["*Ingen kilde oppgitt.*", ""]
            for cited in row.cited:
                out.append(f"Kilde `{cited.ref}`" + (f": «{cited.quote}»" if cited.quote else ""))
                out += ["", "```text", cited.lines, "```", ""]
    return "\n".join(out).rstrip() + "\n"


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def _mark(lines: str, quote: str) -> str:
    """The cited lines as HTML, the words of the quote marked where they can be found."""
    escaped = html.escape(lines)
    words = [re.escape(html.escape(word)) for word in quote.split()]
    if not words:
        return escaped
    gap = r"(?:\s|-|\n\d+: )+"  # line breaks, hyphenation and the line numbers between words
    pattern = re.compile(gap.join(words), re.IGNORECASE)
    return pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped, count=1)


def to_html(reviews: list[EntryReview], origin: str) -> str:
    style = (
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}"
        "table{border-collapse:collapse;width:100%;margin-bottom:2rem}"
        "td,th{border:1px solid #bbb;padding:.4rem;vertical-align:top;text-align:left}"
        "th{background:#eee}td.f{width:12%}td.t{width:38%}"
        "pre{white-space:pre-wrap;margin:.2rem 0;font-size:.85rem}"
        ".flag{background:#fde2e2}.flags{background:#fff4d6;padding:.5rem}"
        "mark{background:#fff176}.en{color:#333;border-top:1px dashed #bbb;margin-top:.4rem}"
    )
    out = [
        "<!doctype html>",
        '<html lang="nb"><head><meta charset="utf-8">',
        "<title>Gjennomgang av kunnskapsbasen</title>",
        f"<style>{style}</style></head><body>",
        "<h1>Gjennomgang av kunnskapsbasen: tekst mot kilde</h1>",
        "<p>Les hver tekst mot linjene den bygger på: sier teksten det linjene sier?</p>",
        f"<p>{html.escape(_summary_line(reviews, origin))}</p>",
    ]
    for item in reviews:
        out.append(f'<h2 id="{html.escape(item.id)}">{html.escape(item.name)}</h2>')
        out.append(
            f"<p><code>{html.escape(item.id)}</code> · fil: {html.escape(item.where or '-')}"
            f" · status: {html.escape(item.status)} · sist gjennomgått: "
            f"{html.escape(item.last_reviewed or '-')}</p>"
        )
        if item.flags:
            flags = "".join(f"<li>{html.escape(flag)}</li>" for flag in item.flags)
            out.append(f'<div class="flags"><strong>Se på:</strong><ul>{flags}</ul></div>')
        out.append("<table><tr><th>Felt</th><th>Tekst</th><th>Kilde</th></tr>")
        for row in item.rows:
            css = ' class="flag"' if row.flag else ""
            label = html.escape(row.label) + (
                f"<br><small>⚠ {html.escape(row.flag)}</small>" if row.flag else ""
            )
            sources = "".join(
                f"<div><code>{html.escape(c.ref)}</code><pre>{_mark(c.lines, c.quote)}</pre></div>"
                for c in row.cited
            )
            en = (
                f'<div class="en" lang="en"><small>Engelsk:</small> {html.escape(row.english)}</div>'
                if row.english
                else ""
            )
            out.append(
                f'<tr{css}><td class="f">{label}</td><td class="t">{html.escape(row.text)}{en}</td>'
                f"<td>{sources or '<em>Ingen kilde oppgitt.</em>'}</td></tr>"
            )
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render(reviews: list[EntryReview], origin: str, fmt: str = "md") -> str:
    return to_html(reviews, origin) if fmt == "html" else to_markdown(reviews, origin)
