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
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract, extractOne

from knowledge.wordlists import is_known_word

DANGER = "danger"
DISTRESS = "distress"
NONE = "none"

SUICIDE = "suicide"
SELFHARM = "selfharm"
MEDICAL = "medical"
VIOLENCE = "violence"
CHILD = "child"
FIRE = "fire"
KINDS = (SUICIDE, SELFHARM, MEDICAL, VIOLENCE, CHILD, FIRE)

SELF = "self"
THIRD = "third"
EMPLOYER = "employer"


@dataclasses.dataclass(frozen=True)
class CrisisAssessment:
    level: str = NONE
    kinds: frozenset[str] = frozenset()
    who: str = SELF
    young: bool = False
    english: bool = False
    matched: tuple[str, ...] = ()

    @property
    def is_crisis(self) -> bool:
        return self.level == DANGER


def _flexible(pattern: str) -> str:
    """Patterns are written with single spaces; optional groups may leave two or none."""
    return pattern.replace(" *", " ").replace(" ?", " ").replace(" ", r"\s*")


# --- 1. normalisation ------------------------------------------------------------------------

# Nynorsk, dialect, slang and frequent misspellings of the short function words the patterns
# rest on. Long content words are corrected by fuzzy matching below instead.
_WORD_FORMS: dict[str, str] = {
    # I
    "eg": "jeg",
    "æ": "jeg",
    "e": "jeg",
    "je": "jeg",
    "jæ": "jeg",
    "jæi": "jeg",
    "jg": "jeg",
    "jei": "jeg",
    "jej": "jeg",
    "ej": "jeg",
    "ejg": "jeg",
    # not
    "ikkje": "ikke",
    "ikkj": "ikke",
    "ikk": "ikke",
    "ikek": "ikke",
    "ike": "ikke",
    "ikkee": "ikke",
    "ikkke": "ikke",
    "iikke": "ikke",
    "itte": "ikke",
    "ittj": "ikke",
    "itj": "ikke",
    "kje": "ikke",
    "ente": "ikke",
    "inte": "ikke",
    "ik": "ikke",
    "ke": "ikke",
    # me, self
    "mæ": "meg",
    "mæg": "meg",
    "mei": "meg",
    "mg": "meg",
    "sæ": "seg",
    "sej": "seg",
    "dæ": "deg",
    "sjølv": "selv",
    "sjøl": "selv",
    "sjæl": "selv",
    "sjølve": "selv",
    "sjæv": "selv",
    "sjøv": "selv",
    "sel": "selv",
    "selvv": "selv",
    # verbs
    "døy": "dø",
    "døyr": "dør",
    "daue": "dø",
    "dævve": "dø",
    "dau": "død",
    "leva": "leve",
    "lev": "leve",
    "levee": "leve",
    "lve": "leve",
    "leeve": "leve",
    "orkar": "orker",
    "orke": "orker",
    "orka": "orker",
    "oker": "orker",
    "orekr": "orker",
    "orkr": "orker",
    "gidd": "gidder",
    "drepa": "drepe",
    "dræpe": "drepe",
    "drebe": "drepe",
    "dreba": "drepe",
    "dreppe": "drepe",
    "skada": "skade",
    "skadar": "skader",
    "skjera": "skjære",
    "skjer": "skjære",
    "kutta": "kuttet",
    "trugar": "truer",
    "truar": "truer",
    "trua": "truet",
    "truga": "truet",
    "truge": "true",
    "slær": "slår",
    "bankar": "banker",
    "fekk": "fikk",
    "teke": "tatt",
    "tek": "tar",
    "kjem": "kommer",
    "kjæm": "kommer",
    "vill": "vil",
    "vi'l": "vil",
    "ha'kke": "har ikke",
    "harke": "har ikke",
    "vilke": "vil ikke",
    "villke": "vil ikke",
    "orkeke": "orker ikke",
    # other function words
    "meir": "mer",
    "mere": "mer",
    "meire": "mer",
    "lengre": "lenger",
    "lengar": "lenger",
    "berre": "bare",
    "bære": "bare",
    "bærre": "bare",
    "bahre": "bare",
    "inkje": "ingenting",
    "noko": "noe",
    "noenting": "noe",
    "nokon": "noen",
    "nåkon": "noen",
    "kva": "hva",
    "ka": "hva",
    "heime": "hjemme",
    "hjæmme": "hjemme",
    "heilt": "helt",
    "kvar": "hver",
    "kor": "hvor",
    "ho": "hun",
    "honn": "hun",
    "hu": "hun",
    "mi": "min",
    "mitte": "mitt",
    "livett": "livet",
    "livt": "livet",
    "live't": "livet",
    "kamerat": "kompis",
    "kameraten": "kompisen",
    "kompisn": "kompisen",
    "venen": "vennen",
    "venninna": "venninnen",
    "veninna": "venninnen",
    "systera": "søsteren",
    "søstera": "søsteren",
    "søstra": "søsteren",
    "syster": "søster",
    "bror'n": "broren",
    "brorn": "broren",
    "ungen": "barnet",
    "ongen": "barnet",
    "unga": "barna",
    "dotter": "datter",
    "dottera": "datteren",
    "dattera": "datteren",
    "sonen": "sønnen",
    "tilsett": "ansatt",
    "tilsette": "ansatte",
    "medarbeidar": "medarbeider",
    "kollegaen": "kollega",
    "pilla": "pillene",
    "pillane": "pillene",
    "tablettane": "tablettene",
    "tablettar": "tabletter",
    "pillar": "piller",
    "medisinane": "medisinene",
    "dokker": "dere",
    "dokk": "dere",
    "nåkka": "noe",
    "nokka": "noe",
    "nånn": "noen",
    "nån": "noen",
    "ittno": "ingenting",
    "ingenteng": "ingenting",
    "ingentin": "ingenting",
    # more Nynorsk and dialect
    "ska": "skal",
    "sku": "skulle",
    "sei": "sier",
    "seie": "si",
    "ynskjer": "ønsker",
    "ynskje": "ønske",
    "ønskjer": "ønsker",
    "betre": "bedre",
    "utan": "uten",
    "frå": "fra",
    "ifrå": "fra",
    "utanfor": "utenfor",
    "ein": "en",
    "eit": "et",
    "flammar": "flammer",
    "ryk": "røyk",
    "røyken": "røyk",
    "brenn": "brenner",
    "brenne": "brenner",
    "brenng": "brenner",
    "bløe": "blør",
    "blø": "blør",
    "hau": "hodet",
    "hauet": "hodet",
    "pustar": "puster",
    "svare": "svarer",
    "svara": "svarer",
    "ligge": "ligger",
    "golvet": "gulvet",
    "kuta": "kuttet",
    "cutta": "kuttet",
    "cutter": "kutter",
    "cuttet": "kuttet",
    "cutte": "kutte",
    "jumpa": "angrepet",
    "jumpet": "angrepet",
    "avskilsbrev": "avskjedsbrev",
    "avskjedsbrevet": "avskjedsbrev",
    "vl": "vil",
    "vi'": "vil",
    "skadde": "skadet",
    "skadd": "skadet",
    "veslebror": "lillebror",
    "veslesyster": "lillesøster",
    "vesle": "lille",
    "ete": "spist",
    "åt": "spiste",
    "kompis'n": "kompisen",
    "typen": "kjæresten",
    "dama": "kjæresten",
    "tbh": "",
    "ass": "",
    "assa": "",
    "liksom": "",
    "gjera": "gjøre",
    "gjer": "gjør",
    "sakne": "savne",
    "saknar": "savner",
    "tå": "ta",
    "pustær": "puster",
    "gjere": "gjøre",
    "gjev": "gir",
    "gjeve": "gi",
    "saman": "sammen",
    "heile": "hele",
    "samla": "samlet",
    "halde": "holde",
    "hovudet": "hodet",
    "kastar": "kaster",
    "ligg": "ligger",
    "heim": "hjem",
    "heimen": "hjemmet",
    "ryke": "røyk",
    "lukte": "lukter",
    "seier": "sier",
    "fortalde": "fortalte",
    "vart": "ble",
    "dei": "de",
    "hennar": "hennes",
    "andletet": "ansiktet",
    "skule": "skole",
    "skulen": "skolen",
    "skuleplassen": "skoleplassen",
    "sia": "siden",
    "kaste": "kaster",
    "valdteken": "voldtatt",
    "valdtatt": "voldtatt",
    "valdtekt": "voldtekt",
    "drukke": "drukket",
    "sitte": "sitter",
    "las": "leste",
    "katta": "katten",
    "sidan": "siden",
    "veker": "uker",
    "skore": "skåret",
    "skori": "skåret",
    "sluttar": "slutter",
    "søpla": "søppelet",
    "tabletta": "tabletter",
    "heil": "hel",
    # English contractions and slang
    "im": "i'm",
    "dont": "don't",
    "doesnt": "doesn't",
    "cant": "can't",
    "wont": "won't",
    "ive": "i've",
    "wanna": "want to",
    "gonna": "going to",
    "u": "you",
    "ur": "your",
}

# Filler adverbs that Norwegian and English put between a modal and its verb ("vil egentlig
# ikke leve", "i just really want to die"): dropped before the patterns run.
_FILLERS = frozenset(
    {
        "egentlig",
        "bare",
        "virkelig",
        "faktisk",
        "liksom",
        "lissom",
        "altså",
        "jo",
        "nok",
        "vel",
        "heller",
        "helt",
        "skikkelig",
        "ordentlig",
        "veldig",
        "ganske",
        "nesten",
        "rett",
        "slett",
        "ærlig",
        "talt",
        "seriøst",
        "sikkert",
        "kanskje",
        "visst",
        "just",
        "really",
        "actually",
        "even",
        "literally",
        "kinda",
        "honestly",
        "seriously",
        "totally",
        "basically",
        "probably",
        "still",
        "so",
    }
)

# Long key words whose misspellings are corrected (OSA distance ≤ 1; ≤ 2 from 9 letters).
_KEYWORDS = (
    "selvmord",
    "selvmordstanker",
    "selvmordstanke",
    "selvmordsforsøk",
    "selvskading",
    "selvskader",
    "selvskade",
    "avslutte",
    "overdose",
    "overdosert",
    "tabletter",
    "tablettene",
    "sovepiller",
    "bevisstløs",
    "voldtatt",
    "voldtekt",
    "knivstikke",
    "knivstukket",
    "avskjedsbrev",
    "forsvinne",
    "meningsløst",
    "håpløst",
    "mishandler",
    "mishandlet",
    "forgiftet",
    "brannalarmen",
    "suicidal",
    "suicide",
    "overdosed",
    "unconscious",
    "breathing",
    "myself",
    "herself",
    "himself",
)
_KEYWORD_SET = frozenset(_KEYWORDS)
# Real words one edit away from a key word: never "corrected" into it.
_NEAR_MISSES = frozenset(
    {
        "forsvinner",
        "forsvant",
        "avsluttet",
        "avsluttes",
        "avsluttende",
        "avslutta",
        "overdosen",
        "tabletten",
        "selvskader",
        "voldtak",
        "forgifte",
        "breathe",
        "myselfs",
    }
)

_TOKEN = re.compile(r"[a-zæøåäöüéè0-9']+|[.!?;:\n]+|,")
_CLAUSE_BREAKS = re.compile(r"[.!?;:\n]+")


_NYNORSK_ENDINGS = (("ane", "ene"), ("ar", "er"), ("a", "et"), ("kje", "ke"), ("kjer", "ker"))


def _is_known_word(token: str) -> bool:
    """A word of ordinary Norwegian or English (wordfreq's lists): never "corrected"."""
    return is_known_word(token)


@lru_cache(maxsize=8192)
def _correct(token: str) -> str:
    mapped = _WORD_FORMS.get(token)
    if mapped is not None:
        return mapped
    if len(token) < 3 or token.isdigit() or token in _VOCABULARY or token in _NEAR_MISSES:
        return token
    if len(token) >= 6 and token not in _KEYWORD_SET:
        best = extractOne(
            token, _KEYWORDS, scorer=OSA.distance, score_cutoff=2 if len(token) >= 9 else 1
        )
        if best is not None:
            return best[0]
    # Nynorsk endings the Bokmål patterns know in another form: "tablettar" → "tabletter".
    for ending, bokmal in _NYNORSK_ENDINGS:
        if token.endswith(ending) and token[: -len(ending)] + bokmal in _VOCABULARY:
            return token[: -len(ending)] + bokmal
    if _is_known_word(token):
        return token
    # An unknown word one edit from a word the patterns use: "tenkr", "slr", "prøvr".
    candidates = _VOCABULARY_BY_INITIAL.get(token[0], ())
    cutoff = 2 if len(token) >= 8 else 1
    found = extract(token, candidates, scorer=OSA.distance, score_cutoff=cutoff, limit=8)
    found = [(word, score) for word, score, _ in found if abs(len(word) - len(token)) <= 1]
    if not found:
        return token
    nearest = min(score for _, score in found)
    closest = [word for word, score in found if score == nearest]
    # Fast typing drops letters: prefer a word the token is a subsequence of ("prøvr" → "prøver").
    for word in closest:
        letters = iter(word)
        if all(char in letters for char in token):
            return word
    return closest[0]


def normalise(text: str) -> str:
    """Lower-cased Bokmål-ish text, one space between tokens, " . " between clauses."""
    text = unicodedata.normalize("NFC", text or "").lower()
    text = text.replace("’", "'").replace("`", "'").replace("´", "'")
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)  # "dææææ" → "dææ", "neeei" → "neei"
    text = re.sub(
        r"\b(\d{1,2})\.\s*-?(klasse|trinn|grade|klassing)", r"\1 \2", text
    )  # "10. klasse"
    out: list[str] = []
    for piece in _TOKEN.findall(text):
        if _CLAUSE_BREAKS.fullmatch(piece):
            if out and out[-1] != ".":
                out.append(".")
        elif piece == ",":
            out.append(",")
        else:
            corrected = _correct(piece.strip("'"))
            if corrected and corrected not in _FILLERS:
                out.append(corrected)
    return " ".join(out)


# --- 2. guards: figurative and everyday uses -------------------------------------------------

_GUARDS = [
    r"\b(dø|dør|døde|døyr) av (kjedsomhet|latter|nysgjerrighet|sult|skam|kjedsomheit|spenning)",
    r"\b(kjede[rt]?|ler|le|jobbe[rt]?|sulte[rt]?|fryse[rt]?|stresse[rt]?|mase[rt]?|trene[rt]?) (meg|seg|oss) i ?hjel",
    r"\bdø(ds|d)?(kjedelig|lei|sliten|trøtt|sulten|stress|lett)\w*",
    r"\bdrepende (kjedelig|lei|sliten|trøtt)",
    r"\bdrepe tiden",
    r"\bskyte (ned|inn|opp|fart|i været)\b",
    r"\bkutte[rt]? (i|ned|ut|ned på|på|kostnader|budsjett\w*|timer|stillinger|ansatte|utgifter)\b",
    r"\bkutte[rt]? (meg|seg) (ut|ned|vekk|bort|løs)\b",
    r"\bta (livet|tilværelsen) (med ro|litt (mer )?(med ro|seriøst)|mer seriøst|seriøst|tilbake|i egne hender)",
    r"\bta (imot|inn|i mot) (lærling\w*|folk|praktikant\w*|elev\w*|ungdom\w*|ansatte)",
    r"\b(det|som|tanken|plutselig) slår meg\b",
    r"\bslå (av|på|opp|sammen|fast|seg ned|seg til ro|til)\b",
    r"\bslått (sammen|på|opp|fast)\b",
    r"\b(slo|slår|banke[rt]?) (meg|oss|ham|han|henne) i (sjakk|fotball|fifa|spill|tennis|poker|kortspill|padel)",
    r"\bbanke[rt]? på (døra|døren|dør)",
    r"\bvold(s)?(forebygg|utøver|offer|alarm)\w*",
    r"\b(forebygg\w*|forebygge) (selvmord\w*|vold\w*)",
    r"\bselvmordsforebygg\w*",
    r"\b(brenner|brant|brenne) for\b",
    r"\bbrann i blodet",
    r"\bbrann(mann|menn|vesen\w*|konstabel\w*|vern\w*|øvelse\w*|sikkerhet\w*|forebygg\w*|kurs\w*|alarmøvelse\w*|slukk\w*|stasjon\w*|bil\w*)\b",
    r"\b(fyrt av|fyre av|fyrte av)\b",
    r"\boverdose (av|med) (informasjon|info|kaffe|koffein|sukker|jobb|møter|skjema\w*|e-?post\w*|meldinger|inntrykk|netflix|gaming|tiktok)",
    r"\b(kill|killing) (time|it)\b",
    r"\b(dying|die|dies) (to|for|of (boredom|laughter|embarrassment))\b",
    r"\bto die for\b",
    r"\bkiller\b",
    r"\b(is|are|was) killing me\b(?! (with|,? ?i)? ?(a )?(knife|gun))",
    r"\b(mamma|pappa|mora mi|faren min|moren min|sjefen|sjefen min|læreren|treneren|mum|mom|dad|boss|teacher) (kommer til å |skal |vil )?(drepe|dreper|kill|kills|will kill) (meg|me) (hvis|om|if|når|when)\b",
    r"\bnå dreper (du|dere) meg\b",
    r"\b(drepte|drept|skjøt|skutt|drepe) (ham|han|henne|meg|dem|de|noen|alle)? ?i (fortnite|spillet|cs|minecraft|gta|fifa|call of duty|cod|valorant)",
    r"\bskutt (på|i) (mål|fotball)",
    r"\b(ble|blir|har blitt|er blitt) slått ut\b",
    r"\b(truet|truer|true) med (sparken|oppsigelse|bot|gebyr|inkasso|advokat|streik)",
    r"\bsparket (fra|ut|på grunn)",
    r"\b(skadet|skada|skader) (meg|seg) (i|på) (kneet|foten|ryggen|skulderen|armen på trening|trening|fotball|jobb)",
    r"\b(skar|kuttet|kutta|skjærer) (meg|seg) (i fingeren|på (en |et )?(kniv|papir|glass|boks))",
    r"\bpå liv og død\b",
    r"\bover my dead body\b",
    r"\bdead (tired|serious|end)\b",
    r"\bon fire (today|lately|this week)\b",
    r"\bi'?m on fire\b",
    r"\bfire (år|dager|uker|måneder|timer|ganger|barn|ansatte|kvelder|lærlinger|stillinger|personer|elever)\b",
    r"\b(er|var) (helt )?(dau|død) (lei|sliten|trøtt)",
]
_GUARDS += [
    r"\b(eksamen\w*|skole\w*|jobben|matte\w*|lekser\w*|nav|sjefen|dette|det|prøve\w*|kurset|venting\w*|trening\w*|this|school|work|exams?) (tar livet av|dreper|kills?|is killing) (meg|me)\b",
    r"\bleve (på|av|med) (\w+ ){0,3}(penger|lønn|stønad\w*|sosialhjelp|kroner|kr|studielån|dagpenger|aap)\b",
    r"\blivet (som|på) \w+",
    r"\bta (livet|livet mitt|mitt liv|tilværelsen) (\w+ )?(tilbake|i egne hender|med ro|seriøst)",
    r"\b(leste|lest|lese|hørte|hørt|så|read|saw|heard) (om|about) (\w+ ){0,2}\w+",
    r"\b(work|working|jobber|jobbe|jobbet|arbeider|studerer|studere|utdanne meg) (med|with|in|i|innen) (\w+ ){0,2}(vold\w*|violence|rus\w*|brann\w*|overdos\w*|selvmord\w*|suicide|cases|saker|beredskap|ambulanse\w*|sykepleie\w*|legevakt\w*)",
    r"\bavskjedsbrev\w* (\w+ ){0,3}(kolleg\w*|jobb\w*|sjef\w*|arbeidsgiver\w*|slutter|oppsigelse\w*|arbeidsplass\w*)",
    r"\boverdose of (information|info|coffee|caffeine|sugar|work|meetings|emails|forms)",
    r"\b(slo|slått) meg (litt|bare litt)\b",
    r"\b(står|er|stå|være|is|are) i (stor )?(fare|faresonen) for (å|at)\b|\bat risk of\b",
]
_GUARDS += [
    r"\b(skyter|skyte|skjøt|shoot|shot) (meg|seg|myself|himself|herself) (selv )?i foten\b|\bshoot (myself|yourself) in the foot\b",
    r"\b(drepe|dreper|drep|slå meg i hjel|slår meg i hjel|kill|kills|murder) (meg|me) (hvis|om|if|når|when) (jeg|eg|i) (ikke |don't |dont )?(stryk\w*|får|kommer for sent|taper|glemmer|mister|blir|fail\w*|get|lose|forget|miss)\b",
    r"\b(drepe|dreper|slå|slår|knuse|knuser|kill|beat|destroy) (\w+ ){0,3}i (yatzy|sjakk|monopol|kort\w*|fifa|spill\w*|uno|ludo|poker|fotball|tennis|padel|bowling|quiz)\b",
    r"\b(gonna|going to|will|skal|vil) (kill|drepe|murder) (my|min|mitt|mi) (brother|sister|mom|mum|dad|boss|friend|teacher|bror|søster|mamma|pappa|sjef|kompis|lærer)\b(?=.*\b(lol|haha|ate|spiste|took|tok|again|igjen)\b)",
    r"\bkill (it|time|the vibe|the mood)\b",
]
_GUARDS += [
    r"\b(\w+(en|et|a|ene)|eksamen|skole\w*|jobb\w*|matte|nav|dette|det)( min| mi| mitt)? (tar livet av|dreper) meg\b",
    r"\b(skar|kuttet|kutta|kutter|skjærer|cut) (meg|seg|myself) (litt )?(i|på) (fingeren|tommelen|hånda|hånden|finger|my finger)",
    r"\b(las|leste|lest) i \w+ om\b",
]
_GUARDS += [
    r"\b(get|getting|put|turn) my life (together|back|on track|in order|around)\b|\bstart (over|again|fresh)\b",
    r"\b(få|fått) (skikk|orden|styr) på (livet|meg selv)\b|\b(ny start|starte på nytt|begynne på nytt|starte livet på nytt)\b",
]
_GUARDS += [
    r"\b(er|helt|totally|completely|så) (\w+ )?on fire\b",
    r"\b(dø|dør|die|døy) (hvis|om|if) (jeg|i|eg) (må|skal|have to|must|got to|har)\b",
    r"\b(ikke|ikkje) så (gale|ille|dårlig|galt) at (jeg|eg) (\w+ ){0,2}(dø|døy|leve|skade meg)\b",
    r"\brøyk (\w+ )?(fra|frå) (naboens |en |ein )?(grill\w*|peis\w*|bål\w*|pipa|pipe|røykmaskin\w*)",
    r"\b(losing my mind|going crazy|blir gal|går fra vettet)\b",
    r"\bsmoke (\w+ ){0,2}from (the |a |our |my )?(neighbour'?s |neighbor'?s )?(barbecue|bbq|grill|chimney|fireplace|bonfire)\b",
]
_GUARD_RE = re.compile("|".join(f"(?:{_flexible(g)})" for g in _GUARDS))


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

# (kind, pattern, negatable, english)
_FAMILIES: list[tuple[str, str, bool, bool]] = [
    # --- suicide: words, wishes, plans, means --------------------------------------------
    (SUICIDE, r"\bselvmord\w*", True, False),
    (SUICIDE, r"\bsuicid\w*", True, False),
    (SUICIDE, r"\bsjølvmord\w*", True, False),
    (
        SUICIDE,
        r"\btar? (livet|sitt (eget )?liv|mitt (eget )?liv|livet sitt|livet mitt)( av (meg|seg))?\b",
        True,
        False,
    ),
    (SUICIDE, r"\b(tok|tatt) livet (av )?(sitt|seg|meg)\b", False, False),
    (SUICIDE, r"\b(drepe|dreper|drep) (meg|seg|deg) selv\b", True, False),
    (
        SUICIDE,
        r"\b(avslutte|ende|gjøre slutt på|gjøre ende på|slutte) (livet|mitt liv|sitt liv|det hele|alt sammen)\b",
        True,
        False,
    ),
    (
        SUICIDE,
        r"\b(vil|ønsker (å )?|har lyst (til )?(å )?|lyst (til )?(å )?|kommer til å|skal bare|bare vil|vil bare|kan like (gjerne|godt)|fortjener å|burde bare|vil helst|helst vil|tenker på å|tenkt på å|planlegger å) dø\b",
        True,
        False,
    ),
    (
        SUICIDE,
        r"\b(håper|skulle ønske|ønsker) (at )?(jeg|han|hun) (var død|var døde|døde|dør|ikke våkner|ikke våkna|aldri våkner|ikke fantes|aldri ble født|aldri var født|slapp å våkne)",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(vil|ønsker å|orker|gidder|klarer|har lyst (til )?(å )?|lyst (til )?(å )?|ser) ikke (å )?(leve|å leve|være her|være til|eksistere|fortsette å leve|våkne( opp)?( i morgen)?)\b(?! (i|på|hos|her i) (byen|kristiansand|norge|skolen|klassen|jobben|landet))",
        False,
        False,
    ),
    (SUICIDE, r"\bikke (lenger |mer )?lyst (til |på )?(å )?leve", False, False),
    (
        SUICIDE,
        r"\b(orker|klarer|gidder) ikke (livet|dette livet|mer av livet|å være meg|leve)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ingen|ikke noen|ikke noe|ingenting|ingen ting|ikke) (grunn|vits|mening|poeng|håp)? ?(til å|å|med å|i å) leve\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ingenting|ikke noe|ikke noen ting|ingen ting) (igjen )?(å|til å) leve for\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ikke|ingenting|ingen|ikke noe|har ikke noe) (igjen )?å leve for\b",
        False,
        False,
    ),
    (SUICIDE, r"\b(ikke|ingen|ingenting|aldri)( \w+){0,3} (å|til å) leve for\b", False, False),
    (SUICIDE, r"\blivet (er|føles|virker) (ikke|ikkje) (verdt|verd)", False, False),
    (SUICIDE, r"\bikke verdt å leve", False, False),
    (SUICIDE, r"\b(livet|alt) (er|føles) (helt )?meningsløst\b(?! (å|med|når))", False, False),
    (
        SUICIDE,
        r"\b(bedre|best|lettere) (for alle )?(uten meg|om jeg (var død|var borte|ikke fantes|ikke var her|forsvant|ikke levde|døde)|hvis jeg (var død|var borte|ikke fantes|ikke var her|forsvant|ikke levde|døde))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ingen|ingen som) (vil|ville|kommer til å) (savne|merke|merket|bry seg om) (meg|det)",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bingen (bryr seg|vil bry seg|ville brydd seg|ville merket) (om|hvis|når) (jeg|han|hun) (dør|døde|er borte|var borte|forsvant|forsvinner|ikke er her)",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ser|finner) (ingen|ikke noen|ikke en|ikke noe) (annen )?(utvei|vei ut|løsning på livet)",
        False,
        False,
    ),
    (SUICIDE, r"\bingen utvei\b", False, False),
    (
        SUICIDE,
        r"\b(vil|ønsker å|skal|må) (bare )?forsvinne\b(?! (fra|til|herfra|hjemmefra|ut|inn|på|i|en|noen|litt|et|ei))",
        False,
        False,
    ),
    (SUICIDE, r"\bforsvinne for (godt|alltid)\b", False, False),
    (SUICIDE, r"\bavskjedsbrev\w*", False, False),
    (
        SUICIDE,
        r"\b(skrevet|skrev|skriver|skrive) (et |en )?(brev|melding|lapp) (til (alle|familien|mamma|pappa|foreldrene|oss|deg|meg))? ?(i tilfelle|hvis|om|før|til når) (jeg|han|hun) (ikke er|er borte|ikke lenger|dør|forsvinner|ikke finnes)",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ikke er|ikke være|ikke lenger er|ikke finnes) her (i morgen|lenger|mer|neste uke)",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(sagt|sa|si|sier|sendt|sendte) (ha det|farvel|hadet)( for (alltid|siste gang))? til (alle|familien|meg|oss|vennene)\b(?! (på|i) (jobben|jobb|skolen|klassen|kurset|laget))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(gitt|gir|ga) bort (alle |alt |tingene|tinga|sakene|eiendelene|katten|hunden)",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(samlet|samler|spart|sparer|har samlet|hamstret|hamstrer|lagt til side) (på )?(opp )?"
        + _PILLS,
        False,
        False,
    ),
    (SUICIDE, r"\bhar (en|ei) plan (for|om) (å )?(dø|ta livet|avslutte|gjøre det)", False, False),
    (
        SUICIDE,
        r"\b(hoppe|hopper|kaste meg|kaste seg|kaster meg|kaster seg) (foran|fra|ut fra|ned fra|ut av|ut i|av|i|utfor) (toget|et tog|tog|bussen|en bil|bilen|trikken|brua|broa|brua|bruen|bygget|taket|vinduet|balkongen|kanten|fjellet|stupet|havet|elva|elven|sjøen|vannet)",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(står|sitter) (på|ved) (brua|broa|bruen|taket|kanten|stupet|toglinja|skinnene|perrongen)\b",
        False,
        False,
    ),
    (SUICIDE, r"\b(henge|henger|hengte) (meg|seg)\b", False, False),
    (SUICIDE, r"\b(legge|legger) (meg|seg) på (skinnene|toglinja|veien)", False, False),
    (SUICIDE, r"\btau (rundt|om) (halsen|nakken)", False, False),
    (SUICIDE, r"\bgjøre (noe )?dumt (mot|med) (meg|seg) selv\b", False, False),
    (
        SUICIDE,
        r"\b(redd|er redd) (for at )?(jeg|han|hun) (gjør|skal gjøre|kommer til å gjøre) noe dumt\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(orker|klarer|greier) ikke (mer|lenger)\b(?= *($|\.|,? ?(nå|altså|assa|i det hele tatt|av (noe|alt|livet|noenting)|jeg|og jeg|vil|alt|ingenting|med livet|med noe|i det hele|heller)\b))",
        False,
        False,
    ),
    (SUICIDE, r"\b(ikke|ingen|ikkje) krefter (igjen|att|lenger|mer)\b", False, False),
    (SUICIDE, r"\b(gi|gir|ga) opp (livet|meg selv)\b", False, False),
    (SUICIDE, r"\b(vil|kommer til å) gi opp alt\b(?= *($|\.))", False, False),
    (
        SUICIDE,
        r"\b(vil|ønsker|skulle ønske) (bare )?at (alt|det|livet) (skal )?(ta slutt|tar slutt|var over|være over|er over|slutter)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bingen vits (i|med) (noe|noe som helst|livet|å leve|noenting)( lenger)?\b(?= *($|\.|,))",
        False,
        False,
    ),
    (SUICIDE, r"\b(kms|unalive|sewerslide|kys meg)\b", False, False),
    (
        SUICIDE,
        r"\b(hun|han|kompisen min|venninnen min|søsteren min|broren min) (sier|skriver|sa|skrev|har sagt) (at )?(hun|han) (skal|vil|kommer til å) gjøre det\b",
        False,
        False,
    ),
    # English
    (
        SUICIDE,
        r"\bkill(ing|ed)? (myself|himself|herself|themselves|themself|my ?self)\b",
        True,
        True,
    ),
    (
        SUICIDE,
        r"\b(want|wants|wanted|going|plan|plans|planning|thinking about|think about|thought about|about|trying|tried|try) to (die|end it|end it all|end (my|his|her|their) life|take (my|his|her|their) (own )?life|not be here|disappear forever)\b",
        True,
        True,
    ),
    (SUICIDE, r"\bend (it all|my life|his life|her life|everything)\b", True, True),
    (
        SUICIDE,
        r"\b(don't|do not|doesn't|does not|no longer) want to (live|be alive|be here|exist|wake up|go on)\b",
        False,
        True,
    ),
    (SUICIDE, r"\bbetter off (dead|without me|without him|without her)\b", False, True),
    (
        SUICIDE,
        r"\b(no|any) (reason|point) (to|in) (live|living|going on|being alive)\b",
        False,
        True,
    ),
    (SUICIDE, r"\bnothing (left )?to live for\b", False, True),
    (
        SUICIDE,
        r"\bwish(es|ed)? (i|he|she|they) (was|were) (dead|never born|not alive)\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\b(suicide note|goodbye letter|said goodbye to everyone|saying goodbye to everyone)\b",
        False,
        True,
    ),
    (SUICIDE, r"\bcan't (go on|take it anymore|do this anymore|keep living)\b", False, True),
    (
        SUICIDE,
        r"\b(gave|giving|give) away (all )?(my|his|her) (stuff|things|belongings)\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\b(jump|jumping) (off|in front of) (a|the) (bridge|train|building|roof)\b",
        False,
        True,
    ),
    (SUICIDE, r"\b(hang|hanging) (myself|himself|herself)\b", False, True),
    (SUICIDE, r"\b(life is|life's) (not worth|pointless|meaningless)\b", False, True),
    # --- self-harm ----------------------------------------------------------------------
    (SELFHARM, r"\bselvskad\w*", True, False),
    (SELFHARM, r"\bsjølvskad\w*", True, False),
    (SELFHARM, r"\b(skade|skader|skadet|skada|skader) (meg|seg|deg) selv\b", True, False),
    (
        SELFHARM,
        r"\b(vil|lyst (til )?(å )?|kommer til å|skal|redd for at jeg skal|har lyst (til )?(å )?|får lyst (til )?(å )?|må) (skade|kutte|skjære|brenne|slå) (meg|seg)\b(?! (opp|ned|til|sammen|løs|på|ut|inn))",
        True,
        False,
    ),
    (
        SELFHARM,
        r"\b(kutt|kutte|kutter|kuttet|kutta|skjære|skjærer|skar|risse|risser|risset|rispe|risper|rispet|skrape|skraper|skrapet) (meg|seg|opp armene|i armene|i armen|i lårene|i håndleddet|håndleddene)\b",
        True,
        False,
    ),
    (SELFHARM, r"\b(brenner|brente|brenne|slår|slo|slå) (meg|seg) selv\b(?! om)", True, False),
    (
        SELFHARM,
        r"\b(brenner|brente|brenne) (meg|seg) (med|på) (vilje|sigarett\w*|lighter\w*)",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(kutt|sår|arr) (på|i) (armene|armen|håndleddet|lårene)\b.*\b(selv|meg|seg)\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(cut|cutting|cuts|burn|burning|burned|burnt|hurt|hurting|hurts|harm|harming|harmed|scratch|scratching) (myself|himself|herself|themselves|my ?self)\b",
        True,
        True,
    ),
    (SELFHARM, r"\bself[- ]?(harm\w*|injur\w*)", True, True),
    # --- medical emergency ----------------------------------------------------------------
    (MEDICAL, r"\boverdos\w*", True, False),
    (
        MEDICAL,
        r"\b(tatt|tok|har tatt|svelget|svelga|svelgt|slukt|spist|spiste|drukket|inntatt|fått i (meg|seg)) "
        + _AMOUNT
        + r" ?(med |av )?(av )?"
        + _PILLS,
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(tatt|tok|svelget|svelga|spiste|spist) (alle|hele) ("
        + _PILLS
        + r"|boksen|eska|esken|glasset|pakken)",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b"
        + _PILLS
        + r" (til|fra) (mamma|pappa|mor|far|bestemor|bestefar|henne|ham|meg|oss|broren min|søsteren min)\b.*\b(tatt|tok|svelget|spist)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(tatt|tok|svelget|spist) (mange|masse|alle|flere|for mange) av " + _PILLS,
        False,
        False,
    ),
    (MEDICAL, r"\b(forgiftet|forgiftning|forgifta|giftig)\b", True, False),
    (
        MEDICAL,
        r"\b(drukket|drakk|svelget|fått i seg|fått i meg) (klor\w*|rødsprit|frostvæske|lampeolje|lut|vaskemiddel|oppvaskmiddel|rensemiddel|gift|blekemiddel|terpentin|parafin)",
        False,
        False,
    ),
    (MEDICAL, r"\b(bevisstløs|livløs|medvitslaus|medvitslaus|uten bevissthet)\b", True, False),
    (MEDICAL, r"\b(våkner|svarer|reagerer|puster|beveger seg) ikke\b", False, False),
    (MEDICAL, r"\b(får|klarer) ikke (å )?puste\b", False, False),
    (MEDICAL, r"\b(pusten|hjertet) (har )?(stoppet|stoppa|stopper)\b", False, False),
    (
        MEDICAL,
        r"\b(blør|blødde|blør det) (masse|mye|kraftig|voldsomt|veldig|fra hodet|og det stopper ikke)",
        False,
        False,
    ),
    (MEDICAL, r"\b(masse|mye|så mye|veldig mye) blod\b", False, False),
    (
        MEDICAL,
        r"\bslutter ikke å blø\b|\bstopper ikke å blø\b|\bblødningen (stopper|slutter) ikke\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(alvorlig|hardt|kraftig|stygt|veldig|livstruende) (skadet|skada|såret|skadd)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(falt|datt|ramlet|ramla) (ned )?(fra|av|ned fra) (stillaset|stillas|taket|stigen|en stige|trappa|balkongen|lasteplanet|gaffeltrucken|maskinen|høyden)",
        False,
        False,
    ),
    (MEDICAL, r"\b(knust|brukket|brukne?) (ryggen|nakken|hodet|beinet og)\b", False, False),
    (
        MEDICAL,
        r"\b(krampe|kramper|krampeanfall|epileptisk anfall|hjertestans|hjerteinfarkt|hjerteattakk|slag nå|hjerneslag)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(ligger|falt om|segnet|kollapset|kollapsa|besvimte|besvimt|svimte av)\b.*\b(ikke|blod|puster|våkner|kontakt)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(klemt|klemte|kuttet seg stygt|fikk hånden|fikk armen|fikk fingrene) (i|av) (maskinen|pressa|pressen|sagen|kappsagen)",
        False,
        False,
    ),
    (MEDICAL, r"\barbeidsulykke\b|\bulykke\b.*\bskadet\b", False, False),
    (MEDICAL, r"\b(trenger|ring|ringe|må ha|skal jeg ringe) (en )?ambulanse", False, False),
    (MEDICAL, r"\bikke kontakt(bar)?\b", True, False),
    (MEDICAL, r"\b(overdos\w*|od'?d)\b", True, True),
    (
        MEDICAL,
        r"\b(took|taken|swallowed|ate|had) (a lot of|lots of|many|all|too many|all of|a bunch of|a whole|a handful of|a bottle of|the whole bottle of|loads of|so many)( the| my| his| her)? (pills|tablets|meds|medication|painkillers|sleeping pills|paracetamol)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(unconscious|not breathing|stopped breathing|can't breathe|cannot breathe|isn't breathing|won't wake up|doesn't wake up|not waking up|not responding|unresponsive)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(bleeding (a lot|heavily|badly|everywhere)|so much blood|lots of blood|won't stop bleeding)\b",
        False,
        True,
    ),
    (MEDICAL, r"\b(seriously|badly|severely|critically) (injured|hurt|wounded)\b", False, True),
    (
        MEDICAL,
        r"\b(heart attack|seizure|stroke|ambulance|poisoned|poisoning|drank bleach)\b",
        True,
        True,
    ),
    # --- violence or threat now -----------------------------------------------------------
    (VIOLENCE, r"\b" + _WEAPON + r"\b.*\b" + _HARM_VERB + r"\b", False, False),
    (VIOLENCE, r"\b" + _HARM_VERB + r"\b.*\b" + _WEAPON + r"\b", False, False),
    (
        VIOLENCE,
        r"\b(knivstikk\w*|knivstukket|knivstakk|skutt ned|skyting|skyteepisode|gisler?)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(truer|truet|true|trua|trugar) (meg |oss |mamma |barna )?(med å |om å )?(drepe|banke|slå|skade|knivstikke|skyte|voldta|ta|kverke|brenne|drepa|kvele|juling|bank|stikke)",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(skal|kommer til å|vil|sier han skal|sier hun skal|truer med å) (drepe|banke|slå i hjel|skade|knivstikke|skyte|voldta|kvele|kverke|ta) (meg|oss|mamma|barna|henne|ham|kona|deg|dere)\b(?! selv(?! om))",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(slår|banker|mishandler|sparker|kveler|kvelte|truer|voldtar|tafser på|misbruker|lugger|denger|juler opp|slo|banket|sparket|kvalte|dyttet|tok kvelertak på|tar kvelertak på|holder fast|holdt fast|slengte|kastet) "
        + _PERSON_VICTIM
        + r"\b(?! (selv(?! om)|litt|i (kneet|foten|hodet på)|ut|opp|ned|av|at|som|til|sammen|fast|i (sjakk|spill|fifa)))",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(blir|ble|har blitt|er blitt|har vært|vart|blei) (slått|banket|banka|mishandlet|mishandla|truet|trua|voldtatt|misbrukt|kvalt|kvelt|dengt|angrepet|angripi|overfalt|knivstukket|ranet|forfulgt|tafset på|slått ned|holdt fast|låst inne|sperret inne|skutt|jult opp|lugget)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(voldtekt|voldtatt|overgrep|seksuelt misbruk\w*|misbrukt seksuelt|incest)\b",
        True,
        False,
    ),
    (
        VIOLENCE,
        r"\bvold (hjemme|mot meg|mot oss|i hjemmet|mot mamma|mot barna|i familien)\b",
        True,
        False,
    ),
    (VIOLENCE, r"\b(utsatt for|opplever|lever med) vold\b", True, False),
    (VIOLENCE, r"\b(er|blir|ble) (så )?voldelig\b", False, False),
    (
        VIOLENCE,
        r"\b(akutt fare|i (akutt |stor |livs)?fare|livsfare|fare for livet|livstruende)\b",
        True,
        False,
    ),
    (
        VIOLENCE,
        r"\b(redd for livet|livredd for (han|ham|henne|eksen|kjæresten|faren|pappa|stefar\w*|mannen|naboen))",
        False,
        False,
    ),
    (VIOLENCE, r"\b(ikke|ikkje) trygg (hjemme|her|der|i huset|i leiligheten)\b", False, False),
    (
        VIOLENCE,
        r"\b(tør|tørr|tørs) ikke (å )?(dra|gå|komme|være|reise) (hjem|hjemme)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(prøver å|forsøker å|holder på å) (bryte seg inn|komme seg inn|sparke inn døra)|\bbryter seg inn\b|\binnbrudd nå\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(står|venter) utenfor (døra|døren|huset|leiligheten|vinduet|skolen)\b.*\b(truer|skriker|slår|banker|kniv|våpen|redd|drepe)\b",
        False,
        False,
    ),
    (VIOLENCE, r"\b(låst|sperret) (meg|oss) inne\b|\bslipper (meg|oss) ikke ut\b", False, False),
    (VIOLENCE, r"\bforfølger (meg|oss)\b", False, False),
    (VIOLENCE, r"\b(slåss|slosskamp|slagsmål) (nå|akkurat nå|utenfor)\b", False, False),
    (
        VIOLENCE,
        r"\b(hit|hits|hitting|beat|beats|beating|beaten|abuse|abuses|abusing|abused|threaten|threatens|threatened|threatening|attack|attacks|attacked|attacking|rape|raped|raping|choke|chokes|choking|choked|stab|stabbed|stabbing|punches|punched|kicks|kicked|strangled|molested|molesting) (me|us|my (mum|mom|mother|sister|brother|kids|children|little)|her|him)\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(has|had|with|holding|pulled|carrying) (a|his|her) (knife|gun|weapon|pistol|rifle)\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(going to|will|wants to|want to|gonna|threatened to|threatens to|threatening to) (kill|hurt|stab|shoot|beat|rape) (me|us|her|him|my(?! ?self))\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(i'm|i am|we are|we're|she is|she's|he is|he's|they are) (in danger|not safe|in (immediate|acute) danger)\b",
        True,
        True,
    ),
    (VIOLENCE, r"\b(scared|afraid|fear) for (my|our|her|his) (life|lives|safety)\b", False, True),
    (
        VIOLENCE,
        r"\b(domestic violence|is violent|gets violent|sexual(ly)? abuse[d]?|sexually assaulted|being abused|being beaten|being hit|breaking in|broke in)\b",
        True,
        True,
    ),
    (
        VIOLENCE,
        r"\bnot safe (at home|here)\b|\bafraid to go home\b|\bscared to go home\b",
        False,
        True,
    ),
    # --- fire -------------------------------------------------------------------------
    (FIRE, r"\bdet brenner\b(?! (ikke|i (magen|halsen|øynene|brystet|huden)|for))", False, False),
    (
        FIRE,
        r"\b(huset|leiligheten|kjøkkenet|bygget|bilen|rommet|komfyren|ovnen|stekepanna|panna|gardinene|søppelkassa|søppeldunken|hybelen|garasjen|låven|hytta|skolen|verkstedet|lageret|fabrikken|butikken|trappeoppgangen|oppgangen|taket|sofaen|senga|nabohuset|naboen|skogen|bålet|juletreet|vaskemaskinen|tørketrommelen|laderen|mobilen|elsparkesykkelen|sparkesykkelen|batteriet|peisen|ovnen) (brenner|har tatt fyr|tok fyr|står i brann|står i flammer|har begynt å brenne|begynte å brenne)\b",
        False,
        False,
    ),
    (
        FIRE,
        r"\b(står i (full )?(brann|flammer)|i full fyr|tatt fyr|tok fyr|tar fyr|flammer overalt|flammene)\b",
        False,
        False,
    ),
    (
        FIRE,
        r"\b(brann|brannen) (i|på) (huset|leiligheten|kjøkkenet|bygget|skolen|jobben|hybelen|nabohuset|garasjen|bilen|trappeoppgangen|oppgangen|lageret|verkstedet|fabrikken|butikken|hytta|blokka|naboleiligheten|kjelleren|loftet|etasjen)\b",
        False,
        False,
    ),
    (FIRE, r"\b(det er|det har|er det|har begynt å|har brutt ut) (en )?brann\b", False, False),
    (
        FIRE,
        r"\brøyk (overalt|fra|inne|i (gangen|leiligheten|huset|trappa|trappeoppgangen|rommet|kjøkkenet)|kommer ut|velter)\b|\b(full av|fylt med|mye|masse|tykk|svart) røyk\b",
        False,
        False,
    ),
    (FIRE, r"\bbrannalarmen (går|hyler|piper)\b.*\b(røyk|brann|brenner|flammer)\b", False, False),
    (
        FIRE,
        r"\b(there's|there is|theres) (a )?fire\b|\b(house|flat|apartment|kitchen|building|car|room|school|garage|stove) (is|are|was) (on fire|burning)\b|\bcaught fire\b|\bon fire\b(?! (today|lately|this week))|\bsmoke (everywhere|coming)\b|\bburning down\b",
        False,
        True,
    ),
]

# Added families: plans, means, goodbye, burden; subordinate-clause word order ("at hun ikke
# orker å leve"); symptoms of a medical emergency; weapons near a person; abuse of a child.
_FAMILIES += [
    (
        SUICIDE,
        r"\b(vil|ønsker|har lyst|lyst|kommer til|skal bare|bare vil|vil bare|kan like gjerne|kan like godt|fortjener|burde bare|vil helst|helst vil|tenker på|tenkt på|planlegger|venter på|venter bare på|prøvde|prøvd|forsøkte|forsøkt)( til)?( å)? dø\b",
        True,
        False,
    ),
    (
        SUICIDE,
        r"\bikke (\w+ ){0,2}(vil|orker|gidder|klarer|greier|ønsker å|har lyst til å|har lyst å|vil fortsette å) (å )?(leve|være i live|være her|være til|eksistere|fortsette å leve)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(vil|ønsker|ønsker å|orker|gidder|klarer|greier|har lyst til å|har lyst å|ser) ikke( å)? (leve|være i live|eksistere|finnes|fortsette å leve|våkne opp|våkne igjen|våkne i morgen|vekkes)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(vits|vitsen|poeng|poenget|grunn|grunnen|mening|meningen) (med |i |til )?(å )?(leve|være her|være til|være i live|fortsette å leve|leve videre)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ferdig|lei|drittlei|sliten|trøtt|dritt lei|så lei|ferdig) (med|av) (livet|å leve|å være i live|å eksistere|alt sammen)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(sove|sovne|sovne inn) (inn )?(og )?(aldri våkne|for alltid|for godt|og ikke våkne)",
        False,
        False,
    ),
    (SUICIDE, r"\baldri våkne (igjen|opp)\b", False, False),
    (
        SUICIDE,
        r"\b(kjøpt|skaffet|skaffa|funnet|fått tak i|lagt fram|gjort klar|gjort klart|har klar|har klart|sitter med|ligger med|samlet|spart på) (seg |meg )?(et |en |ei |alle |nok )?(tau|strikk|barberblad\w*|pillene|tablettene|sovepillene|piller|tabletter|sovepiller|paracet)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ta|tar|svelge|svelger) (alle|hele) (sammen|pillene|tablettene|pakka|pakken|boksen|glasset|brettet)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(har bestemt meg|bestemt meg nå|det blir i (natt|kveld|morgen))\b(?! (for å (søke|ta|begynne|starte|bli|jobbe|prøve|gå|flytte)|å (søke|ta|begynne|starte)))(?= *($|\.|,| og| det))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(skal|kommer til å|har tenkt å|tenker å) gjøre det (i natt|i kveld|i morgen|i helgen|på lørdag|på fredag|snart|nå)\b",
        False,
        False,
    ),
    (SUICIDE, r"\b(lagt|laget|har|lage) (en )?plan (for|om) (hvordan|å)\b", False, False),
    (SUICIDE, r"\b(funnet ut|vet|veit) hvordan (jeg|han|hun) skal gjøre det\b", False, False),
    (SUICIDE, r"\bplanlagt å (avslutte|gjøre slutt|ta livet|dø)", False, False),
    (SUICIDE, r"\b(avslutte|gjøre slutt på|ende) alt\b(?! (med|på nav|hos))", False, False),
    (
        SUICIDE,
        r"\bsiste (gang (dere|du|noen|dokker) hører fra meg|melding (fra meg|til (dere|deg|noen)))\b",
        False,
        False,
    ),
    (SUICIDE, r"\b(ha det|hadet|farvel) for (alltid|godt|siste gang)\b", False, False),
    (
        SUICIDE,
        r"\b(ta|tar|tatt|sagt|sa|sier) farvel\b(?= *($|\.|,| (i natt|i kveld|for alltid|for godt|til alle|til dere|til familien|med livet)))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(bare )?(en )?byrde for (alle|familien|andre|dere|foreldrene|mamma|pappa)\b",
        False,
        False,
    ),
    (SUICIDE, r"\b(bedre|betre|lettere) (for alle )?uten (meg|ham|han|henne|hun)\b", False, False),
    (SUICIDE, r"\bslipper (meg|unna meg) snart\b", False, False),
    (
        SUICIDE,
        r"\b(gitt|gir|ga|gav) bort\b.*\b(alle|alt|trenger (dem|det|de|den) ikke|ikke trenger (dem|det|de|den))\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(hoppe|hopper|kaste meg|kaste seg|kaster meg|kaster seg) (foran|fra|ut fra|ned fra|utfor|i|ut i|av) (\w*brua|\w*broa|\w*bruen|\w*brokaret|toget|tog|bussen|taket|vinduet|balkongen|fjellet|stupet|havet|elva|sjøen)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bhvor (mange|mye|høyt|lenge)\b.*\b(dø|dør|ikke våkne|dødelig|dødelig dose)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(kjøre|kjører|krasje|krasjer) (\w+ ){0,3}(i|inn i|av|utfor) (\w+ ){0,2}(fjellveggen|veggen|fjellet|et tre|veien|en lastebil|motgående|stupet)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bmed vilje\b.*\b(kjøre|krasje|dø|skade)\b|\b(kjøre|krasje) (\w+ ){0,4}med vilje\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ikke|aldri) (kommer til å )?(se|høre fra) (meg|han|ham|henne|hun) igjen\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bgå (ut )?i (sjøen|havet|elva|vannet)\b.*\b(ikke|aldri) (komme|kommer) tilbake\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(svelget|svelga|tatt|tok|spist|spiste) alt (jeg|han|hun) (fant|finner|hadde)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(kill|killing|killin|killed) (myself|my self|himself|herself|themselves)\b",
        True,
        True,
    ),
    (SUICIDE, r"\b(end|ending|ended) (my|his|her|their) (own )?life\b", True, True),
    (SUICIDE, r"\bpoint (of|in) (living|life|being alive|going on)\b", False, True),
    (SUICIDE, r"\b(tired|sick) of (being alive|living|life)\b", False, True),
    (SUICIDE, r"\b(not|never) (to )?wake up\b", False, True),
    (SUICIDE, r"\bdisappear (forever|for good)\b", False, True),
    (
        SUICIDE,
        r"\b(goodbye|farewell) (note|letter|message|post)s?\b|\b(texted|sent|posted|wrote) (me |us |everyone )?(a |something like a )?goodbye\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\b(pills|rope|razor|blade|tablets)s? (are )?(ready|in front of me|lined up)\b|\bbought (a )?(rope|razor blades?)\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\b(have|got|made) a plan\b.*\b(doing it|do it|tonight|this weekend|tomorrow|end)\b",
        False,
        True,
    ),
    (SUICIDE, r"\b(looking up|googling|searching) (ways|how) to (do it|die|kill)\b", False, True),
    (
        SUICIDE,
        r"\bhow many\b.*\b(to die|to not wake up|to never wake up|lethal|to kill)\b",
        False,
        True,
    ),
    (SUICIDE, r"\bwon't need (them|it|anything) where (i'm|i am|he's|she's) going\b", False, True),
    (SUICIDE, r"\blast message\b", False, True),
    (
        SELFHARM,
        r"\b(kuttet|kutter|kutte|skar|risset|rispet) (igjen|i natt|i går|i dag|på armen|armene)\b",
        False,
        False,
    ),
    (SELFHARM, r"\b(sh|selfharm|selvskading)\b", False, False),
    (
        SELFHARM,
        r"\b(skade|skader|skadet|skada) (meg|seg)\b(?! (i|på) (kneet|foten|ryggen|skulderen|trening|jobb|fotball|håndball|en ulykke))",
        True,
        False,
    ),
    (
        SELFHARM,
        r"\b(slår|slo|dunker|dunket) (hodet|hue|hauet|knyttneven)( mitt| sitt)? (i|mot) (veggen|gulvet|døra)\b",
        False,
        False,
    ),
    (SELFHARM, r"\btil blods\b|\bbarberblad\w*\b", False, False),
    (SELFHARM, r"\bfortjener (å ha )?(vondt|smerte|å lide)\b", False, False),
    (
        SELFHARM,
        r"\b(relapsed|relapse)\b.*\b(sh|cutting|self ?harm)\b|\b(cut|cutting) (again|last night|my (arms?|wrists?|legs?|thighs?))\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(puster|pust|puste) (ikke|rart|tungt|dårlig|unormalt|merkelig|raskt og rart)\b|\bikke puster\b",
        False,
        False,
    ),
    (MEDICAL, r"\b(klarer|greier|får) (nesten )?ikke (å )?puste\b", False, False),
    (MEDICAL, r"\bblå (i ansiktet|på leppene|i leppene|rundt munnen)\b", False, False),
    (
        MEDICAL,
        r"\b(er )?ikke (våken|kontaktbar|ved bevissthet)\b|\b(helt borte|helt ute av det|livløs)\b",
        True,
        False,
    ),
    (
        MEDICAL,
        r"\b(svarer|reagerer) ikke\b(?! (på (meldinger|mail|e-?post|søknad\w*|telefon|sms)))",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\bligger (helt )?(stille|livløs|bevisstløs|på (gulvet|bakken|veien|golvet)|i (gata|veien))\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(skummer|fråder)( rundt munnen)?\b|\bkaster opp blod\b|\bkramper\b|\bkrampe\w*\b",
        False,
        False,
    ),
    (MEDICAL, r"\b(vondt|smerter) i brystet\b|\bbrystsmerter\b", False, False),
    (
        MEDICAL,
        r"\b(halsen|tunga|tungen|ansiktet|leppene) (hovner|hovnet|har hovnet)\b|\ballergisk reaksjon\b|\banafylaks\w*",
        False,
        False,
    ),
    (MEDICAL, r"\bbitt av (en )?(hoggorm|slange|orm)\b", False, False),
    (MEDICAL, r"\b(fått|fikk) strøm (gjennom|i) (seg|meg)\b|\bstrømstøt\b", False, False),
    (MEDICAL, r"\b(påkjørt|kjørt ned|overkjørt)\b", False, False),
    (
        MEDICAL,
        r"\b(etsende|kjemikalier|syre) (væske )?i (øynene|øyet|ansiktet)\b|\betsende\b",
        False,
        False,
    ),
    (MEDICAL, r"\b(knekt|brukket|beinbrudd|åpent brudd)\b", False, False),
    (MEDICAL, r"\b(store |stygge |alvorlige )?brannskad\w*", False, False),
    (MEDICAL, r"\b(slått|slo|slår) (hodet|hue|hauet)\b", False, False),
    (MEDICAL, r"\b(blør|blødde|blør det)\b", False, False),
    (
        MEDICAL,
        r"\b(tatt|tok|røyka|røykt|drukket|svelget|spist|sniffet) (noe|for mye|altfor mye|en hel pakke|en hel boks|hele pakka|hele pakken|masse)\b.*\b(puster|blå|våken|kramper|rister|kaster opp|skummer|borte|bevisstløs|svarer ikke|ikke kontakt|kjempevarm|rar)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(for mye|altfor mye|en overdose) (av )?(molly|mdma|ghb|kokain|heroin|fentanyl|piller|alkohol|dop|narkotika|tabletter|metadon|subutex)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(spist|spiste|svelget|svelga|ete|fått i seg) (\w+ ){0,3}" + _PILLS + r"\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(tatt|tok) (en hel pakke|hele pakka|hele pakken|en hel boks|hele boksen|et helt glass) (med |av )?"
        + _PILLS,
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(hit by a car|run over|not waking up|passed out|fainted and|turning blue|blue lips|foaming|choking on|allergic reaction|can't breathe|cant breathe|bleeding)\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(fyr|fyren|mann|mannen|person|noen|gutt|gutter|gutta|karer|en|han|hun|ungdommer|gjeng)\b (\w+ ){0,4}(med|har|holder|bærer|viser) (en |ei |et )?"
        + _WEAPON
        + r"\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        _WEAPON
        + r"\b (\w+ ){0,3}(her|på skolen|på jobben|i gangen|inne|utenfor)\b.*\b(redd|gjemmer|hjelp|fare)\b|\bgjemmer (meg|oss)\b.*\b(kniv|våpen|pistol|redd|noen|han|hun|de)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(ta|tar|ta med|tar med|ha med|har med) (seg )?(et |en )?"
        + _WEAPON
        + r"\b (\w+ ){0,3}(på|til) (jobb|jobben|skolen|møtet)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(truet|truer|trua|true) med å (komme og )?(\w+ )?(skade|drepe|banke|slå|skyte|stikke|knivstikke)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(han|hun|de|noen|dem|fyren|kjæresten|eksen) (sier|sa|truer|skriver|skrev) (at )?(han|hun|de)? ?(skal |vil |kommer til å |ska )?(drepe|dreper|skade|skader|stikke|skyte|banke|voldta) (meg|oss|henne|ham|mamma)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(skal|vil|kommer til å) (stikke|jule opp|denge|ta) (meg|oss|henne|ham)\b(?! (med på|på|i|til))",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(tvunget|tvinger|tvang|presset|presser) (meg|henne|ham|oss) (til )?(sex|ting|å ha sex|seksuelle)\b|\btvinger meg til\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(han|hun|pappa|mamma|stefar\w*|kjæresten|mannen|samboer\w*|eksen) (slår|banker|kveler|denger)\b(?= *($|\.|,| (meg|oss|mamma|barna|henne|ham|han|hun|igjen|nå)))",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(slår|slo|banker|banket|truer|truet|kveler|kvelte|lugger) (han|hun|de|pappa|mamma) (meg|oss|mamma|barna|lillebror|lillesøster)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(har|hadde) (slått|banket|kvalt|voldtatt|truet) (meg|oss|mamma|henne|ham|barna)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(slår|slo|banker|sparker) (en|ei|et) (jente|gutt|dame|mann|kvinne|person|barn|unge|gammel)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(stukket|knivstukket|skutt|angrepet|overfalt|ranet) (med|av|i|ned)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(følger|fulgte|fulgt|forfølger|forfulgt) etter (meg|oss)\b|\bstalker\w*",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(dratt|tvunget|dro|trakk|slept) (meg|henne|ham) (inn|med) (i|inn i) (bilen|en bil|et rom)\b",
        False,
        False,
    ),
    (VIOLENCE, r"\b(noe i drinken|spiked)\b", False, False),
    (
        VIOLENCE,
        r"\b(stefar\w*|stemor\w*|onkel\w*|treneren|en voksen|pappa|faren|han|hun|læreren|naboen) (\w+ ){0,3}(tar|tok|rører|rørte|tafser|tafset|befører|beføler) på (meg|henne|ham|kroppen)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\bkommer inn (på|til) rommet (mitt|hennes|hans) (om natta|om natten|når)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(spre|sprer|legge ut|legger ut|dele|deler|publisere) (\w+ ){0,2}(bildene|bilder|bildet|videoen|videoer|nakenbilder|nudes) (mine|av meg)?\b.*\b(hvis|om|dersom)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(raped|rape|sexually assaulted|molested|touches me|touched me|touching me)\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(threatened|threatens|threatening) to (kill|hurt|stab|shoot|beat|rape) (\w+ )?\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(is |are )?(following|stalking) me\b|\bgrabbed (my|me)\b|\btrying to break in(to)?\b|\block(s|ed)? me (in|up)\b",
        False,
        True,
    ),
    (FIRE, r"\bbrann\b(?= *($|\.|,))|\bbrannen\b(?! (var|i fjor))", True, False),
    (
        FIRE,
        r"\b(har )?begynt å (brenne|brenner)\b|\bbrenner det\b(?! ikke)|\bdet (brenner|har brent)\b(?! (ikke|i (magen|halsen|øynene|brystet|huden)|for))",
        False,
        False,
    ),
    (FIRE, r"\b(klarer|får) ikke (å )?slukke\b", False, False),
    (FIRE, r"\b(ser|see) (\w+ ){0,2}(flammer|flames)\b|\bflammer\b", False, False),
    (FIRE, r"\brøyk (kommer )?(ut|fra|av)\b|\blukter (svidd|brent|røyk)\b", False, False),
    (
        FIRE,
        r"\b(is|are|was) (on fire|burning)\b|\bflames\b|\bsmoke alarm\b.*\b(smoke|flames|fire)\b",
        False,
        True,
    ),
]

# A child at risk: these count only when the writer is young or a child is named.
_FAMILIES += [
    (
        SUICIDE,
        r"\b(tenker på|tenkt på|vil|skal|lyst til|lyst å|har lyst til å|planlegger|har tenkt) (å )?(drepe|ta livet av) (meg|seg)\b(?! (hvis|om))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bnår (jeg|han|hun) er (borte|død|ikke her lenger)\b(?! (på|i|fra|hjemmefra))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(for å dø|for å ta livet|for å slippe å leve|because (i|she|he) wanted to die|to kill (myself|himself|herself))\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ikke|ikkje) (må|skal) lete( etter (meg|henne|ham))?\b|\b(lei meg|lei seg|sorry) for (alt|everything)\b(?= *($|\.|,| og))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(want|wants|wanted|going|trying|tried) to kill (myself|himself|herself|my ?self)\b",
        False,
        True,
    ),
    (SELFHARM, r"\b(skåret|skjært|skjærte) (meg|seg)\b|\bcut (too deep|deep)\b", False, False),
    (
        "medical+suicide",
        r"\boverdos\w*\b(?! (av|med|of) (informasjon|info|kaffe|information))|\b(tatt|tok|svelget|svelga|spist) (alle|masse|mange|for mange|en haug) (\w+ ){0,2}"
        + _PILLS
        + r"\b",
        True,
        False,
    ),
    (
        "violence+medical",
        r"\b(knivstukket|knivstikk\w*|stukket med kniv|skutt)\b|\b(got|was|been|is|being) (stabbed|shot)\b",
        False,
        False,
    ),
    (
        "violence+child",
        r"\b(overgrep|incest|seksuelt misbrukt|misbruker meg)\b|\b(stefar\w*|stemor\w*|onkel\w*|treneren|en voksen|pappa|faren|han|hun|læreren|naboen) (\w+ ){0,3}(tar|tok|rører|rørte|tafser|tafset|befører|beføler) på (meg|henne|ham|kroppen)\b|\b(touches|touched|touching) me\b",
        True,
        False,
    ),
    (
        FIRE,
        r"\b(tent|tente|satt fyr|setter fyr) (på|til) (\w+ ){0,2}(leiligheten|huset|søppelkassa|søppeldunken|rommet|bilen|noe|skolen|hytta|bygget|seg selv)\b",
        False,
        False,
    ),
]

_FAMILIES += [
    (SUICIDE, r"\b(gjøre|gjør|gjorde|gjort) (slutt|ende) på (meg|seg) selv\b", False, False),
    (
        SUICIDE,
        r"\b(gå|går|hoppe|hopper|kaste meg|kaste seg|legge meg|legge seg|kjøre|kjører) (ut )?(foran|under) (toget|et tog|tog|bussen|en buss|en bil|bilen|trikken|en lastebil|lastebilen)\b",
        False,
        False,
    ),
    (SUICIDE, r"\blete etter (meg|henne|ham)\b", False, False),
    (
        SUICIDE,
        r"\b(livet (mitt |hans |hennes )?er over|ferdig med alt)\b(?= *($|\.|,| og| nå))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(logger|logge) av for (godt|alltid)\b|\b(vekk|borte|forsvinne|forsvunnet|weg) for (godt|alltid)\b",
        False,
        False,
    ),
    (SUICIDE, r"\bslutte å (finnes|eksistere|leve|puste|være til)\b", False, False),
    (
        SUICIDE,
        r"\b(dette er|det blir|blir) (min|mitt|den) siste (uke|dag|kveld|natt|helg|gang)\b(?! (på|i|hos|med|som|før|at))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bat (jeg|han|hun) (lever|er i live|er her) (om|til|neste|etter|i morgen)\b",
        False,
        False,
    ),
    (SUICIDE, r"\b(tidsspørsmål|et tidsspørsmål) (før|til) (jeg|han|hun)\b", False, False),
    (SUICIDE, r"(tatt|tar) en (avgjørelse|beslutning)\b(?= *($|\.|,))", False, False),
    (SUICIDE, r"\b(skyte|skyter|henge|hengte) (meg|seg) selv\b", False, False),
    (
        SUICIDE,
        r"\bgitt (meg|bort|oss) (\w+ ){0,2}(smykkene|tingene|klærne|sakene|eiendelene|alt|det viktigste)\b|\bta vare på (katten|hunden|dyret|kaninen|tingene) (min|mitt|hennes|hans|mine)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(won't|will not|wont|not) be (alive|here|around) (by|for|next|tomorrow|much longer)\b|\bbe alive by\b",
        False,
        True,
    ),
    (SUICIDE, r"\bstockpil\w*|\bsaving up (my )?(pills|meds)\b", False, True),
    (
        SUICIDE,
        r"\b(nobody|no one|noone) would (notice|care|miss me)\b|\bgone for good\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\bwant (it|this|everything|all) (all )?to (be over|end|stop)\b|\bswallowed (everything|all)\b",
        False,
        True,
    ),
    (
        "medical+suicide",
        r"\b(tatt|tok|svelget|svelga|spist|spiste|slukt|drukket) (\w+ ){0,2}(\d+|alle|masse|mange|hel|hele|heile|helt|eske|esken|eska|boks|boksen|pakke|pakka|pakken|brett|haug|altfor|alt for|for mange|for mye|flere|neve|håndfull|glass) (\w+ ){0,3}"
        + _PILLS
        + r"\b",
        False,
        False,
    ),
    (MEDICAL, r"\bkaster opp\b.*\b(piller|tabletter|tatt|tok|drukket|svelget)\b", False, False),
    (
        MEDICAL,
        r"\b(fikk|fått|har|får) (et )?(anfall|krampeanfall|epilepsianfall)\b|\brykker i (kroppen|armene|beina)\b",
        False,
        False,
    ),
    (MEDICAL, r"\b(blodet|blod) (spruter|fosser|renner)\b|\bspruter blod\b", False, False),
    (
        MEDICAL,
        r"\b(sagen|kniven|maskinen|kappsagen|motorsagen|borret) (\w+ ){0,2}(inn i|i|gjennom) (tommelen|fingeren|hånden|armen|beinet|foten)\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(risper|rispet|risse|risser|risset|skraper|skrapet) (opp )?(huden|armene|armen|beina|lårene)\b|\bglasskår\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(kutt|sår|brannsår|arr|blåmerker|merker)\b.*\b(gjør|gjorde|har gjort|gjort) (det|dette) (selv|med vilje)\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(on purpose|med vilje)\b.*\b(bleed|blør|hurt|vondt|punch|slår|kutt\w*|brenn\w*|skad\w*)\b|\b(bleed|hurt|punch\w*|slår|kutt\w*|brenn\w*|skad\w*)\b.*\b(on purpose|med vilje)\b",
        False,
        False,
    ),
    (SELFHARM, r"\bpunch(ing)? walls?\b|\bknuckles bleed\b", False, True),
    (
        VIOLENCE,
        r"\b(prøver å|forsøker å) komme (seg )?inn\b|\bknust (vinduet|ruta|døra|døren)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\bmed makt\b|\b(ran|ranet|raner|ranere) (pågår|nå|i butikken|i banken)\b|\bet ran\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(de|dem|noen|ranerne|gutta|han|hun) (har|med) (en |et |ei )?" + _WEAPON + r"\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(ranet|rana|raner|robbet) (meg|oss)\b|\b(stikker|dreper|skyter|skader|banker|tar) (meg|oss) (hvis|om|dersom) (jeg|vi) (ringer|sier|forteller|går til|sladrer|snakker)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\bgjør (\w+ ){0,2}ting med meg\b|\b(tvinge|tvinger|tvang|tvunget|presse|presser|presset) (meg|henne|ham) (til å )?(gifte|gifter)\b",
        False,
        False,
    ),
    (VIOLENCE, r"\b(låser|låste|låst) (meg|oss) (ute|inne)\b", False, False),
    (
        VIOLENCE,
        r"\bforced (themselves|himself|herself) on (me|her|him)\b|\b(beating|hitting|stabbing|attacking|kicking) (someone|somebody|a (man|woman|girl|boy|guy|person|kid))\b",
        False,
        True,
    ),
]

_FAMILIES += [
    (SUICIDE, r"\bgjort (meg|seg) klar\b.*\b(brev|lapp|farvel)\b", False, False),
    (
        SUICIDE,
        r"\b(vil|ønsker|lyst|tenker|tenkt|planlegger|prøvd|prøver|prøvde|fortjener|vurderer|vurdert) (\w+ ){0,3}(å )?(dø|die)\b(?! (av|of) (latter|kjedsomhet|boredom))",
        True,
        False,
    ),
    (
        SUICIDE,
        r"\b(tenker|tenkt|vurderer|vurdert|planlegger|snakket|snakker|prater|pratet|skrev|skriver) (\w+ ){0,2}(på |om )?å (hoppe|henge|skyte|drepe|drukne|ta livet|ta sitt liv|kjøre|forsvinne for godt|avslutte)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(skyte|skyter|henge|henger|hengte) (seg|meg)\b(?= *($|\.|,| og| selv| hvis| om| når| (i|med) (hodet|et tau|tau|jakt\w*|gevær\w*|pistol\w*|våpen\w*)))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(\d+|mange|masse) (paracet|paracetamol|ibux|ibuprofen|pinex|tabletter|piller|sovetabletter|sovepiller)\b.*\b(dø|dødelig|farlig|skjer|trengs|må (man|jeg)|hva skjer)\b|\b(tar|ta|tatt) (\d+) ("
        + _PILLS[1:],
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bsiste (dagen|kvelden|natta|natten) (jeg|han|hun) lever\b|\bat (jeg|han|hun) ikke (lever|våkner|er her) (i morgen|lenger|neste)\b|\bat (jeg|han|hun) ikke våkner\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bdet beste (er|hadde vært|blir) (om |at |hvis )?(jeg|han|hun) (ikke våkner|dør|forsvinner|ikke var her|ikke fantes)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(brev|lapp)\b.*\b(etterpå|når jeg er borte|når jeg er død|finne (det|den) (etterpå|i morgen))\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(vil|ville|ønsker å) (heller )?være død\b|\brather be dead\b|\bdone with (life|living|it all|everything)\b|\bthis is (goodbye|my goodbye)\b|\bdette er (et )?farvel\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bplan(ning|ned|s|ner|legger)? (\w+ ){0,2}(min|mi|my|your|his|her|own|egen) (\w+ )?(funeral|begravelse)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(vondt|smertefritt|raskeste|sikreste|enkleste|beste måten|lettest) (\w+ ){0,3}(å )?(drukne|dø|henge seg|henge meg|ta livet|kverke seg)\b|\bhow (painful|long|fast) (is it )?to (drown|die|bleed out)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(ingen|ikke noen|ikke noe) (grunn|vits|mening) (til |i |med )?(å )?(fortsette|holde fram|holde ut|leve videre)( lenger| mer)?\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(gi|gir|ga|gitt) opp (hele )?(livet|meg selv|alt) (nå|no)\b|\b(gi|gir|ga) opp hele livet\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(orker|klarer|gidder) ikke (\w+ ){0,3}(dette livet|livet mitt|mer av livet)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(took|taken|swallowed|had) (\w+ ){0,4}(all|lots|bunch|handful|bottle|whole|many|too many|a lot) (\w+ ){0,3}(pills|tablets|meds|antidepressants|painkillers|sleeping pills|paracetamol)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(doesn't|doesnt|does not|won't|wont|isn't|isnt|not) (answer|answering|respond|responding|wake|waking|breathing)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(swallowed|ate|drank|got into) (a |an |one |some |the )?(\w+ ){0,2}(battery|batteries|magnet\w*|bleach|dishwasher tablets?|detergent|pills|tablets|chemicals)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(hit by a car|bent the wrong way|broken (leg|arm|neck|back)|head injury|hit (his|her|my) head)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(svelget|svelga|spist|spiste) (et |en |ei )?(batteri\w*|magnet\w*|knappecelle\w*)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(drakk|drukket|svelget|fått i (seg|meg)) (\w+ ){0,4}(klor\w*|rødsprit|frostvæske|lampeolje|lut|vaskemiddel|oppvaskmiddel|rensemiddel|gift|blekemiddel|terpentin|parafin|maskinoppvask\w*)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(puster|puste) knapt\b|\bblå (rundt|om) (leppene|munnen)\b|\b(falt|segnet|seig) sammen\b|\b(snust|sniffet|sniffa|snuste) (gass|lim|lightergass|butan)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(ligger|ligg) (og )?(blør|blør mye)\b|\b(ligger|ligg) på (gulvet|bakken|golvet)\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(nye|ferske|fersk|dype|dypere) (kutt|sår|arr|brannsår)\b|\bselvpåført\w*|\bself[- ]inflicted\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(scratch\w*|cut\w*|claw\w*|pick\w*) (\w+ ){0,2}(arms?|legs?|skin|wrists?|thighs?) until (they|it) (bleed|bleeds)\b",
        False,
        True,
    ),
    (
        SELFHARM,
        r"\b(kutt|sår|arr|blåmerker|brannsår)\b.*\b(takler|straffer meg|straffe meg|med vilje|selv har gjort)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(slår|slåss|banker|denger) hverandre\b|\bslosskamp\b|\bslåsskamp\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(er|blir|ble) (låst|sperret|stengt) inne\b|\b(stenger|stengte|låser|låste) (meg|oss|henne|ham) (ute|inne)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\btvunget til (sex|samleie|ting)\b|\bvoldtatt\b|\b(drugged|spiked)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(pushed|shoved|threw|kicked|dragged|grabbed) (me|her|him|us) (down|into|against|out|to)\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(kaster|kastet|kasta) (ting|stoler|glass|flasker) (på|etter) (meg|oss|henne|ham|mamma)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(venter|står|går) (\w+ ){0,4}(med|har) (en |ei |et )?" + _WEAPON + r"\b",
        False,
        False,
    ),
    (
        "violence+child",
        r"\b(tør|vil|våger) ikke (\w+ )?(å )?(dra|gå|reise|komme)? ?(hjem)\b|\bikke (tør|vil|våger) (å )?(dra |gå |reise |komme )?hjem\b",
        False,
        False,
    ),
    (
        "violence+child",
        r"\b(straff|straffer|straffet) (fra|av) (onkel\w*|pappa\w*|mamma\w*|stefar\w*|faren|moren|foreldre\w*)\b|\bbrenner (henne|ham|meg|oss) med\b|\bblåmerke\w*\b",
        False,
        False,
    ),
    (
        "violence+child",
        r"\b(sender|sendt|sending|sent|sends) (\w+ ){0,4}(nudes|nakenbilder|nakenbilde)\b|\bgrooming\b",
        False,
        False,
    ),
    (
        "violence+child",
        r"\b(skrik\w*|screaming|yelling|gråt\w*)\b.*\b(thumps?|slag|dunk\w*|banking|smell)\b",
        False,
        False,
    ),
    (
        FIRE,
        r"\bfullt? av røyk\b|\b(røyk|ryk) (fra|i|ut av) (stikkontakten|veggen|taket|kjelleren|ovnen|laderen)\b",
        False,
        False,
    ),
    (
        FIRE,
        r"\b\w+(en|et|a|ene) (brenner|står i brann|har tatt fyr|tok fyr)\b(?! (for|i (magen|halsen|øynene|brystet|huden)))|\bnå brenner\b",
        False,
        False,
    ),
    (
        FIRE,
        r"\b(lekte|leker|leikte) med (fyrstikker|lighter)\b.*\b(brenner|brann|fyr|røyk)\b",
        False,
        False,
    ),
]

_FAMILIES += [
    (
        SUICIDE,
        r"\b(thinking about|think about|thought about|considering|want to|going to|been thinking about) (ending|end) it\b|\bwhy (am i|i'm|i am) still alive\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\b(pills|tablets|meds) (\w+ ){0,2}(counted|lined|laid) out\b|\bcounted out (the |my )?(pills|tablets)\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\b(written|wrote|writing|left) (my|a) (suicide |goodbye |last )?note\b",
        False,
        True,
    ),
    (
        SUICIDE,
        r"\b(driving|drive|drove) (my car |the car )?off (the|a) (bridge|cliff|road)\b",
        False,
        True,
    ),
    (SUICIDE, r"\b(die|dying) (from|of) taking\b|\bpossible to die\b", False, True),
    (SUICIDE, r"\b(for|til) å ikke våkne\b|\bikke våkne (opp )?igjen\b", False, False),
    (
        SUICIDE,
        r"\b(tenker|tenkt|vurderer|vurdert|vil|skal|planlegger) (\w+ ){0,2}(å )?gå ut i (sjøen|havet|elva|vannet)\b|\bgå ut i (sjøen|havet|elva) i (natt|kveld)\b",
        False,
        False,
    ),
    (SUICIDE, r"\bikke (være|bli) her (så |særlig )?(lenge|lenger|mer)\b", False, False),
    (SUICIDE, r"\bgitt bort (katten|hunden|kattene|dyrene|dyret)\b", False, False),
    (
        SUICIDE,
        r"\b(sitter|står) på (\w*brua|\w*broa|\w*bruen|taket|kanten|rekkverket)\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(kutt|sår|arr) (på|over|i) (lårene|låra|håndleddet|håndleddene|armene|beina)\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(fresh |new |deep )?(cuts|scars|burns) on (her|his|my|their) (wrists?|arms|thighs|legs)\b|\bi cut (tonight|today|last night|again|too deep)\b",
        False,
        True,
    ),
    (
        SELFHARM,
        r"\b(brant|brent|brenner|brente) (meg|seg) (\w+ ){0,4}(med vilje|selv)\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(kniper|klyper|biter|klorer|sulter|straffer) (meg|seg) (selv )?(til|som straff|med vilje|for å)\b|\bsom straff\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(får|fikk) ikke liv i\b|\b(besvimte|besvimt|svimte av|fainted|passed out|collapsed)\b",
        False,
        False,
    ),
    (
        MEDICAL,
        r"\b(lips|face) (are |is )?(going|turning) blue\b|\b(drank|swallowed|ate) something\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(tror|føler) (at )?jeg (dør|skal dø|holder på å dø)\b|\bhjertet slår (så |altfor |veldig )?(fort|rart)\b",
        False,
        False,
    ),
    (MEDICAL, r"\b(for mye|altfor mye) av noe\b", False, False),
    (
        VIOLENCE,
        r"\b(threaten\w*) (\w+ ){0,3}with (a|an|his|her)\b|\b(breaking|broke|broken) into\b|\b(got jumped|mugged|robbed|beaten up)\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(vet|veit) hvor (jeg|vi) bor\b|\b(skal|kommer til å) få (svi|bank|juling|deng)\b",
        False,
        False,
    ),
    (
        "violence+child",
        r"\b(tok|tar|rørte|rører|tafset|tafser) på (meg|henne|ham) på en måte\b|\bpå en måte (jeg|hun|han) ikke (ville|vil|liker|likte)\b",
        False,
        False,
    ),
    ("violence+child", r"\bmerker? etter slag\b|\bredd for å (gå|dra|komme) hjem\b", False, False),
    (
        "violence+fire",
        r"\bbrenne ned (huset|leiligheten|hytta|skolen)\b|\blukter (det )?bensin\b",
        False,
        False,
    ),
]

_FAMILIES += [
    (
        SUICIDE,
        r"\b(kjøpt|kjøpte|kjøper|skaffa|fikk tak i|har fått tak i) (meg |seg )?(et |en |ei )?(tau|strikk|barberblad\w*|sovepiller|sovetabletter)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bstoler ikke på meg selv\b|\b(tankene|tanker) (mine )?(er|blir) (for |så )?(mørke|svarte)\b",
        False,
        False,
    ),
    (SUICIDE, r"\bfør det er over\b|\baldri (stå|står) opp (igjen)?\b", False, False),
    (
        SUICIDE,
        r"\b(funnet|fant) ut hvordan\b(?= *($|\.|,))|\bhar funnet ut hvordan (jeg|han|hun)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(jernbanesporet|jernbanen|toglinja|togskinnene|skinnene|sporet)\b.*\b(siste|farvel|story|bilde|står|sitter|går)\b|\bsiste (kvelden|natta|natten|dagen)\b(?! (på|i|før|av))",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\bsiste (kvelden|natta|natten|dagen)\b.*\b(jernbane\w*|tog\w*|skinne\w*|spor\w*|\w*bru\w*)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\btakk for alt\b(?=.*\b(svarer ikke|ha det|den beste|farvel|unnskyld|beklager)\b)|\bdu var den beste\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(nye|ferske|friske|fersk|dype) (kutt|sår|arr|brannsår) (på|i|over) (\w+)\b|\b(kutt|sår|arr) på (under)?arm\w*\b",
        False,
        False,
    ),
    (
        SELFHARM,
        r"\b(scars|marks|cuts) from (cutting|self ?harm\w*)\b|\bcutting\b.*\b(last night|again|fresh|did it)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(kastet|kasta|kaster) opp blod\b|\bklarer (nesten )?ikke (å )?stå (oppreist|på beina)\b",
        False,
        False,
    ),
    (MEDICAL, r"\b(får|fikk) ikke kontakt med (han|ham|henne|hun|ho)\b", False, False),
    (
        VIOLENCE,
        r"\b(punched|hit|attacked|stabbed|kicked|beat up|assaulted) (my|our|a|the) (\w+ )?(in the face|employee|apprentice|colleague|staff|worker|friend|sister|brother|mum|mom)\b",
        False,
        True,
    ),
    (
        VIOLENCE,
        r"\b(han|hun|de|noen|eksen|mannen|fyren) (\w+ ){0,4}(skal|vil|kommer til å|truer med å|roper at han skal|sier han skal) ta livet av (meg|oss|deg|henne|ham)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(mann|mannen|fyr|fyren|gutt|gutten|voksen|noen) (\w+ ){0,4}(tar|tok|rører|rørte|tafser|tafset) på (meg|henne|ham)\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(har )?(skadet|skada|slått|banket|truet|kvalt) meg (før|tidligere)\b",
        False,
        False,
    ),
    (
        "violence+child",
        r"\bholdt (hodet|henne|ham|han|meg) (hennes |hans |mitt )?under vann\b|\bcomes into my room at night\b",
        False,
        False,
    ),
    (
        FIRE,
        r"\bhar spredd seg (til|på|mot)\b|\b(tente|tent|satt fyr) på (\w+ ){0,2}(søppelet|søppel\w*|\w*bod\w*|bilen|huset|skogen|gresset)\b",
        False,
        False,
    ),
]

_FAMILIES += [
    (
        SUICIDE,
        r"\bikke lyst (til |på )?(å )?(leve|våkne|være her|eksistere|fortsette)\b",
        False,
        False,
    ),
    (
        SUICIDE,
        r"\b(standing|sitting) on (the|a) (bridge|roof|ledge|edge|railing|tracks)\b",
        False,
        True,
    ),
    (SUICIDE, r"\bikke (til å )?være her (når|om|lenger|i morgen|neste)\b", False, False),
    (
        SUICIDE,
        r"\b(easiest|best|quickest|fastest|painless\w*|surest) (way|method) to (kill (myself|yourself|oneself)|die|end it)\b|\bhow to (die|kill (myself|yourself)|end (my|your) life)\b",
        False,
        True,
    ),
    (
        MEDICAL,
        r"\b(slapp|lam|lammet|henger) (i|på) (\w+ ){0,2}(sida|siden|side) (av|i) (ansiktet|kroppen)\b|\b(prater|prate|snakker) (rart|utydelig|uklart)\b|\bhjerneslag\b",
        False,
        False,
    ),
    (
        VIOLENCE,
        r"\b(dratt|trukket|drog|trakk) (en )?(kniv|pistol|våpen)\b|\bpulled (out )?a (knife|gun)\b|\b(gjemt|gjemmer) (oss|meg) (\w+ ){0,3}(lageret|do|rommet|kontoret)\b",
        False,
        False,
    ),
    ("violence+medical", r"\bstukket (i|med) (magen|ryggen|brystet|kniv|kniven)\b", False, False),
    (
        "fire+violence",
        r"\b(tenne|tenner) på (huset|leiligheten|bilen|hytta|skolen)\b|\bkjøpt bensin\b",
        False,
        False,
    ),
]

_FAMILIES += [
    (
        MEDICAL,
        r"\bhovner (\w+ ){0,2}(halsen|tunga|tungen|leppene|ansiktet)\b|\ballergisk\b.*\b(spiste|spist|hovner|puste|kløe i halsen)\b",
        False,
        False,
    ),
]

_FAMILIES += [
    (MEDICAL, r"\bblood everywhere\b|\b(can't|cant|cannot) stop (it|the bleeding)\b", False, True),
    (MEDICAL, r"\bblod (over alt|overalt)\b", False, False),
]

_CHILD_IF_YOUNG = [
    r"\b(kastet|kasta|sparket|jaget) (meg |henne |ham )?ut (hjemmefra|av huset|av leiligheten)\b",
    r"\b(gifte|gifter|giftes) (meg|henne|seg) bort\b|\btvangs(ekteskap|gifte)\w*",
    r"\b(alene hjemme)\b.*\b(gråter|hele tiden|hele natta|ingen mat|sulten|ingen voksne|flere dager|i dagevis|igjen)\b",
    r"\b(barn|barna|ungene|småbarn|den minste)\b.*\balene hjemme\b",
    r"\bikke (gir|får) (meg )?mat\b|\bgir (meg|oss) ikke mat\b|\bdoesn't give me food\b|\bno food\b",
    r"\bikke (får|fikk) (lov )?(til )?å komme inn\b|\bute i kulda\b",
    r"\b(mamma|pappa|foreldrene|moren|faren) (har vært |er )?borte siden\b",
    r"\b(nothing|no food) in the fridge\b|\bdoesn't buy food\b|\bdrinks every day\b",
    r"\b(leaves|left|leaving) (\w+ ){0,3}alone for (days|hours|the night|nights)\b",
]

_YOUNG = re.compile(
    r"\b(jeg|er|e|på|is|am|i'm|im|aged?|bare|only|hun er|han er|she's|he's|she is|he is) ([6-9]|1[0-7])\b(?! (kr|prosent|timer|dager|ganger|ansatte|stk|%))"
    r"|\(([6-9]|1[0-7])\)"
    r"|\b([1-9]|1[0-7]) ?(år|åring\w*|yo|years? old|year-old|y/o)\b(?! siden)"
    r"|\b([5-9]|10) (klasse|trinn|grade)\b|\b(ungdomsskole\w*|barneskole\w*|vgs|videregående|vidaregåande|high school|middle school)\b"
    r"|\b(brother|sister|friend|son|daughter|bror\w*|søster\w*|venn\w*|kompis\w*|sønn\w*|datter\w*|elev\w*|lærling\w*|nabogutt\w*|nabojent\w*) (på )?([1-9]|1[0-7])\b"
    r"|\b(eleven|eleven min|elevene mine|en elev|en av elevene)\b"
    r"|\b(oss|vi|av oss|one of us) ([1-9]|1[0-7])\b|\b\d{1,2} klassing\w*"
    r"|\b(to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tretten|fjorten|femten|seksten|sytten|[1-9]|1[0-7])-?åring\w*|\b(baby|babyen|toddler\w*|småbarn\w*|spedbarn\w*)\b"
    r"|\b(barnevern\w*|fosterhjem\w*|barnehjem\w*|lillebror\w*|lillesøster\w*|småsøsken\w*|naboungen|ungen|ungene|klassekamerat\w*|sønnen min|datteren min|"
    r"skolen|skoleplassen|skolegården|skuleplassen|friminutt\w*|school|schoolyard|classmate\w*|my student|my pupil)\b"
)
_CHILD_AT_RISK = re.compile(
    r"\b(barn|barna|barnet|ungen|ungene|lillebror|lillesøster|småsøsken|eleven|elev|elevene|"
    r"sønnen min|datteren min|niesen|nevøen|jenta|gutten|child|children|kid|kids|my son|my daughter|"
    r"little brother|little sister|pupil|student of mine)\b"
)
_HOME_ABUSE = re.compile(
    r"\b(pappa\w*|mamma\w*|faren|moren|far min|mor min|faren sin|moren sin|stefar\w*|stemor\w*|"
    r"foreldre\w*|hjemme|heime|dad|mom|mum|stepdad|stepfather|stepmother|father|mother|parents|"
    r"at home|onkel\w*|tante\w*)\b"
)
_THIRD = re.compile(
    r"\b(kompis\w*|venn|vennen|venninne\w*|bestevenn\w*|søster\w*|bror\w*|sønn\w*|datter\w*|"
    r"kjæreste\w*|eksen|elev\w*|kollega\w*|lærling\w*|mamma|pappa|moren min|faren min|naboen|"
    r"noen jeg kjenner|en jeg kjenner|han|hun|ham|henne|seg|"
    r"my (friend|sister|brother|son|daughter|girlfriend|boyfriend|colleague|student|mum|mom|dad|partner)|"
    r"friend|he|she|him|her|himself|herself|someone i know|a student|a colleague)\b"
)
_EMPLOYEE = re.compile(
    r"\b(ansatt\w*|medarbeider\w*|arbeidstaker\w*|lærlingen (vår|min)|en av (de ansatte|mine|våre)|"
    r"på jobb(en)? (vår|min)|i bedriften|i firmaet|kollega\w*|sjef for|employee\w*|staff|coworker\w*|"
    r"co-worker\w*|colleague\w*|one of my workers|my worker)\b"
)
_PAST = re.compile(
    r"\b(før(?= *($|\.|,| og| men))|tidligere|i fjor|i sommer|last year|once|for (\w+ ){0,2}(år|måneder|uker|veker|dager|døgn) siden|da jeg var|som barn|som liten|"
    r"for lenge siden|lenge siden|da (vi|jeg) var (små|liten|barn|yngre)|as a (teen|kid|child)|hadde|i perioder|ble|var|prøvde|tok|fikk|was|were|had|tried|"
    r"back in \d{4}|i \d{4}|in \d{4}|da jeg gikk på|da jeg var yngre|som tenåring|for (\w+ )?(lenge )?siden|"
    r"years ago|months ago|used to|when i was|as a child|in the past)\b"
)
_RECOVERED = re.compile(
    r"\b(nå går det (mye |veldig |litt |mye mye )?(bra|bedre|fint)|doing (fine|well|ok|okay|better)|i'm \d+ now|"
    r"flytt(et|a) (ut|hjemmefra)|går (bra|fint) nå|har det (bra|bedre|fint)( nå)?|nå har jeg det (bra|bedre|fint)|"
    r"er (frisk|bedre|ok|stabil) nå|nå er jeg (frisk|bedre|stabil|ok|\d+)|er over nå|ikke lenger|alt gikk bra|"
    r"har fått hjelp|fått hjelp|er (ferdig|ute) med det|men uansett|vil (jobbe|studere|utdanne meg) (med|innen|som)|"
    r"now i'm (fine|better|ok)|i'm (fine|better|ok) now|doing (fine|well|better) now|not anymore|"
    r"har jeg det (bra|fint|bedre)|fått behandling|vil nå (studere|jobbe|bli)|det er over nå|"
    r"(har vært|er) (rusfri|nykter|clean|frisk|stabil)|det (er|e|jeg) lenge siden|"
    r"kan (jeg|æ|eg) (\w+ )?(ta|få|bli|søke|jobbe|trene)|(er det|is it) (greit|greitt|ok|okay|trygt) å|"
    r"can i (still )?(work|get|apply|become|do)|"
    r"er (rusfri|nykter|clean|frisk) nå|doing ok|looking for work|"
    r"(må|bør|skal) (jeg|æ|eg) (si|fortelle|nevne) (noe om )?det|(intervju|jobbintervju|søknaden|arbeidsgiveren)\b|"
    r"kan jeg (få )?(jobbe|søke|bli)|engasjere meg|frivillig|"
    r"been fine|fine for years|har det greit|har vært (fin|bra|frisk)|"
    r"is fine now|has been fine|got help|nå vil jeg (\w+ ){0,8}(jobb|jobbe|skole|studere|utdanning)\w*)\b"
)
_NEGATORS = frozenset(
    {
        "ikke",
        "ingen",
        "aldri",
        "not",
        "no",
        "never",
        "don't",
        "doesn't",
        "isn't",
        "aren't",
        "without",
        "uten",
        "null",
        "nei",
        "ingenting",
    }
)
# Forms, queues and crashing programs: the classifier alone does not call that a crisis.
_FRUSTRATION_ONLY = re.compile(
    r"\b(skjema\w*|telefonkø\w*|regneark\w*|form|forms|crash\w*|kø|ventetid|pivot\w*|excel)\b"
)
_OTHER_SUBJECT = re.compile(
    r"\b(han|hun|ho|de|noen|eksen|pappa|mamma|faren|moren|stefar\w*|kjæresten|typen|mannen|"
    r"he|she|they|someone)\b"
)
# "har ikke tatt noen piller": the rules read the crisis words as negated; the classifier may
# not read them otherwise.
_NEGATED_CRISIS_WORD = re.compile(
    r"\b(ikke|ingen|aldri|not|never|no)\b (\w+ ){0,3}(tatt|tok|taken|took|skade\w*|skadet|kutte\w*|"
    r"cut\w*|drepe|kill\w*|dø|die|selvmord\w*|suicid\w*|piller|pills|tabletter|overdos\w*|brann|fire)\b"
)
# An employer offering a place or a job: the classifier alone does not call that a crisis.
_EMPLOYER_OFFER = re.compile(
    r"\b(offer|tilby|ta imot|ta inn|ansette|hire|hiring|recruit\w*|rekrutter\w*)\b"
)
_STOP_VERBS = frozenset({"slutte", "stoppe", "stop", "slutta", "la", "unngå", "avoid", "help"})
_FRUSTRATION = re.compile(
    r"\b(skjema\w*|nav|vente\w*|venting|søknad\w*|søke\w*|jobbsøk\w*|cv|lekser|skole\w*|matte|"
    r"eksamen|prøve\w*|møte\w*|kø|telefonkø|byråkrati\w*|papirarbeid|systemet|mas|regler|"
    r"saksbehandl\w*|svar|e-?post\w*|forms?|paperwork|waiting|queue)\b"
)

# Distress without danger: first-person statements, not questions about schemes.
_DISTRESS_SOURCE = (
    r"\b(jeg|eg) (har|sliter med|sliter veldig med|lider av|har fått|fikk|har hatt mye|har mye|har så mye|har veldig mye|har sterk|har sosial|har alvorlig) "
    r"(så mye |mye |veldig mye |sterk |sosial |alvorlig |mye )?(angst|panikkangst|panikkanfall|depresjon|depresjonar|depresjoner|psykiske (plager|problemer|vansker|utfordringer)|spiseforstyrrelse|ptsd|traumer|mørke tanker)\b"
    r"|\b(jeg|eg) er (så |veldig |helt |skikkelig |ganske )?(deprimert|nedfor|langt nede|ensom|knust|helt tom|tom inni meg|redd hele tiden)\b"
    r"|\b(jeg|eg) sliter (så |veldig |mye |skikkelig )?(psykisk|med psyken|mentalt|med livet|med alt)\b"
    r"|^(jeg |eg )?sliter (så |veldig |mye )?(psykisk|med psyken|mentalt)\b"
    r"|\b(jeg|eg) har det (så |veldig |helt |ganske |skikkelig |kjempe)?(tungt|vondt|jævlig|forferdelig|grusomt|mørkt|dritt)\b"
    r"|\b(jeg|eg) føler meg (så |helt |veldig |skikkelig )?(ensom|verdiløs|håpløs|tom|alene|deprimert|nedfor|som en byrde|ubrukelig|mislykket)\b"
    r"|\bgråter (hele tiden|hver dag|hver kveld|mye)\b"
    # Lonely, with no one to talk to: someone to talk to is the help (116 123, Kirkens SOS).
    r"|(\b(jeg|eg)|\bog|^|,) (trenger|treng|har behov for|vil bare ha|ønsker meg) (bare |så |virkelig )?(noen|nokon|noen voksne) "
    r"(å |og )?(snakke|prate|snakka|prata) (med|med nå)\b"
    r"(?! om (jobb|tiltak|skole|utdanning|bedrift|lærling|rekrutt|ansett|søknad|cv|nav|kurs|praksis))"
    r"|(\b(jeg|eg) |^)har (ingen|ingen venner|ikke noen|ingen eg kan|ingen jeg kan) (å )?(snakke|prate) med\b"
    r"|\b(jeg|eg) er (helt |så |veldig |skikkelig |heilt )?(alene|aleine|åleine|einsam)\b"
    r"(?= *(og|,|\.|!|$|i natt|nå|hele tiden))"
    r"|\bføler meg (så |helt )?(alene|ensom|einsam)\b"
    r"|\bi (just |really )?need (someone|somebody) to talk to\b|\bi have no ?one to talk to\b"
    r"|\bi'?m (all|so|completely) alone\b"
    r"|\b(alt|livet) (er|føles) (så |helt )?(håpløst|mørkt|svart|tungt)\b(?! (å|med|når))"
    r"|\bmørke tanker\b"
    r"|\b(i have|i've got|i struggle with|i'm struggling with|struggling with|i suffer from|i get) (bad |severe |social )?(anxiety|depression|panic attacks|my mental health|mental health (issues|problems))\b"
    r"|\bi'?m (so |really |very )?(depressed|lonely|hopeless|worthless)\b"
    r"|\bi feel (so |really )?(alone|hopeless|worthless|empty|depressed)\b"
)
_DISTRESS = re.compile(_flexible(_DISTRESS_SOURCE))

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


def _negated(prefix: str) -> bool:
    """A negator among the last four words of the clause before the match."""
    clause = re.split(r" [.,] | men | but ", " " + prefix)[-1]
    words = clause.split()[-4:]
    for index, word in enumerate(words):
        if word in _NEGATORS and not set(words[index + 1 :]) & _STOP_VERBS:
            return True
    return False


def _clause_of(text: str, start: int, end: int) -> str:
    left = text.rfind(" . ", 0, start)
    right = text.find(" . ", end)
    return text[left + 1 if left >= 0 else 0 : right if right >= 0 else len(text)]


# Norwegian puts the subject after the verb when something else comes first ("og egentlig vil
# jeg ikke leve", "også tenker jeg på å dø"): the patterns see the verb and what follows it.
_INVERSION = re.compile(
    r"\b(vil|orker|klarer|gidder|ønsker|har|skal|kan|tror|ser|får|må|tenker|tenkte|planlegger|"
    r"vurderer|prøver|prøvde|kommer|tar|tok|gjør|drar|går|hopper|kutter|skader|kjøpte|skaffet|fant) "
    r"(jeg|han|hun|vi|de|du) "
    r"(?=(ikke|mye|ofte|på|å|til|bare|virkelig|livet|meg|seg|det|tau|piller|pillene)\b)"
)
_INFORMATIONAL = re.compile(
    r"\b(norsktimen|engelsktimen|timen|novelle\w*|boka|boken|bok|roman\w*|film\w*|dokumentar\w*|serie\w*|"
    r"nyhet\w*|avis\w*|artikkel\w*|oppgave\w*|masteroppgave\w*|bacheloroppgave\w*|statistikk\w*|"
    r"forskning\w*|foredrag\w*|podkast\w*|thesis|essay|sources|research|news|documentary|book|novel|"
    r"movie|film|podcast|statistics|lecture|course about|særoppgave\w*|framføring\w*|fremføring\w*|"
    r"fagbok\w*|fagbøker|naturfag\w*|helsefag\w*|pensum|hadde om|har om|fædrelandsvennen|nrk|"
    r"aftenposten|spillet|gamet|game|karakteren min|krim\w*|hovedperson\w*|thriller|"
    r"\w+student\w*|studerer)\b"
)
_PROFESSION = re.compile(
    r"\b(jobber|jobbet|jobbe|arbeider|work|working|worked) (på|i|som|med|at|as|in|with) (\w+ ){0,2}"
    r"(legevakt\w*|ambulanse\w*|sykehus\w*|akuttmottak\w*|politi\w*|brannvesen\w*|barnevern\w*|"
    r"psykiatri\w*|rusomsorg\w*|krisesenter\w*|hospital|ambulance|police|fire ?department|er|"
    r"emergency|social work\w*|helse\w*|sykepleie\w*)"
)
_JOKE = re.compile(r"\b(lol|haha\w*|hehe\w*|xd|lmao|rofl|jk)\b|😂|🤣|😅|😆")
_FIRST_PERSON = re.compile(
    r"\b(jeg|meg|me|myself|i'm)\b|\bi (want|will|am|have|can't|don't|need|feel|"
    r"think|cut|took|tried|wish|just|really)\b"
)


def _negated_after(text: str, end: int) -> bool:
    """Main-clause negation after the object: "han slår meg ikke", "eg skadar meg ikkje"."""
    after = text[end : end + 24].split()[:2]
    objects = ("selv", "lenger", "mer", "meg", "deg", "seg", "oss", "henne", "ham", "han", "hun")
    return (
        bool(after)
        and after[0] in ("ikke", "not", "aldri", "never")
        or (len(after) == 2 and after[1] in ("ikke", "aldri") and after[0] in objects)
    )


def assess(text: str, use_model: bool = True) -> CrisisAssessment:
    """The level (danger, distress, none) and kinds of crisis a message speaks of.

    The rules decide first; when they find no danger, the trained classifier
    (`crisis_model`, unless `use_model=False`) may, and the same checks for topics, jokes and
    past events apply to what it finds."""
    if not text or text.startswith("/"):
        return CrisisAssessment()
    normal = normalise(text)
    cleaned = _INVERSION.sub(r"\1 ", _GUARD_RE.sub(" ~ ", normal))
    kinds: set[str] = set()
    matched: list[str] = []
    clauses: list[str] = []
    # The rules saw crisis words and judged them harmless (negated, figurative, over): the
    # classifier may not overrule that.
    judged = cleaned != _INVERSION.sub(r"\1 ", normal)
    english_hits = 0
    norwegian_hits = 0
    for kind, regex, negatable, english, source in _COMPILED:
        for match in regex.finditer(cleaned):
            if negatable and _negated(cleaned[: match.start()]):
                judged = True
                continue
            if kind != SUICIDE and _negated_after(cleaned, match.end()):
                judged = True
                continue
            clause = _clause_of(cleaned, match.start(), match.end())
            if _PAST.search(clause) and _RECOVERED.search(cleaned):
                # Over and done ("for tre år siden …, men nå går det bra"): not a crisis now.
                judged = True
                continue
            if kind == SELFHARM and re.search(r"\b(meg|me)$", match.group(0)):
                before = " ".join(cleaned[: match.start()].split()[-3:])
                if _OTHER_SUBJECT.search(before):
                    kind = VIOLENCE  # "han har skada meg før": someone else hurts the writer
            kinds.update(kind.split("+"))
            matched.append(source)
            # The words just before a match say whose it is ("jeg blir slått" vs. "en bok om vold").
            clauses.append(" ".join(cleaned[: match.start()].split()[-3:]) + " " + match.group(0))
            if english:
                english_hits += 1
            else:
                norwegian_hits += 1
            break
    if (
        not kinds
        and (_YOUNG.search(cleaned) or _CHILD_AT_RISK.search(cleaned))
        and any(r.search(cleaned) for r in _CHILD_COMPILED)
    ):
        kinds.add(CHILD)
    judged = judged or bool(_NEGATED_CRISIS_WORD.search(cleaned))
    if (
        not kinds
        and use_model
        and not judged
        and not _FRUSTRATION_ONLY.search(cleaned)
        and not _EMPLOYER_OFFER.search(cleaned)
    ):
        from bot.guidance.crisis_model import DANGER_PROBABILITY, get_model

        model = get_model()
        if model is not None and model.probability(normal) >= DANGER_PROBABILITY:
            kinds = model.kinds(normal) or {SUICIDE}
            matched.append("classifier")
            clauses.append(normal)
    if not kinds:
        distress = _DISTRESS.search(cleaned) is not None
        if distress and not _only_frustration(cleaned):
            return CrisisAssessment(level=DISTRESS, english=_looks_english(normal))
        return CrisisAssessment()
    if (
        kinds
        and not any(_FIRST_PERSON.search(clause) for clause in clauses)
        and (_INFORMATIONAL.search(normal) or _PROFESSION.search(normal))
    ):
        # A book, a film, the news, a school subject or one's job: a topic, not a crisis.
        kinds = set()
    elif (
        kinds
        and _JOKE.search(normal)
        and (_FRUSTRATION.search(normal) or _FRUSTRATION_ONLY.search(normal))
        and not re.search(r"\b(hjelp|help|puste|breathe|blør|bleeding)\b", cleaned)
    ):
        kinds = set()  # "dette regnearket får meg til å ville hoppe ut av vinduet haha"
    elif (
        kinds
        and kinds <= {VIOLENCE, MEDICAL}
        and _JOKE.search(normal)
        and not re.search(_WEAPON, cleaned)
        and not re.search(r"\b(hjelp|help|puste|breathe|blør|bleeding)\b", cleaned)
    ):
        kinds = set()
    if not kinds:
        return CrisisAssessment()
    young = bool(_YOUNG.search(cleaned))
    if (young or _CHILD_AT_RISK.search(cleaned)) and any(
        r.search(cleaned) for r in _CHILD_COMPILED
    ):
        kinds.add(CHILD)
    if VIOLENCE in kinds and (
        young or _CHILD_AT_RISK.search(cleaned) or _HOME_ABUSE.search(cleaned)
    ):
        kinds.add(CHILD)
    if CHILD in kinds:
        young = True
    who = _who(cleaned)
    english = (
        english_hits > 0
        and norwegian_hits == 0
        or (english_hits >= norwegian_hits and _looks_english(normal))
    )
    return CrisisAssessment(
        level=DANGER,
        kinds=frozenset(kinds),
        who=who,
        young=young,
        english=english,
        matched=tuple(matched),
    )


def _only_frustration(text: str) -> bool:
    """Distress words used about forms, waiting or school rather than about oneself."""
    return bool(_FRUSTRATION.search(text)) and not re.search(
        r"\b(angst|depresj\w*|deprimert|psykisk\w*|ensom|anxiety|depress\w*|mørke tanker)\b", text
    )


def _who(text: str) -> str:
    if _EMPLOYEE.search(text):
        return EMPLOYER
    first_person = re.search(r"\b(jeg|meg|min|mitt|mine|i|me|my|myself|i'm)\b", text)
    third = _THIRD.search(text)
    if third and (
        not first_person
        or re.search(
            r"\b(min|mitt|mine|my)\b|\b(han|hun|he|she) (har|sier|sa|skal|vil|er|tok|truer|skrev|has|says|said|will|is|took|wants)\b|\bseg\b",
            text,
        )
    ):
        # "kompisen min sier han vil dø": third person; "jeg vil ta livet mitt": self.
        if re.search(
            r"\b(jeg|eg|i) (vil|skal|har lyst|orker|klarer|kommer til|want|wanna|am going)\b.*\b(dø|leve|meg selv|livet mitt|die|myself)\b",
            text,
        ):
            return SELF
        return THIRD
    return SELF


_ENGLISH_HINTS = frozenset(
    {
        "i",
        "my",
        "me",
        "the",
        "is",
        "am",
        "and",
        "to",
        "want",
        "he",
        "she",
        "her",
        "his",
        "myself",
        "have",
        "has",
        "been",
        "of",
        "a",
        "it",
        "with",
        "what",
        "do",
        "can't",
        "i'm",
        "don't",
        "says",
        "said",
        "will",
        "last",
        "night",
        "are",
        "someone",
        "help",
    }
)
_NORWEGIAN_HINTS = frozenset(
    {
        "jeg",
        "meg",
        "og",
        "er",
        "har",
        "det",
        "ikke",
        "på",
        "en",
        "som",
        "til",
        "med",
        "vil",
        "han",
        "hun",
        "min",
        "mitt",
        "seg",
        "av",
        "for",
        "å",
        "at",
        "noe",
        "så",
    }
)


def _looks_english(normal: str) -> bool:
    words = normal.split()
    english = sum(w in _ENGLISH_HINTS for w in words)
    norwegian = sum(w in _NORWEGIAN_HINTS for w in words)
    return english >= 2 and english > norwegian


def is_crisis(text: str) -> bool:
    """True when the message speaks of danger: suicide, self-harm, medical, violence, fire."""
    return assess(text).is_crisis


# --- the reply: names of domain responses ----------------------------------------------------

# Which number each kind must show (tests check the lead responses against this).
NUMBERS_BY_KIND = {
    SUICIDE: ("113", "116 123", "22 40 00 40"),
    SELFHARM: ("116 123", "113"),
    MEDICAL: ("113",),
    VIOLENCE: ("112",),
    CHILD: ("116 111",),
    FIRE: ("110",),
}


ENGLISH_RESPONSES = {
    "utter_crisis_fire": "utter_crisis_fire_en",
    "utter_crisis_violence": "utter_crisis_violence_en",
    "utter_crisis_medical": "utter_crisis_medical_en",
    "utter_crisis_self": "utter_crisis_self_en",
    "utter_crisis_other": "utter_crisis_other_en",
    "utter_crisis_employee": "utter_crisis_employee_en",
    "utter_crisis_talk": "utter_crisis_talk_en",
    "utter_crisis_talk_other": "utter_crisis_talk_other_en",
    "utter_crisis_child": "utter_crisis_child_en",
    "utter_crisis_follow_up": "utter_crisis_follow_up_en",
}


def crisis_responses(assessment: CrisisAssessment) -> list[str]:
    """Response names, most urgent first. The last one always lists 113, 112 and 110."""
    kinds = assessment.kinds or frozenset({SUICIDE})
    names: list[str] = []
    if FIRE in kinds:
        names.append("utter_crisis_fire")
    if VIOLENCE in kinds:
        names.append("utter_crisis_violence")
    if MEDICAL in kinds:
        names.append("utter_crisis_medical")
    if kinds & {SUICIDE, SELFHARM}:
        lead = {
            SELF: "utter_crisis_self",
            THIRD: "utter_crisis_other",
            EMPLOYER: "utter_crisis_employee",
        }[assessment.who]
        names.append(lead)
        names.append("utter_crisis_talk" if assessment.who == SELF else "utter_crisis_talk_other")
    if CHILD in kinds or assessment.young:
        names.append("utter_crisis_child")
    names.append("utter_crisis_follow_up")
    if assessment.english:
        names = [ENGLISH_RESPONSES[name] for name in names]
    return names
