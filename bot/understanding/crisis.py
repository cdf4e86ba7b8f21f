"""Detect messages about suicide, self-harm, violence or acute danger.

A rule-based check that runs before (and independently of) the intent classifier. It looks
for phrases, not single scary words, so that "drepende kjedelig" does not trigger it.
"""

from __future__ import annotations

import re

_PATTERNS = [
    # suicide and wanting to die (Bokmål, Nynorsk, English)
    r"selvmord",
    r"sjølvmord",
    r"suicid",
    r"ta (livet|mitt liv) av meg",
    r"ta livet mitt",
    r"ta mitt eget liv",
    r"ta livet av seg",
    r"drepe meg selv",
    r"drepe meg sjølv",
    r"avslutte livet",
    r"(vil|ønsker|har lyst til å|kommer til å) (ikke |ikkje )?dø\b",
    r"vil (ikke|ikkje) (leve|lenger leve|være her)",
    r"ikke (lyst|lenger lyst) til å leve",
    r"orker (ikke|ikkje) (leve|livet|dette livet)",
    r"orker (ikke|ikkje) (mer|meir|lenger)(?! (av |med |på )?(skole|skolen|jobb|jobben|lekser|matte|dette faget))",
    r"(klarer|greier) (ikke|ikkje) (mer|meir|å leve)",
    r"(ikke|ingen|ikkje) krefter igjen",
    r"ingen vits (i )?å leve",
    r"livet er ikke verdt",
    r"ikke verdt å leve",
    r"bedre om jeg (var død|ikke fantes|ikke levde)",
    r"ser ingen utvei",
    r"gi opp livet",
    r"ingen grunn til å leve",
    # self-harm
    r"skade(t|r)? meg selv",
    r"skade meg sjølv",
    r"selvskad",
    r"sjølvskad",
    r"kutte(r|t)? meg",
    r"skjære(r)? meg",
    # violence and acute danger
    r"(truer|truet|trugar) (med å )?(drepe|banke|slå|skade|knivstikke|skyte) (meg|oss)",
    r"(truer|truet) (med å )?(drepe|banke|slå|skade|knivstikke|skyte)",
    r"(blir|ble|er blitt) (slått|banket|truet|voldtatt|mishandlet)",
    r"(?<!det )\b(slår|banker|mishandler|sparker|truer) meg\b(?! (at|som|på))",
    r"utsatt for vold",
    r"opplever vold",
    r"vold (hjemme|mot meg)",
    r"voldtekt",
    r"voldtatt",
    r"akutt fare",
    r"er i fare",
    r"livsfare",
    r"redd for livet",
    # English
    r"kill myself",
    r"want to die",
    r"end my life",
    r"hurt myself",
    r"self[- ]harm",
    r"don'?t want to live",
]
_HARMLESS = [
    r"drepende kjedelig",
    r"dødskjedelig",
    r"døds?kjedelig",
    r"ler meg i ?hjel",
    r"kjede(r|t)? meg i ?hjel",
    r"dø av latter",
    r"sulter i ?hjel",
    r"fryser i ?hjel",
    r"jobber meg i ?hjel",
    r"drepe tiden",
    r"slå av",
    r"slå på",
    r"slå opp",
    r"vold(s)?forebygg",
]
_CRISIS = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
_HARMLESS_RE = re.compile("|".join(f"(?:{p})" for p in _HARMLESS), re.IGNORECASE)


def is_crisis(text: str) -> bool:
    """True when the message speaks of suicide, self-harm, violence or acute danger."""
    if not text:
        return False
    cleaned = _HARMLESS_RE.sub(" ", text.lower())
    return bool(_CRISIS.search(cleaned))
