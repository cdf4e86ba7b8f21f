"""Quality checks of the tiltak content for coordinators: `python -m knowledge check`.

Errors (the content cannot be built or imported as it is): everything validation finds,
among them entries without sources, refs that do not exist, quotes that are not in the
cited lines, and duplicate ids or names. Warnings (worth a look, nothing is broken): likely
duplicates (the same alias on two entries, near-identical names), review dates older than
`max_age_days` or in the future, and conflicts between sources that an entry records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from knowledge.coerce import parse_date
from knowledge.english import missing_english
from knowledge.validation import validate_entries

ERROR = "feil"
WARNING = "advarsel"
NOTE = "merknad"  # conflicts between sources, recorded on purpose: follow up, nothing is wrong
LEVELS = (ERROR, WARNING, NOTE)
DEFAULT_MAX_AGE_DAYS = 365
NAME_SIMILARITY = 90  # rapidfuzz ratio (0-100) from which two names are "near-identical"


@dataclass(frozen=True)
class Finding:
    level: str  # ERROR, WARNING or NOTE
    entry_id: str
    where: str  # the content file or spreadsheet row of the entry
    column: str
    message: str

    def __str__(self) -> str:
        place = f"{self.entry_id or '(uten id)'}"
        if self.where:
            place += f" ({self.where})"
        return f"{place}, {self.column}: {self.message}"


def _fold(text: str) -> str:
    """Compare names and aliases without case, punctuation and extra spaces."""
    return " ".join(re.findall(r"[0-9a-zæøåäöéü]+", str(text or "").lower()))


def run_checks(
    entries: list[dict],
    *,
    where: Sequence[str] | None = None,
    rows: Sequence[int] | None = None,
    today: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    check_sources: bool | None = None,
) -> list[Finding]:
    """All findings for the entries, errors first.

    `where` names the place of each entry (its file); `rows` gives spreadsheet row numbers
    instead, for entries read from a spreadsheet.
    """
    if rows is not None:
        where = [f"rad {row}" for row in rows]
    where = list(where) if where is not None else [e.get("_file", "") for e in entries]
    ids = [str(e.get("id") or "") for e in entries]
    row_numbers = list(rows) if rows is not None else list(range(1, len(entries) + 1))
    position = {row: index for index, row in enumerate(row_numbers)}
    findings: list[Finding] = []

    for problem in validate_entries(entries, check_sources=check_sources, rows=row_numbers):
        index = position[problem.row]
        findings.append(Finding(ERROR, ids[index], where[index], problem.column, problem.message))

    findings += _likely_duplicates(entries, ids, where)

    today = today or dt.date.today()
    for index, entry in enumerate(entries):
        reviewed = parse_date(entry.get("last_reviewed"))  # None: validation reports it
        if reviewed is None:
            continue
        age = (today - reviewed).days
        if age > max_age_days:
            findings.append(
                Finding(
                    WARNING,
                    ids[index],
                    where[index],
                    "last_reviewed",
                    f"sist gjennomgått {reviewed.isoformat()}, for {age} dager siden "
                    f"(grensen er {max_age_days} dager)",
                )
            )
        elif age < 0:
            findings.append(
                Finding(
                    WARNING,
                    ids[index],
                    where[index],
                    "last_reviewed",
                    f"datoen {reviewed.isoformat()} ligger fram i tid",
                )
            )

    for index, entry in enumerate(entries):
        for name in missing_english(entry):
            findings.append(
                Finding(
                    WARNING,
                    ids[index],
                    where[index],
                    f"en.{name}",
                    "har ingen engelsk tekst, men det norske feltet har det; et engelsk "
                    "spørsmål får da den norske teksten",
                )
            )

    for index, entry in enumerate(entries):
        for conflict in entry.get("conflicts") or []:
            refs = ", ".join(conflict.get("refs") or [])
            note = str(conflict.get("note") or "").strip()
            findings.append(
                Finding(
                    NOTE,
                    ids[index],
                    where[index],
                    "conflicts",
                    note + (f" ({refs})" if refs else ""),
                )
            )
    return sorted(findings, key=lambda f: LEVELS.index(f.level))


def _likely_duplicates(entries: list[dict], ids: list[str], where: list[str]) -> list[Finding]:
    findings = []
    # The same name or alias on two entries: a user asking for it gets the wrong one.
    owners: dict[str, dict[int, str]] = {}
    for index, entry in enumerate(entries):
        for text in [entry.get("name") or "", *(entry.get("aliases") or [])]:
            key = _fold(text)
            if key:
                owners.setdefault(key, {}).setdefault(index, str(text))
    shared: dict[tuple[int, int], list[str]] = {}
    names = [_fold(entry.get("name")) for entry in entries]
    for key, holders in owners.items():
        for first, second in combinations(sorted(holders), 2):
            if key == names[first] == names[second]:
                continue  # the same name twice is an error from validation
            shared.setdefault((first, second), []).append(holders[second])
    for (first, second), texts in shared.items():
        quoted = ", ".join(f"«{text}»" for text in texts)
        findings.append(
            Finding(
                WARNING,
                ids[second],
                where[second],
                "aliases",
                f"deler navn/alias {quoted} med {ids[first]}; mulig duplikat, eller "
                "fjern aliaset fra det ene tiltaket",
            )
        )
    # Near-identical names (typos, small rewordings).
    for first, second in combinations(range(len(entries)), 2):
        if not names[first] or not names[second] or names[first] == names[second]:
            continue
        if (first, second) in shared:
            continue
        score = fuzz.ratio(names[first], names[second])
        if score >= NAME_SIMILARITY:
            findings.append(
                Finding(
                    WARNING,
                    ids[second],
                    where[second],
                    "name",
                    f"navnet ligner svært på navnet til {ids[first]} ({score:.0f} % likt); "
                    "mulig duplikat",
                )
            )
    return findings


def format_report(findings: list[Finding], count: int) -> str:
    """The Norwegian report `python -m knowledge check` prints."""
    titles = {ERROR: "Feil", WARNING: "Advarsler", NOTE: "Merknader: kildene er uenige"}
    counts = {level: sum(f.level == level for f in findings) for level in LEVELS}
    lines = []
    for level in LEVELS:
        if counts[level]:
            lines.append(f"{titles[level]} ({counts[level]}):")
            lines += [f"  {finding}" for finding in findings if finding.level == level]
            lines.append("")
    verdict = "må rettes" if counts[ERROR] else "ingen feil"
    lines.append(
        f"Sjekket {count} tiltak: {counts[ERROR]} feil, {counts[WARNING]} advarsler, "
        f"{counts[NOTE]} merknader om motstrid ({verdict})."
    )
    return "\n".join(lines)
