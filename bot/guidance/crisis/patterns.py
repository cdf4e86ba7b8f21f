"""The pattern families per kind, read from `crisis_data/patterns/*.yml` and compiled once.

The patterns are data: each entry names its kind, the pattern, whether a negation just before
it cancels it, and whether it is English. Files load in name order and entries in file order,
because that order is the order of `matched` in an assessment. A broken file stops the import
with an error that names the file and the entry, so a bad edit never ships silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.guidance.crisis.guards import _CHILD_IF_YOUNG, _DISTRESS_SOURCE
from bot.guidance.crisis.kinds import KINDS, _flexible
from bot.guidance.crisis.words import _WORD_FORMS

PATTERN_DIR = Path(__file__).resolve().parent.parent / "crisis_data" / "patterns"
_PART = re.compile(r"\{([A-Z_]+)\}")
_FIELDS = {"kind", "pattern", "negatable", "english"}
# libyaml's safe loader when present (a safe loader, hence the nosec below): the same data,
# read at import in a fraction of the time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PatternDataError(ValueError):
    """A crisis pattern file that cannot be used; the message names the file and the entry."""


# --- 3. pattern families ---------------------------------------------------------------------

_OBJ = r"(meg|seg|deg|ham|han|henne|hun|oss|dem)"
_PILLS = (
    r"(piller|pillene|pilla|tabletter|tablettene|sovepiller|sovetabletter|paracet|paracetamol|"
    r"ibux|ibuprofen|pinex|medisin|medisiner|medisinene|medisinen|antidepressiva|tabs|"
    r"smertestillende|beroligende|sobril|vival|vallergan|insulin)"
)
_AMOUNT = (
    r"(masse|mange|mye|alle|hele|en haug|haugevis|for mange|for mye|flere|en boks|en eske|"
    r"ei eske|en pakke|et helt|en hel|to brett|tre brett|flere brett|et brett|alt|sinnsykt mange|"
    r"veldig mange|en neve|en håndfull|dobbelt|ti|tjue|20|30|40|50)"
)
_WEAPON = (
    r"(kniv|kniven|kjøkkenkniv|pistol|pistolen|våpen|våpenet|gevær|geværet|skytevåpen|hagle|"
    r"hagla|øks|øksa|balltre|machete|slagvåpen|luftgevær|jaktvåpen\w*|jaktgevær\w*|\w*kølle\w*|"
    r"kniver|knivene|skrutrekker|jernstang|flaske|flasker|knife|gun|pistol|rifle|axe|bat)"
)
_HARM_VERB = (
    r"(truer|truet|true|trua|angriper|angrep|angrepet|stikke|stakk|knivstakk|skyte|skjøt|drepe|"
    r"dreper|skade|skader|slå|slår|slo|viftet|vifter|peker|pekte|sikter|siktet|holder den|"
    r"holdt den|jager|jaget|kommer etter|redd|livredd|fare|farlig)"
)
_PERSON_VICTIM = (
    r"(meg|oss|mamma|pappa|mora mi|moren min|faren min|barna|barnet|lillebror|lillesøster|hun|ho|"
    r"henne|ham|han|søsteren min|broren min|sønnen min|datteren min|kjæresten min|naboen|"
    r"kona|mannen min|kona mi|samboeren min|mamma og meg|oss begge)"
)
_SEVERE_THIRD = (
    r"(kompis\w*|venn\w*|bestevenn\w*|søster\w*|bror\w*|sønn\w*|datter\w*|kjæreste\w*|elev\w*|"
    r"kollega\w*|ansatt\w*|lærling\w*|mamma|pappa|mor|far|moren min|faren min|han|hun|noen)"
)


_PARTS = {
    "OBJ": _OBJ,
    "PILLS": _PILLS,
    "AMOUNT": _AMOUNT,
    "WEAPON": _WEAPON,
    "HARM_VERB": _HARM_VERB,
    "PERSON_VICTIM": _PERSON_VICTIM,
    "SEVERE_THIRD": _SEVERE_THIRD,
}


def _entry(path: Path, index: int, entry: object) -> tuple[str, str, bool, bool]:
    """One checked entry as (kind, pattern, negatable, english), parts filled in."""
    where = f"{path.name}, entry {index + 1}"
    if not isinstance(entry, dict):
        raise PatternDataError(f"{where}: expected a mapping with kind and pattern")
    missing = sorted(_FIELDS - set(entry))
    unknown = sorted(set(entry) - _FIELDS)
    if missing or unknown:
        raise PatternDataError(
            f"{where}: missing {missing or 'nothing'}, unknown {unknown or 'none'}"
        )
    kind, pattern = entry["kind"], entry["pattern"]
    if not isinstance(kind, str) or not set(kind.split("+")) <= set(KINDS):
        raise PatternDataError(f"{where}: unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    if not isinstance(pattern, str) or not pattern:
        raise PatternDataError(f"{where}: the pattern must be a non-empty string")
    for flag in ("negatable", "english"):
        if not isinstance(entry[flag], bool):
            raise PatternDataError(f"{where}: {flag} must be true or false")

    def part(match: re.Match[str]) -> str:
        if match.group(1) not in _PARTS:
            raise PatternDataError(f"{where}: unknown part {{{match.group(1)}}}")
        return _PARTS[match.group(1)]

    pattern = _PART.sub(part, pattern)
    try:
        re.compile(_flexible(pattern))
    except re.error as error:
        raise PatternDataError(f"{where}: bad pattern ({error}): {pattern}") from error
    return kind, pattern, entry["negatable"], entry["english"]


def load_families(directory: Path = PATTERN_DIR) -> list[tuple[str, str, bool, bool]]:
    """Every pattern family, in file-name order and entry order."""
    families: list[tuple[str, str, bool, bool]] = []
    paths = sorted(directory.glob("*.yml"))
    if not paths:
        raise PatternDataError(f"no pattern files in {directory}")
    for path in paths:
        try:
            entries = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506  # nosec B506
        except yaml.YAMLError as error:
            raise PatternDataError(f"{path.name}: not valid YAML ({error})") from error
        if not isinstance(entries, list):
            raise PatternDataError(f"{path.name}: expected a list of entries")
        families += [_entry(path, index, entry) for index, entry in enumerate(entries)]
    return families


_FAMILIES = load_families()

_COMPILED = [
    (kind, re.compile(_flexible(p)), negatable, en, p) for kind, p, negatable, en in _FAMILIES
]
_CHILD_COMPILED = [re.compile(_flexible(p)) for p in _CHILD_IF_YOUNG]


def _pattern_words() -> frozenset[str]:
    sources = [p for _, p, _, _ in _FAMILIES] + list(_CHILD_IF_YOUNG) + [_DISTRESS_SOURCE]
    words: set[str] = set()
    for source in sources:
        for word in re.findall(r"[a-zæøå']+", re.sub(r"\\[a-zA-Z]|\(\?[!=<:]+", " ", source)):
            if len(word) >= 3:
                words.add(word.strip("'"))
    words.update(v for v in _WORD_FORMS.values() if v and " " not in v)
    return frozenset(words)


_VOCABULARY = _pattern_words()
_VOCABULARY_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _word in sorted(_VOCABULARY):
    _VOCABULARY_BY_INITIAL.setdefault(_word[0], ())
    _VOCABULARY_BY_INITIAL[_word[0]] += (_word,)
