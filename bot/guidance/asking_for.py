"""Someone asking for another person: a parent for their child, a teacher for a pupil, a friend,
a sister ("jeg spør for sønnen min", "eg er lærar og spør for ein elev", "I'm asking for my
daughter", "spør på vegne av en venn"). No Rasa import; the guard adds what it finds as
entities and the handoff records it on the case.

Roles: `forelder`, `lærer`, `venn`, `annen`; `selv` when the person says it is for themselves
("jeg spør for meg selv"), which undoes an earlier role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.guidance.profile import infer_tags

SELF = "selv"
ROLES = ("forelder", "lærer", "venn", "annen")

_FOR = r"(?:for|om|på vegne av|på vegner av|on behalf of|about)"
_A = r"(?:en|ein|ei|et|eit|a|an|my|our|min|mi|mitt|vår|vårt)?\s*"
_MINE = r"\s+(?:min|mi|mitt|vår|vårt|våre|mine)\b"
_CHILD = (
    r"(?:sønn(?:en)?|sonen|son|datter(?:en)?|dattera|dotter(?:a)?|barn(?:et|a)?|ungen|ungane|"
    r"gutten|guten|jenta|jenten|daughter|child|kid|boy|girl)"
)
_PUPIL = r"(?:elev(?:en|ane|ene)?|student|pupil)"
_FRIEND = r"(?:venn(?:en|inne|inna|innen)?|ven(?:en|ninne|ninna)?|kompis(?:en)?|friend)"
_RELATIVE = (
    r"(?:søster(?:en)?|syster|bror(?:en)?|broren|lillebror|storebror|lillesøster|storesøster|"
    r"nevø(?:en)?|niese(?:n)?|fetter(?:en)?|kusine(?:a|n)?|brother|sister|cousin|nephew|niece)"
)

_PARENT = (
    r"(?:mor|far|mamma|pappa|forelder|foreldre|foresatt|føresett|parent|mother|father|mum|mom|dad)"
)
_TEACHER = (
    r"(?:kontakt)?(?:lærer|lærar|teacher|rådgiver|rådgjevar|helsesykepleier|helsesjukepleiar|"
    r"school counsell?or)"
)
_I_AM = r"\b(?:jeg er|eg er|i am|i'm|im|som) (?:en |ein |a )?"


def _compiled(*pairs: tuple[str, str, str]) -> tuple[tuple[str, re.Pattern, re.Pattern], ...]:
    return tuple(
        (role, re.compile(strong, re.IGNORECASE), re.compile(weak, re.IGNORECASE))
        for role, strong, weak in pairs
    )


# Per role: words that say it alone ("sønnen min", "for en elev"), and words that say it only
# with "jeg spør for …" ("jeg er lærer" may be about the teacher's own job).
_PATTERNS = _compiled(
    (
        "lærer",
        rf"\b{_PUPIL}{_MINE}|\b(?:min|mi|my) {_PUPIL}\b|\bhar (?:en|ein) {_PUPIL}\b|"
        rf"\b{_FOR} {_A}{_PUPIL}\b|\ba (?:student|pupil) of mine\b|\bone of my (?:students|pupils)\b",
        rf"{_I_AM}{_TEACHER}\b",
    ),
    (
        "forelder",
        rf"\b{_CHILD}{_MINE}|\b(?:min|mi|mitt|vår|vårt|my|our) {_CHILD}\b|"
        rf"\b(?:sønnens|datterens|barnets)\b|\b{_PARENT} til (?:en|ei|et|ein|eit) "
        rf"(?:gutt|gut|jente|sønn|son|datter|dotter|barn|ungdom)\b",
        rf"{_I_AM}{_PARENT}\b",
    ),
    (
        "venn",
        rf"\b{_FOR} {_A}{_FRIEND}\b",
        rf"\b{_FRIEND}{_MINE}|\b(?:min|mi|my|a) {_FRIEND}\b",
    ),
    (
        "annen",
        rf"\b{_RELATIVE}{_MINE}|\b(?:min|mi|my) {_RELATIVE}\b|"
        rf"\b(?:for|på vegne av|på vegner av) (?:en annen|ein annan|ei anna|noen andre|nokon "
        rf"andre|andre enn meg)\b|\b(?:for|on behalf of) (?:someone|somebody) else\b|"
        rf"\bon behalf of\b|\bpå vegne av\b|\bpå vegner av\b",
        r"(?!)",
    ),
)
_SELF = re.compile(
    r"\b(?:for|gjelder|om) (?:meg selv|meg sjølv|min egen del|min eigen del)\b|\bfor myself\b|"
    r"\b(?:it'?s|its) (?:for|about) me\b",
    re.IGNORECASE,
)
# The message says in so many words that the writer asks for someone else.
_SAYS_SO = re.compile(
    r"\b(?:spør|spørr|spurte|skriver|lurer|henvender meg|tek kontakt|tar kontakt|ask|asking|"
    r"writing|write)\b[^.?!]{0,30}\b(?:for|på vegne av|på vegner av|on behalf of)\b|"
    r"\bpå vegne av\b|\bpå vegner av\b|\bon behalf of\b|\bjeg spør for en annen\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:hei|hallo|hi|hello|jeg|eg|i|og|and|er|am|så|altså|bare|just|ja|egentlig|"
    r"spør|spørr|asking|ask|skriver|writing|lurer|for|om|her|altså)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AskingFor:
    role: str  # a key of ROLES, or SELF
    says_so: bool  # "jeg spør for …": said in so many words
    only_that: bool  # the message says that and asks nothing else


def asking_for(text: str) -> AskingFor | None:
    """Whom the writer asks for, when the message says so; None when it does not."""
    text = text or ""
    if _SELF.search(text):
        return AskingFor(SELF, True, _nothing_else(text, [_SELF]))
    says_so = bool(_SAYS_SO.search(text))
    for role, strong, weak in _PATTERNS:
        if strong.search(text):
            return AskingFor(role, says_so, _nothing_else(text, [strong, weak, _SAYS_SO]))
    if says_so:
        for role, _strong, weak in _PATTERNS:
            if weak.search(text):
                return AskingFor(role, True, _nothing_else(text, [weak, _SAYS_SO]))
    return None


def _nothing_else(text: str, patterns: list[re.Pattern[str]]) -> bool:
    """No question and no need in what is left of the message without the asking-for words."""
    if "?" in text:
        return False
    rest = text
    for pattern in patterns:
        rest = pattern.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    words = re.findall(r"[a-zæøåé]{2,}", rest, re.IGNORECASE)
    return len(words) <= 3 and not infer_tags(rest)
