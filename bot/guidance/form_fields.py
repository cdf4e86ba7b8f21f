"""What an answer in the handoff form is about, whatever question the form asked.

People answer the form in their own order: an employer asked for the company writes "Jeg heter
Per Olsen", a young person asked for a first name writes "kan dere sende meg en sms på …", and
"helst etter klokka 15 på torsdager" comes where the contact person is asked. These readers
find the time, the way to be contacted, and a name said as a name, so that the form keeps each
answer where it belongs and asks only what is still missing (actions/handoff.py).
"""

from __future__ import annotations

import re

from bot.guidance.contact import find_contact, without_personal_data

_WEEKDAY = r"(?:man|tirs|ons|tors|fre|lør|søn|tys|laur|sun|mån)dag(?:er|ar|en|ane|ene)?"
_CLOCK = r"(?:kl\.?|klokka|klokken|klokkå)\s?\d{1,2}(?:[:.]\d{2})?"
TIME = re.compile(
    rf"\b(?:{_WEEKDAY}|(?:i\s)?(?:formiddag|føremiddag|ettermiddag|kveld)(?:en|ar|er)?|"
    rf"om morgenen|tidlig på dagen|i lunsjen|etter lunsj|i arbeidstida?|i arbeidstiden|"
    rf"etter (?:skolen|skoletid|skulen|skuletid|jobb|jobben|arbeidstid)|når som helst|hele dagen|i helga|"
    rf"i helgen|neste uke|i morgen|i dag|{_CLOCK}|(?:etter|før|mellom|rundt|fra) \d{{1,2}}"
    rf"(?:[:.]\d{{2}})?(?= |$|[,.])|"
    # English, for the person who writes English
    rf"(?:in the )?(?:mornings?|afternoons?|evenings?)|any ?time|weekdays|"
    rf"(?:before|after|around) \d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm)?(?= |$|[,.]))",
    re.IGNORECASE,
)
# "ring meg", "send en sms", "på e-post": the way the person wants to be contacted. A label
# ("Telefon: 41 22 33 44") is a number, not a wish.
WAYS = {
    "sms": re.compile(r"\b(?:sms|tekstmelding|send (?:meg |oss )?en melding)\b", re.I),
    "e-post": re.compile(
        r"\b(?:(?:på|via|per|send\w*(?: meg| oss)?(?: en)?) (?:e-?post|e-?mail|mail)|"
        r"e-?post (?:er|passer) best)\b",
        re.I,
    ),
    "telefon": re.compile(
        r"\b(?:ring(?:e|er)? (?:meg|oss|til meg)|ringt|ringjer|ringe meg|på telefon|"
        r"telefonsamtale|call me|phone call)\b",
        re.I,
    ),
}
_WAY_WORDS = re.compile(
    r"\b(?:ring(?:e|er)? (?:meg|oss)(?: på)?|send (?:meg |oss )?en (?:sms|melding)(?: på)?|"
    r"(?<!som )helst|gjerne|kan dere|kan du|på telefon|på sms)\b",
    re.I,
)
# A way written alone, as the answer to "SMS eller en telefon?": "sms", "på e-post", "ring".
WAY_WORD = {
    "sms": re.compile(
        r"^\s*(?:på |via |per )?(?:sms|tekstmelding|melding|text(?: message)?)\W*$", re.I
    ),
    "e-post": re.compile(r"^\s*(?:på |via |per )?(?:e-?post|e-?mail|mail)\W*$", re.I),
    "telefon": re.compile(
        r"^\s*(?:på |via )?(?:telefon|tlf|ring|ringe|ring meg|samtale|phone|call)\W*$", re.I
    ),
}
# "spiller ingen rolle", "når som helst", "doesn't matter": no wish, and not a "nei".
NO_PREFERENCE = re.compile(
    r"\b(?:spiller (?:ingen|inga) rolle|ingen preferanse|samme for meg|det same|uansett|"
    r"når som helst|kva som helst|hva som helst|egal|har ingen formening|"
    r"(?:it )?doesn'?t matter|no preference|any ?time|whatever)\b",
    re.I,
)
# A person naming themself: "Jeg heter Per Olsen", "Hilde Vik heter jeg", "Eg heiter Nils".
SELF_NAMED = re.compile(
    r"(?:\b(?i:jeg heter|eg heiter|eg heter|mitt navn er|navnet mitt er|my name is)\s+"
    r"(?P<after>[A-ZÆØÅa-zæøå][\wæøåÆØÅé\-]{1,30}(?:\s+[A-ZÆØÅ][\wæøåé\-]{1,30}){0,2}))|"
    r"(?:^\s*(?P<before>[A-ZÆØÅ][\wæøåé\-]{1,30}(?:\s+[A-ZÆØÅ][\wæøåé\-]{1,30}){0,2})\s+"
    r"(?i:heter jeg|heiter eg)\b)"
)
# What makes a name a company's: "AS", "Bakeri", "& Sønn" …
COMPANY_MARK = re.compile(
    r"\b(?:as|asa|ans|da|enk|sa|ba|iks|kf|bedrift\w*|firma\w*|kommune|avdeling|enhet|"
    r"verksted|bakeri|hotell|kafe|kafé|restaurant|butikk|gard|gård|senter|klinikk|"
    r"barnehage|skole)\b|&",
    re.IGNORECASE,
)


def time_in(text: str) -> str | None:
    """The preferred time the text gives ("etter skoletid", "torsdag ettermiddag"), as the
    clause that holds it without numbers, addresses or words about the channel; else None."""
    clean = without_personal_data(text or "")
    for clause in re.split(r"[,;!?\n–—]| - |\.(?=\s+[A-ZÆØÅ]|\s*$)| og (?=ring|send)", clean):
        if TIME.search(clause):
            clause = _WAY_WORDS.sub(" ", clause)
            clause = re.sub(r"\b(?:på|til|meg|oss)\s*$", "", clause.strip(), flags=re.I)
            clause = re.sub(r"\s+", " ", clause).strip(" ,.:-")
            if clause:
                return clause[:120]
    return None


def way_in(text: str) -> str | None:
    """The one way of contact the text asks for ("sms", "e-post", "telefon"), else None (also
    when it names two)."""
    found = [way for way, pattern in WAYS.items() if pattern.search(text or "")]
    return found[0] if len(found) == 1 else None


def way_word(text: str) -> str | None:
    """The way a short answer is: "sms", "e-post", "telefon"; else None."""
    return next((way for way, pattern in WAY_WORD.items() if pattern.match(text or "")), None)


def way_of_contact(contact: str | None) -> str | None:
    """The way a contact detail implies when it is the only one: an e-mail address alone can
    only be written to. A phone number can be called or sent an SMS: that is asked."""
    if not contact:
        return None
    has_mail = "@" in contact
    has_phone = bool(re.search(r"\d{3}", contact))
    return "e-post" if has_mail and not has_phone else None


def self_named(text: str) -> str | None:
    """The name a person gives as their own ("Jeg heter Per Olsen"), else None."""
    match = SELF_NAMED.search(text or "")
    if not match:
        return None
    return (match.group("after") or match.group("before") or "").strip(" ,.") or None


def looks_like_company(text: str) -> bool:
    return bool(COMPANY_MARK.search(text or ""))


def looks_like_time_only(text: str) -> bool:
    """A short answer that is a time and nothing a name or contact would be."""
    if not TIME.search(text or "") or find_contact(text or ""):
        return False
    return len((text or "").split()) <= 12
