"""The needs assessment's answers as fixed categories: the buttons of the questions (domain/)
and a few words for what people type instead. A typed answer that fits none is "Annet": what
someone wrote is never shown in the statistics."""

from __future__ import annotations

import re
from collections import Counter

OTHER = "Annet"
FIELDS = {
    "situation": "Situasjon (ungdom)",
    "barrier": "Står i veien (ungdom)",
    "employer_need": "Bedriften trenger",
    "sector": "Bransje",
}
# (category, pattern) in order: the first that matches.
CATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "situation": (
        ("Går på skole", r"skole|skule|elev|student|studerer|vgs"),
        ("Har jobb", r"jobb|arbeid|ansatt"),
        ("Verken skole eller jobb", r"ingen|ikke noe|ikkje|hjemme|ledig|nav"),
    ),
    "barrier": (
        ("Helse", r"helse|syk|psykisk|angst|depres"),
        ("Språk", r"språk|sprak|norsk"),
        ("Lite erfaring", r"erfaring|cv|attest"),
        ("Økonomi", r"økonomi|okonomi|penger|gjeld|råd"),
        ("Bolig", r"bolig|bo |husvære|leilighet"),
    ),
    "employer_need": (
        ("Rekruttere", r"rekrutt|ansette|ny(e)? ansatt|folk"),
        ("Beholde en ansatt", r"behold|sykemeld|oppfølging|oppfolging"),
        ("Ta inn en lærling", r"lærling|laerling|læreplass"),
        ("Tilby praksisplass", r"praksis"),
    ),
    "sector": (
        ("Bygg og anlegg", r"bygg|anlegg|snekker|elektr|rørlegg"),
        ("Helse og omsorg", r"helse|omsorg|sykehjem|pleie|barnehage"),
        ("Handel", r"butikk|handel|salg|detalj"),
        ("Reiseliv og servering", r"restaurant|kafé|kafe|hotell|servering|reiseliv|kantine"),
        ("Industri", r"industri|produksjon|fabrikk|verksted|mekanisk"),
        ("Transport og lager", r"transport|lager|logistikk|sjåfør"),
        ("Kontor og IT", r"kontor|\bit\b|data|regnskap|økonomi"),
        ("Offentlig sektor", r"kommune|offentlig|\bstat\b|skole"),
    ),
}
_SKIP = re.compile(r"^\s*(hopp(e)? over|hoppet over|skip|vet ikke|nei)\s*[.!]*\s*$", re.I)
_PATTERNS = {
    key: tuple((label, re.compile(pattern, re.I)) for label, pattern in choices)
    for key, choices in CATEGORIES.items()
}


def category(field: str, value) -> str | None:
    """The category of one answer; None when the question was not asked or skipped (the
    assessment records no skipped answer; older conversations may have one)."""
    if value is None or field not in _PATTERNS:
        return None
    text = str(value).strip()
    if not text:
        return None
    if _SKIP.match(text):
        return None
    for label, pattern in _PATTERNS[field]:
        if pattern.search(text):
            return label
    return OTHER


def count_needs(assessments: list[dict]) -> dict[str, Counter]:
    """Per field of FIELDS: how many assessments gave each category."""
    counts = {key: Counter() for key in FIELDS}
    for answers in assessments:
        for key in FIELDS:
            found = category(key, answers.get(key))
            if found is not None:
                counts[key][found] += 1
    return counts


def ordered(field: str) -> list[str]:
    """The categories of a field in a fixed order (tables and charts always list them all)."""
    return [label for label, _ in CATEGORIES[field]] + [OTHER]
