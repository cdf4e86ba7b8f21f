"""Norwegian text normalisation for search: case, spelling variants, Nynorsk, stems.

spaCy's Norwegian lemma data is nearly empty, so this uses the Snowball Norwegian
stemmer plus a small, explicit table of Nynorsk and everyday spelling variants.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("norwegian")
_WORD = re.compile(r"[a-z0-9æøåäöü]+")

# Function words that say nothing about a need (Bokmål and Nynorsk).
STOP_WORDS = frozenset(
    """alle at av bare begge ble bli blir blitt da de deg dei dem den denne der dere deres det
    dette di din disse du eg ein eit eller en enn er et ett etter for fra frå før ha hadde han
    har hei hun ho hva hvem hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje inn jeg kan
    kanskje kva kven korleis man med meg men mer min mine mitt mot mye må ned noe noen nå når
    og også om opp oss over på sa seg selv si sin sine sitt skal skulle slik som så til ut
    uten var ved vi vil ville være vært å""".split()
)

# Whole-word Nynorsk (and dialect) forms mapped to Bokmål.
NYNORSK_WORDS = {
    # dialect forms people type ("æ e 19 å har ikkje någe å gjørr", "ka finnes for mæ")
    "æ": "jeg",
    "mæ": "meg",
    "dæ": "deg",
    "sæ": "seg",
    "ka": "hva",
    "e": "er",  # "ka e det", "eg e 27", "e det någe"
    "dokker": "dere",
    "dokk": "dere",
    "någen": "noen",
    "nån": "noen",
    "te": "til",
    "kem": "hvem",
    "någe": "noe",
    "nåkka": "noe",
    "nokka": "noe",
    "gjørr": "gjøre",
    "gjere": "gjøre",
    "itj": "ikke",
    "ittj": "ikke",
    "eg": "jeg",
    "ikkje": "ikke",
    "kva": "hva",
    "kven": "hvem",
    "kvar": "hvor",
    "kvifor": "hvorfor",
    "noko": "noe",
    "nokon": "noen",
    "mykje": "mye",
    "berre": "bare",
    "frå": "fra",
    "ein": "en",
    "eit": "et",
    "ho": "hun",
    "dei": "de",
    "treng": "trenger",
    "får": "får",
    "kjem": "kommer",
    "fekk": "fikk",
    "vere": "være",
    "verksemd": "virksomhet",
    "verksemda": "virksomheten",
    "bedrifta": "bedriften",
    "arbeidsgjevar": "arbeidsgiver",
    "arbeidsgjevarar": "arbeidsgivere",
    "ungdomar": "ungdommer",
    "tilsett": "ansett",
    "tilsette": "ansette",
    "søkje": "søke",
    "hjelpe": "hjelpe",
    "skule": "skole",
    "skulen": "skolen",
    "skular": "skoler",
    "tilskot": "tilskudd",
    "tilskotet": "tilskuddet",
    "lærling": "lærling",
    "lærlingar": "lærlinger",
    "ynskjer": "ønsker",
    "ønskjer": "ønsker",
    "arbeidstrening": "arbeidstrening",
    "heile": "hele",
    "vil": "vil",
    "kan": "kan",
    "meg": "meg",
    "oss": "oss",
    "kor": "hvor",
    "mange": "mange",
    "gjer": "gjør",
    "vidaregåande": "videregående",
    "vidaregåande skule": "videregående skole",
    "sidan": "siden",
    "heime": "hjemme",
    "utdanna": "utdannet",
    "fullførte": "fullførte",
    "slutta": "sluttet",
    "droppa": "droppet",
    "jobbe": "jobbe",
    "arbeidsledig": "arbeidsledig",
    "erfaring": "erfaring",
    "eigen": "egen",
    "også": "også",
    "veit": "vet",
    "korleis": "hvordan",
    # Swedish words that no Norwegian text uses ("Jag är 20 och har hoppat av gymnasiet")
    "jag": "jeg",
    "är": "er",
    "och": "og",
    "inte": "ikke",
    "mig": "meg",
    "dig": "deg",
    "vad": "hva",
    "hur": "hvordan",
    "vilken": "hvilken",
    "vilka": "hvilke",
    "hjälp": "hjelp",
    "finns": "finnes",
    "hoppat": "hoppet",
    "hoppade": "hoppet",
    "gymnasiet": "videregående",
    "gymnasium": "videregående",
    "gymnasieskolan": "videregående",
    "skolan": "skolen",
    "arbete": "arbeid",
    "arbetet": "arbeidet",
    "arbetslös": "arbeidsledig",
    "utbildning": "utdanning",
    "utbildningen": "utdanningen",
    "också": "også",
    "mycket": "mye",
    "någon": "noen",
    "något": "noe",
    "söker": "søker",
    "behöver": "trenger",
    "vill": "vil",
    "anställa": "ansette",
    "anställer": "ansetter",
    "anställd": "ansatt",
    "anställda": "ansatte",
    "unga": "unge",
    "utanför": "utenfor",
    "arbetslivet": "arbeidslivet",
    "arbetsgivare": "arbeidsgiver",
    "företag": "bedrift",
    "företaget": "bedriften",
    "vilket": "hvilket",
    "stöd": "støtte",
    "stödet": "støtten",
    "åkeri": "transportfirma",
    "praktikplats": "praksisplass",
    "lärling": "lærling",
    "lärlingar": "lærlinger",
    "dænn": "den",
    "dæm": "dem",
    # "how" and "nothing" in the dialects of Agder, Trøndelag and the north
    "kossen": "hvordan",
    "kossn": "hvordan",
    "koss": "hvordan",
    "åssen": "hvordan",
    "kordan": "hvordan",
    "ittno": "ingenting",
    "ikkno": "ingenting",
}


def to_bokmal(text: str) -> str:
    """The text with whole-word Nynorsk and dialect forms replaced by Bokmål (lower case)."""
    return " ".join(
        NYNORSK_WORDS.get(word, word) for word in re.findall(r"[\wæøå-]+", text.lower())
    )


# Word-internal Nynorsk forms (compounds): "jobbskulen", "lønnstilskot".
NYNORSK_PARTS = (("skul", "skol"), ("tilskot", "tilskudd"), ("gjevar", "giver"))


def fold(text: str) -> str:
    """Lower-case, NFC, strip accents other than æøå; keep letters, digits and spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    return " ".join(_WORD.findall(text))


def ascii_fold(word: str) -> str:
    """æ→ae, ø→o, å→a, so that 'lonnstilskudd' and 'lønnstilskudd' meet."""
    return (
        word.replace("æ", "ae")
        .replace("ø", "o")
        .replace("å", "a")
        .replace("ä", "ae")
        .replace("ö", "o")
        .replace("aa", "a")
    )


@lru_cache(maxsize=50_000)
def normalize_word(word: str) -> str:
    word = NYNORSK_WORDS.get(word, word)
    for nynorsk, bokmal in NYNORSK_PARTS:
        if nynorsk in word:
            word = word.replace(nynorsk, bokmal)
    # Stemming twice makes inflected forms meet ("veilederen" -> "veileder" -> "veiled").
    return ascii_fold(_STEMMER.stemWord(_STEMMER.stemWord(word)))


def tokens(text: str) -> list[str]:
    """Normalised word stems of a text, in order."""
    return [normalize_word(word) for word in fold(text).split()]


def key(text: str) -> str:
    """One normalised string for a name or phrase."""
    return " ".join(tokens(text))


# Everyday phrasings mapped to the words the reports use; added to a need query.
QUERY_EXPANSIONS = {
    "risiko": "risikabelt",
    "risikoen": "risikabelt",
    "fått jobb": "lønnet arbeid",
    "fikk jobb": "lønnet arbeid",
    "fått seg jobb": "lønnet arbeid",
    "falt ut": "droppet ut frafall",
    "dropper ut": "droppet ut frafall",
    "slutta på skolen": "droppet ut frafall",
    "lære opp": "opplæring kvalifisere",
    "lære jobben": "opplæring arbeidsplass",
    "ansette": "rekruttere ansettelse",
    "tilsette": "rekruttere ansettelse",
    "ta inn": "rekruttere",
    "verksted": "industribedrift bedrift",
    "fabrikk": "industribedrift bedrift",
    "sykehjem": "omsorgssenter helsefag",
    "eldre": "omsorgssenter helsefag",
    "sliter psykisk": "psykisk helse",
    "depresjon": "psykisk helse",
    "angst": "psykisk helse",
    "norsken": "språk språktrening",
    "norsk": "språk språktrening",
    "penger": "økonomi tilskudd",
    "sosialhjelp": "økonomisk sosialhjelp stønad",
    # Only a public employer must announce a post: hiring without it is the municipality's
    # (kvalifikasjonsprinsippet, the agreement with Nav on temporary posts)
    "uten å lyse ut": "utlysning offentlig utlysning kommune",
    "uten å lyse ut stillingen": "utlysning offentlig utlysning kommune",
    "uten utlysning": "utlysning offentlig utlysning kommune",
    "uten å annonsere": "utlysning offentlig utlysning kommune",
    "uten annonsering": "utlysning offentlig utlysning kommune",
    "lyses ut": "utlysning offentlig utlysning",
    "lyse ut": "utlysning offentlig utlysning",
    "fastansette": "faste stillinger direkte ansettelse",
    "ansette fast": "faste stillinger direkte ansettelse",
    "ansette henne fast": "faste stillinger direkte ansettelse",
    "ansette ham fast": "faste stillinger direkte ansettelse",
    "fast stilling": "faste stillinger direkte ansettelse",
    "vikariat": "midlertidige stillinger",
    "i sommer": "midlertidige stillinger",
    "noen måneder": "midlertidige stillinger",
    "enhetsleder": "kommunal enhet kommune",
    # thinking of leaving school, and the adult at school to talk to (ungdomsveileder)
    "vurderer å slutte": "frafall droppet ut",
    "tenker på å slutte": "frafall droppet ut",
    "lyst til å slutte": "frafall droppet ut",
    "noen på skolen": "trygg voksen på skolen ungdomsveileder",
    "en voksen på skolen": "trygg voksen på skolen ungdomsveileder",
    "master": "høyere utdanning",
    "mastergrad": "høyere utdanning",
    "bachelor": "høyere utdanning",
    "bachelorgrad": "høyere utdanning",
    "universitet": "høyere utdanning",
    "universitetet": "høyere utdanning",
    "ingeniør": "høyere utdanning",
    "sivilingeniør": "høyere utdanning",
    "siviløkonom": "høyere utdanning",
    "lege": "høyere utdanning",
}


# A particle verb whose first word alone means something else: "bygge om kassa" is
# rebuilding (tilrettelegging), not the building trade that "bygg" names in the reports.
_PARTICLE_VERBS = [
    (re.compile(r"\b(bygg(e|a|er|es)|bygde|bygd|bygget|bygga) om\b", re.IGNORECASE), "ombygging"),
]


def expand_query(text: str) -> str:
    """The query plus report vocabulary for the everyday phrasings it contains."""
    for pattern, replacement in _PARTICLE_VERBS:
        text = pattern.sub(replacement, text)
    folded = f" {fold(text)} "
    extra = [words for phrase, words in QUERY_EXPANSIONS.items() if f" {phrase} " in folded]
    return " ".join([text, *extra])
