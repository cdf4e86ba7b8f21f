"""Read and check contact details a user gives in the handoff form."""

from __future__ import annotations

import re

from bot.understanding.personal_data import find_personal_data

ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_NAME_PATTERNS = [
    re.compile(
        r"(?:kontaktperson|navn|name|contact)\s*[:\-]\s*([A-ZÆØÅa-zæøåé][\wæøåÆØÅé.\- ]{1,60}?)(?=[,;.]|\s+(?:mobil|tlf|telefon|phone|e-?post|mail|på)\b|$)",
        re.I,
    ),
    re.compile(
        r"(?:jeg heter|eg heiter|eg heter|mitt navn er|navnet mitt er|my name is|i am|i'm)\s+([A-ZÆØÅa-zæøå][\wæøåÆØÅé\-]{1,30}(?:\s+[A-ZÆØÅ][\wæøåé\-]{1,30})?)",
        re.I,
    ),
    re.compile(r"^\s*([A-ZÆØÅ][\wæøåé\-]{1,30})\s+(?:heter jeg|heiter eg|her)\b"),
]
_LABEL = re.compile(
    r"^\s*(?:firma|bedrift|company|bedriftsnavn|navn på bedriften)\s*[:\-]\s*", re.I
)
_YES = re.compile(
    r"^\s*(ja|jada|jepp|jo|ok|okei|greit|gjerne|yes|yep|sure|i consent|samtykker)\b|samtykke|consent",
    re.I,
)
_NO = re.compile(r"^\s*(nei|nope|no|ikke|nei takk|helst ikke)\b", re.I)


def is_org_number(text: str) -> bool:
    """9 digits with a valid mod-11 control digit (Brønnøysundregistrene)."""
    digits = [int(c) for c in re.sub(r"[\s.]", "", text or "") if c.isdigit()]
    if len(digits) != 9 or len(re.sub(r"[\s.\d]", "", text or "")) > 0:
        return False
    remainder = sum(d * w for d, w in zip(digits[:8], ORG_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == digits[8]


def find_contact(text: str) -> str | None:
    """The first phone number or e-mail address in the text, as written."""
    for item in find_personal_data(text or ""):
        if item.kind in ("telefon", "epost"):
            return item.value
    return None


def has_sensitive_number(text: str) -> bool:
    """A fødselsnummer, D-nummer, account number or other 11-digit number."""
    return any(
        item.kind in ("fodselsnummer", "kontonummer", "nummer")
        for item in find_personal_data(text or "")
    )


def find_name(text: str) -> str | None:
    for pattern in _NAME_PATTERNS:
        match = pattern.search(text or "")
        if match:
            return match.group(1).strip(" ,.")
    return None


def clean_company(text: str) -> str:
    """A company name from an answer like "Company: Fjord Tech AS, phone 40 12 34 56"."""
    text = _LABEL.sub("", text or "")
    for item in reversed(find_personal_data(text)):
        text = text[: item.start] + text[item.end :]
    text = re.split(
        r",|;|\b(?:phone|tlf|telefon|mobil|e-?post|mail)\b", text, maxsplit=1, flags=re.I
    )[0]
    return text.strip(" ,.:-")[:120]


def yes_or_no(text: str) -> str | None:
    if _NO.search(text or ""):
        return "nei"
    if _YES.search(text or ""):
        return "ja"
    return None
