"""Validate tiltak entries (from YAML content or a spreadsheet) before they are stored.

Pure Python: no database, no Rasa. Each problem is reported with the entry (row) and the
field (column) it concerns, so a coordinator can find and fix it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge.coerce import parse_date
from knowledge.coerce import text as _text
from knowledge.paths import seeds_dir

AUDIENCES = ("ungdom", "arbeidsgiver", "begge")
SCOPES = ("lokal", "nasjonal", "annen_kommune")
# What the reports say about whether an offer runs: in operation, tried out as a pilot,
# proposed / planned / under consideration, ended, or no date in the sources at all.
STATUSES = ("aktiv", "pilot", "forslag", "avsluttet", "ukjent")
# A status that claims something beyond "it is described" must cite the line that says so.
STATUSES_NEEDING_SOURCE = ("pilot", "forslag", "avsluttet")
# `how_to_start` / `contact_role` when the reports do not say: the assistant says so and
# offers a veileder or bedriftskoordinator instead of a step of its own.
NOT_IN_SOURCES = "ikke_i_kildene"
TAGS = frozenset(
    """ung-utenfor skole jobb helse psykisk-helse rus sprak erfaring utdanning okonomi bolig
    innvandrer nedsatt-arbeidsevne fritid rekruttere beholde laerling praksisplass oppfolging
    tilskudd opplaering mentor nettverk tilrettelegging koordinering""".split()
)
SOURCE_FIELDS = (
    "name summary offers eligibility how_to_start contact_role provider status target_groups "
    "cost".split()
)
REQUIRED_TEXT = ("id", "name", "audience", "scope", "summary", "status")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REF_PATTERN = re.compile(r"^(?P<file>[\w.-]+\.txt):(?P<first>\d+)(?:-(?P<last>\d+))?$")
CONTACT_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),  # e-mail
    re.compile(r"(?<!\d)(?:\+47\s?)?(?:\d[ ]?){8}(?!\d)"),  # Norwegian phone number
)


@dataclass(frozen=True)
class Problem:
    row: int  # 1-based position of the entry, or the spreadsheet row (see validate_entries)
    column: str
    message: str

    def __str__(self) -> str:
        return f"rad {self.row}, kolonne {self.column}: {self.message}"


@lru_cache(maxsize=8)
def _seed_lines(file_name: str) -> tuple[str, ...] | None:
    path = seeds_dir() / file_name
    if not path.is_file():
        return None
    return tuple(path.read_text(encoding="utf-8").splitlines())


def _squash(text: str) -> str:
    """Fold whitespace and line-break hyphenation so quotes can span lines."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def sources_available() -> bool:
    """Whether the source reports are on this machine (they are beside the repo in dev and CI)."""
    return seeds_dir().is_dir()


def check_ref(ref: str, quote: str | None = None, against_seeds: bool = True) -> str | None:
    """Return a problem description, or None when the ref (and quote) are sound.

    With `against_seeds=False` only the form of the ref is checked.
    """
    match = REF_PATTERN.match(ref or "")
    if not match:
        return f"kildehenvisningen '{ref}' må ha formen fil.txt:linje eller fil.txt:fra-til"
    if not against_seeds:
        return None
    lines = _seed_lines(match["file"])
    if lines is None:
        return f"kildefilen '{match['file']}' finnes ikke"
    first = int(match["first"])
    last = int(match["last"] or first)
    if not 1 <= first <= last <= len(lines):
        return f"linjene {first}-{last} finnes ikke i {match['file']} ({len(lines)} linjer)"
    if quote:
        cited = _squash("\n".join(lines[first - 1 : last]))
        if _squash(quote) not in cited:
            return f"sitatet '{quote[:60]}' står ikke i {ref}"
    return None


def _check_age(row: int, name: str, value, problems: list[Problem]) -> int | None:
    if value is None or _text(value) == "":
        return None
    try:
        age = int(float(value))
    except (TypeError, ValueError):
        problems.append(Problem(row, f"eligibility.{name}", f"'{value}' er ikke et helt tall"))
        return None
    if not 0 <= age <= 120:
        problems.append(Problem(row, f"eligibility.{name}", f"{age} er ikke en gyldig alder"))
        return None
    return age


def validate_entry(entry: dict, row: int, check_sources: bool | None = None) -> list[Problem]:
    """All problems with one entry. An empty list means it can be stored.

    `check_sources` (default: when the reports are available) checks refs and quotes against
    the source reports themselves.
    """
    if check_sources is None:
        check_sources = sources_available()
    problems: list[Problem] = []
    for field in REQUIRED_TEXT:
        if not _text(entry.get(field)):
            problems.append(Problem(row, field, "mangler (feltet er påkrevd)"))
    entry_id = _text(entry.get("id"))
    if entry_id and not ID_PATTERN.match(entry_id):
        problems.append(
            Problem(row, "id", f"'{entry_id}' kan bare ha små bokstaver a-z, tall og bindestrek")
        )
    for field, allowed in (("audience", AUDIENCES), ("scope", SCOPES), ("status", STATUSES)):
        value = _text(entry.get(field))
        if value and value not in allowed:
            problems.append(
                Problem(row, field, f"'{value}' er ikke tillatt; bruk en av: {', '.join(allowed)}")
            )
    unknown_tags = sorted(set(entry.get("tags") or []) - TAGS)
    if unknown_tags:
        problems.append(Problem(row, "tags", f"ukjente tagger: {', '.join(unknown_tags)}"))

    eligibility = entry.get("eligibility") or {}
    min_age = _check_age(row, "min_age", eligibility.get("min_age"), problems)
    max_age = _check_age(row, "max_age", eligibility.get("max_age"), problems)
    if min_age is not None and max_age is not None and min_age > max_age:
        problems.append(
            Problem(
                row,
                "eligibility.max_age",
                f"maksalder {max_age} er lavere enn minstealder {min_age}",
            )
        )

    for field in ("summary", "offers", "how_to_start", "contact_role", "cost", "provider", "name"):
        text = _text(entry.get(field))
        for pattern in CONTACT_PATTERNS:
            if pattern.search(text):
                problems.append(
                    Problem(
                        row, field, "kontaktopplysninger (telefon/e-post) hører ikke hjemme her"
                    )
                )

    sources = entry.get("sources") or []
    if not sources:
        problems.append(Problem(row, "sources", "mangler kildehenvisning"))
    cited_fields = set()
    for source in sources:
        field = _text(source.get("field"))
        if field not in SOURCE_FIELDS:
            problems.append(Problem(row, "sources", f"ukjent felt '{field}' i kildehenvisning"))
        cited_fields.add(field)
        issue = check_ref(_text(source.get("ref")), _text(source.get("quote")), check_sources)
        if issue:
            problems.append(Problem(row, "sources", issue))
    for field in ("summary", "offers", "how_to_start", "cost"):
        if _text(entry.get(field)) not in ("", NOT_IN_SOURCES) and field not in cited_fields:
            problems.append(Problem(row, field, "har ingen kildehenvisning (sources.field)"))
    status = _text(entry.get("status"))
    if status in STATUSES_NEEDING_SOURCE and "status" not in cited_fields:
        problems.append(
            Problem(
                row,
                "status",
                f"'{status}' må ha en kildehenvisning (sources.field: status) som sier det; "
                "bruk 'ukjent' hvis kildene ikke sier noe",
            )
        )
    if _text(eligibility.get("conditions")) or min_age is not None or max_age is not None:
        if "eligibility" not in cited_fields:
            problems.append(
                Problem(row, "eligibility", "har ingen kildehenvisning (sources.field)")
            )

    for fact in entry.get("key_facts") or []:
        if not _text(fact.get("text")):
            problems.append(Problem(row, "key_facts", "et nøkkeltall mangler tekst"))
        issue = check_ref(_text(fact.get("ref")), _text(fact.get("quote")), check_sources)
        if issue:
            problems.append(Problem(row, "key_facts", issue))

    for conflict in entry.get("conflicts") or []:
        for ref in conflict.get("refs") or []:
            issue = check_ref(ref, against_seeds=check_sources)
            if issue:
                problems.append(Problem(row, "conflicts", issue))

    reviewed = entry.get("last_reviewed")
    if isinstance(reviewed, str):
        if parse_date(reviewed) is None:
            problems.append(
                Problem(row, "last_reviewed", f"'{reviewed}' er ikke en dato (ÅÅÅÅ-MM-DD)")
            )
    elif not isinstance(reviewed, dt.date):
        problems.append(Problem(row, "last_reviewed", "mangler dato (ÅÅÅÅ-MM-DD)"))

    from knowledge.english import validate_english  # it uses this module's patterns

    problems.extend(validate_english(entry, row))
    return problems


def validate_entries(
    entries: list[dict],
    check_sources: bool | None = None,
    rows: Sequence[int] | None = None,
) -> list[Problem]:
    """Problems with each entry plus duplicate ids and names across entries.

    `rows` gives the row number to report for each entry (a spreadsheet passes the row a
    coordinator sees); by default entries are numbered 1, 2, 3, ...
    """
    if rows is None:
        rows = range(1, len(entries) + 1)
    problems: list[Problem] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for row, entry in zip(rows, entries, strict=True):
        problems.extend(validate_entry(entry, row, check_sources))
        entry_id = _text(entry.get("id"))
        if entry_id in seen_ids:
            problems.append(
                Problem(row, "id", f"'{entry_id}' finnes allerede på rad {seen_ids[entry_id]}")
            )
        elif entry_id:
            seen_ids[entry_id] = row
        name = _text(entry.get("name")).lower()
        if name in seen_names:
            problems.append(
                Problem(row, "name", f"navnet finnes allerede på rad {seen_names[name]}")
            )
        elif name:
            seen_names[name] = row
    return problems
