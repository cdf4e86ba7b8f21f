"""Decide whether a message is a crisis, and which kind, so the reply can name the right help.

A layered, rule-based check that runs before (and independently of) the intent classifier:

1. **Normalise**: lower case, Unicode NFC, Nynorsk and dialect forms to Bokmål ("eg/æ" →
   "jeg", "ikkje/ikk/itte" → "ikke", "sjølv" → "selv", "døy" → "dø"), and typos of the long
   key words corrected against a closed crisis vocabulary with rapidfuzz (OSA distance), so
   "selvmor", "selvmodr" and "overdoes" still count. Only unknown long words are corrected:
   "skape meg selv" never becomes "skade meg selv".
2. **Guards** remove figurative and everyday uses ("dør av kjedsomhet", "skyte ned forslaget",
   "kutte i budsjettet", "ta livet med ro", "ta imot lærlinger", "det slår meg at").
3. **Pattern families per kind**: suicide (thoughts, wishes, plans, means, goodbye), self-harm,
   medical emergency (overdose, poisoning, injury, not breathing), violence or threat now
   (weapon, being beaten, rape, danger), a child at risk, fire; in Bokmål, Nynorsk, dialect,
   slang and English. Noun-like patterns ("selvmord", "overdose", "i fare") are ignored when a
   negation stands just before them in the same clause ("har ingen tanker om selvmord").
4. **Who and how young**: self, a third person (friend, sibling, pupil, child) or an employee
   (written by an employer); a writer under 18 or a child at risk adds Alarmtelefonen.
5. **Distress without danger** ("jeg har angst", "sliter psykisk") is a level of its own: the
   assistant answers the question and adds one line about where to talk. Frustration with
   forms, waiting or Nav ("orker ikke flere skjemaer") is neither.

The decision (`assess`) carries the kinds; `crisis_responses` turns it into the names of the
domain's responses, so every number the person sees is written once, in `domain/`.

Modules: `normalise` (with the word lists in `words`), `patterns` (the families, read from
`bot/guidance/crisis_data/patterns/*.yml`), `guards`, `decision` (`assess`), `who`, `language`
and `replies`. This package re-exports what the rest of the project uses.
"""

from bot.guidance.crisis.decision import assess, is_crisis
from bot.guidance.crisis.kinds import (
    CHILD,
    DANGER,
    DISTRESS,
    EMPLOYER,
    FIRE,
    KINDS,
    MEDICAL,
    NONE,
    SELF,
    SELFHARM,
    SUICIDE,
    THIRD,
    VIOLENCE,
    CrisisAssessment,
)
from bot.guidance.crisis.normalise import normalise
from bot.guidance.crisis.replies import ENGLISH_RESPONSES, NUMBERS_BY_KIND, crisis_responses

__all__ = [
    "CHILD",
    "DANGER",
    "DISTRESS",
    "EMPLOYER",
    "ENGLISH_RESPONSES",
    "FIRE",
    "KINDS",
    "MEDICAL",
    "NONE",
    "NUMBERS_BY_KIND",
    "SELF",
    "SELFHARM",
    "SUICIDE",
    "THIRD",
    "VIOLENCE",
    "CrisisAssessment",
    "assess",
    "crisis_responses",
    "is_crisis",
    "normalise",
]
