"""What a message says about the person writing: audience, age, needs, language."""

from __future__ import annotations

import re

from knowledge.normalize import fold, to_bokmal
from knowledge.wordlists import zipf_table

_EMPLOYER = re.compile(
    r"\b(arbeidsgiver\w*|arbeidsgjevar\w*|bedrift\w*|firma\w*|virksomhet\w*|verksemd\w*|"
    r"daglig leder|leder i|eier av|vi driver|jeg driver|driver en|vi er en|vi har en|"
    r"ansette|tilsette|rekrutter\w*|ansatte|nyansatt\w*|(mekanisk )?verksted\w*|verkstad\w*|butikk|"
    r"frisørsalong|salong|restaurant\w*|kafe|kafé|hotell\w*|employer\w*|hiring|company|business|"
    r"\w*(direktør|sjef)|personalansvarlig|enhetsleder|avdelingsleder|hr-\w+|hr i|"
    r"(jeg er|eg er|er|som) (\w+ )?(styrer|rektor|innehaver|eier)\b|"
    r"\b(jeg|eg) (leder|leiar|driver|driv|eier|eig) (et|en|ei|eit|ein) \w+|"
    r"(vi|me) har (\w+ ){0,2}ledige? (\w+ )?(læreplass\w*|stilling\w*|jobb\w*|plasser)|"
    r"får (nesten |nærmest )?ingen (kvalifiserte )?søkere|"
    r"(i|we) (manage|run|own) (a|an|the|our|my) \w+|\b(hotel|restaurant|shop) (manager|owner)|"
    r"\bmanager (of|at)\b|\bhr manager|\bour staff|"
    r"(oss|vi) (som )?ledere|lederne våre|mellomledere|"
    r"vi (trenger|mangler|søker|ser etter) (\w+ ){0,2}(\d+([-–]\d+)? )?(stykker|personer|medarbeidere|hender|"
    r"ansatte|nye|folk|arbeidskraft)|"
    r"(få|får|finne|finner|skaffe) (vi |dere )?(tak i )?(\w+ ){0,3}(kandidat\w*|arbeidskraft|ansatte|medarbeidere)|"
    r"bedriftskoordinator\w*|business coordinator|vi er et|"
    r"\w+(firma|bedrift|verksted|butikk|kjede|hotell|restaurant|salong|vaskeri)|"
    r"(fått|får|fikk|har) (en|ein) (søker|kandidat)|tilsetj\w*|hos oss|ny (ansatt|tilsett|fyr|medarbeider)|"
    r"den nye (ansatte|tilsette|på|hos)|(we are|we're) (hiring|recruiting)|"
    r"(we|if we|can we|could we|should we) (hire|recruit|employ|take on)|"
    r"(want|need|looking|trying) to (hire|recruit|employ)|we run|our (company|business|shop|store|hotel|"
    r"restaurant|firm|staff|employees)|\d+ (stk|ansatte|tilsette|employees))\b",
    re.IGNORECASE,
)
_YOUTH = re.compile(
    r"\b(jeg er \d{2}|eg er \d{2}|er \d{2} år|\d{2} år gammel|elev|går på (skole|vg[123]?|ungdomsskole)|"
    r"droppet ut|dropper ut|slutta på|sluttet på|fullført|vidaregåande|videregående|"
    r"ungdomsskole\w*|lærling|jobbe|jobb til meg|meg som ung|ung (og|uten)|"
    r"verken jobber|jobber ikke|har ikke jobb|har aldri hatt|sosialhjelp|nav-veileder\w*|"
    r"young|i am \d{2}|i'm \d{2}|(1[3-9]|2\d) years? old|student|veileder\w*|(1[3-9]|2\d)\s*år|en voksen|"
    r"(jeg er|eg er|^er) (1[3-9]|2\d)(?!\s*(kr|prosent|%|ansatte|tilsette|bedrifter|stillinger))|"
    r"(?<!vi )er (1[3-9]|2\d)(?= *$| *[,.!?]| og\b))\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"(?:\b(?:jeg er|eg er|er|i am|i'm|fyller|fylte|blir)\s+(\d{2})\b(?!\s*(?:kr|prosent|%|timer|dager|bedrifter|ansatte))"
    r"|\b(\d{2})\s*(?:år|aar|years?)\b(?!\s*siden))",
    re.IGNORECASE,
)

# Keyword cues for the tags used in the knowledge base (knowledge/CONTENT.md).
_TAG_CUES: dict[str, str] = {
    "ung-utenfor": r"(gitt|gav|ga) opp (skolen|skulen|vgs|videregående|vidaregåande)|dropped out|drop(ped)? out of|left (school|high school)|quit (school|high school)|neither (work|school)|not in (work|school|education)|out of work|(stay|stays|sit|sits|sitting|staying|is|been) at home|verken (jobb|skole)|slutt(a|et|er)? (på|i|med) (vgs|vg[123]|videregående|vidaregåande|skolen|skulen)|falt ut|droppet ut|dropper ut|ikke fullført|aldri hatt (en )?(ordentlig )?jobb|ikke i (jobb|skole)|hverken|jobber ikke|går ikke på skole|"
    r"ikke gått på skole|utenfor|hjemme|ikkje i jobb|ingen av delene|ingenting å gjøre|"
    r"hopp(et|a|er) av (skolen|skulen|vgs|videregående|vidaregåande|studiet|utdanningen)|"
    r"\b(gått|gå|går|vært|er|blitt) (\w+ )?(arbeids)?ledig|\barbeidsledig|\bunemployed|"
    r"(sitter|sittet|sitt|sit|ligger|ligget) (\w+ ){0,2}(på rommet|på rommet sitt|inne)\b|"
    r"isolerer seg|isolert|kommer (seg )?ikke ut|"
    r"ikke noe å gjøre|ikke noe å ta meg til|gjør ingenting|gjør ikke noe",
    "skole": r"\bschool|high school|upper secondary|skole|skule|vg1|vg2|vg3|videregående|vidaregåande|elev|droppet ut|dropper ut|fravær|fullført",
    "utdanning": r"education|\bstudy|studies|qualification|certificate|\bdegree|utdanning|fagbrev|studere|kurs|skole|lære|kvalifiser",
    "jobb": r"\bjobs?\b|\bwork\b|jobb|arbeid|jobbe|stilling|lønn|tjene (penger|litt|egne penger)",
    # "helsefag", "helse- og omsorg" name a trade or a sector (knowledge.search.needs.SECTORS)
    "helse": r"\bhealth(?! care)|\bsick|illness|helse(?!fag|-? og omsorg|sektor|arbeider|hus|senter|stasjon)|syk(?!ehjem|epleie)|sykdom|diagnose|funksjonsnedsett|skade",
    "psykisk-helse": r"mental health|anxiety|anxious|depress|struggling|psykisk|psyksik|depresj|angst|panikk|utbrent|sliter(?! med (å|økonomi\w*|penger|gjeld|norsk\w*|språk\w*|å få))|mental|livsmestring|har det ikke så greit|tungt",
    "rus": r"\brus|alkohol|narkotika",
    "sprak": r"language|speak norwegian|my norwegian|språk|norsk|norskkurs|innvandr|flyktning|intro",
    "innvandrer": r"immigrant|refugee|moved to norway|came to norway|"
    r"\b(syrisk|eritreisk|ukrainsk|somalisk|afghansk|irakisk|iransk|sudanesisk|etiopisk|kurdisk|"
    r"polsk|litauisk|filippinsk|thailandsk)\w*|\bfrom (syria|ukraine|eritrea|somalia|afghanistan|iraq|iran|poland|lithuania)\b|innvandr|flyktning|introduksjonsprogram|\b(kommer|kom|er|flyktet|flytta|flyttet) fra (?!Nav\b)(?-i:[A-ZÆØÅ])\w+|kom til norge|utlandet",
    "erfaring": r"experience|internship|work placement|erfaring|aldri hatt (en )?(ordentlig )?jobb|arbeidstrening|praksis|cv",
    "okonomi": r"\bmoney|income|\bdebt|(?<!tjene )(?<!tjener )penger|økonomi|sosialhjelp|stønad|inntekt|gjeld|råd til",
    "bolig": r"bolig|bosted|husløs|bostedsløs|leilighet",
    "fritid": r"fritid|fritidsopplegg|aktivitet|ensom|venner",
    "nedsatt-arbeidsevne": r"nedsatt arbeidsevne|funksjonsnedsett|nedsatt funksjonsevne|nedsett funksjonsevne|funksjonshemm|"
    r"uføre|aap|disabilit|disabled",
    "rekruttere": r"tren(ger|g) (\w+ )?folk|(få|skaffe|finne) (tak i )?(\w+ )?folk|need (more )?(people|staff|workers)|recruit|\bstaff|new employee|ansette|rekrutter|tilsette|tilsetj|ny (kollega|medarbeider)|ta inn|hiring|hire|ledig stilling|mangler folk|"
    r"arbeidskraft|ekstrahjelp|sesonghjelp|sommerhjelp|vikariat\w*|vikarer|(få|får|finne|finner|skaffe) (vi |dere )?(tak i )?(\w+ ){0,3}(kandidat\w*|arbeidskraft)|"
    r"(trenger|mangler|søker|ser etter) (\w+ ){0,2}(\d+([-–]\d+)? )?(stykker|personer|medarbeidere|hender|ansatte|nye)\b|"
    r"ingen (kvalifiserte )?søkere|mangler søkere|få søkere|ledige? (læreplass\w*|stilling\w*)|"
    r"\b(nå|nå ut til|komme i kontakt med) (\w+ ){0,2}(unge|ungdom\w*|søkere|kandidater)\b",
    "beholde": r"\bretain|keep (an|our|the) (employee|worker)|sick leave|beholde|sykmeld|holde på|ansatt som sliter|fravær",
    # learning a trade while paid is what an apprenticeship is ("fullføre vgs og tjene penger
    # samtidig")
    "laerling": r"lærling|læreplass|lærebedrift|fagbrev|apprentice|"
    r"tjene (penger|lønn) (\w+ ){0,3}(samtidig|mens|og)|(samtidig|mens) (\w+ ){0,3}tjene|"
    r"lønn (mens|under) (\w+ ){0,3}(læring|opplæring|utdanning)|earn (money )?while",
    "praksisplass": r"internship|work placement|work trial|praksisplass|praksis|utplassering|arbeidstrening",
    "tilskudd": r"tilskudd|tilskot|støtte|(?<!tjene )(?<!tjener )penger|lønnstilskudd|økonomisk|subsidy|grant|funding|funded|"
    r"financial (support|aid|help)|"
    r"dekke\w* (\w+ )?(noe|det|litt|kostnad\w*|utgift\w*|en del)|få noe (for|igjen)|kompens\w*|refu(n|sj)\w*",
    "mentor": r"mentor|fadder|oppfølging på jobb|buddy|"
    r"følge (opp )?(den|de|ham|han|henne|ho) (nye|ny|opp)|følge opp (den |de )?nye|"
    r"erfarne? (kollega\w*|ansatte?|medarbeider\w*|tilsette?)|de erfarne|"
    r"(colleague|co-worker) (to|who (can|could|will)) (guide|follow|support)",
    # Adjustments at the workplace: the need of inkluderingstilskudd, in everyday words.
    "tilrettelegging": r"tilrettelegg|tilrettelag|spesialtilpass|hev[- ]?senk|rullestol|hjelpemid|"
    r"ergonomi|(bygg(e|a|er|es)|bygde|bygd|bygget) om\b|ombygg|universell utforming|"
    r"tilpass\w* (\w+ ){0,2}(arbeidsplass\w*|utstyr\w*|kontor\w*|arbeidsstasjon\w*|lokal\w*|"
    r"arbeidsoppgåv\w*|arbeidsoppgav\w*|kassa|arbeidstid\w*)|"
    r"adapted|adapt (the|our|a)|adjustment|adjusted|accommodat\w*|wheelchair|accessib\w*",
    # One contact instead of many agencies (the bedriftskoordinator, the personal coordinator).
    "koordinering": r"\b(én|ein|ett|eitt|en eneste|bare en) (person|kontakt\w*|dør|sted|stad|instans)\b|"
    r"forholde (oss|meg) til|fast kontaktperson|"
    r"(mange|fem|fire|tre|flere|fleire|ulike|forskjellige) (ulike |forskjellige )?"
    r"(aktører|etater|instanser|kontorer|kontor|folk som ringer)|fragmentert|"
    r"\bone (contact|door|person|place)\b|single point",
    "opplaering": r"opplæring|lære opp|kurs|kompetanse|training",
    "oppfolging": r"oppfølging|følge opp|veileder|hjelp",
    "nettverk": r"nettverk|samarbeid|andre bedrifter|utveksle erfaring\w*|erfaringsutveksling|"
    r"lære av andre|møte andre (ledere|bedrifter|arbeidsgivere|som)|andre ledere|network\w*",
}
_TAG_RES = {tag: re.compile(pattern, re.IGNORECASE) for tag, pattern in _TAG_CUES.items()}

_ENGLISH_WORDS = set(
    """the and is are can i you my me what how who where when which do does have has
    for with help job jobs work school young employer employers company hiring someone
    get call please want need would could should about this that there be been will""".split()
)
_NORWEGIAN_WORDS = set(
    """og er jeg eg du det en et som på til med har kan hva hvordan ikke ikkje vi meg
    hei for om jobb skole hjelp å""".split()
)
# A few English words mapped to Norwegian so English questions can still be searched.
ENGLISH_TO_NORWEGIAN = {
    "employer": "arbeidsgiver",
    "employers": "arbeidsgiver",
    "company": "bedrift",
    "business": "bedrift",
    "hiring": "ansette rekruttere",
    "hire": "ansette",
    "wage": "lønnstilskudd",
    "subsidy": "tilskudd",
    "subsidies": "tilskudd",
    "young": "ung",
    "youth": "ungdom",
    "job": "jobb",
    "jobs": "jobb",
    "work": "arbeid",
    "school": "skole",
    "apprentice": "lærling",
    "apprenticeship": "lærling",
    "mentor": "mentor",
    "training": "opplæring arbeidstrening",
    "health": "helse",
    "coordinator": "koordinator",
    "unemployed": "arbeidsledig",
    "help": "hjelp",
    "long": "lenge",
    "out": "utenfor",
}


# An employer spoken of, not one writing: "hver gang en arbeidsgiver ser politiattesten",
# "jobbe i en bedrift", "arbeidsgiveren min".
_ANOTHER_EMPLOYER = re.compile(
    r"(?<!\ber )(?<!\bhar )(?<!\bvi )\b(en|ei|et|noen|ingen|hver|alle|mange|flere|andre|nye?|"
    r"min|mi|mitt|sin|hans|hennes|an|any|every|my|some) (\w+ )?"
    r"(arbeidsgiver(en|e|ne)?|bedrift(en|er|ene)?|firma(et|er|ene)?|virksomhet(en|er|ene)?|"
    r"employers?|company|companies)\b|"
    r"\b(arbeidsgiveren|sjefen) (min|mi|hans|hennes|sin)\b",
    re.IGNORECASE,
)


# Taking someone in ("ta inn en lærling", "ta imot en ungdom på arbeidstrening"): an employer
# speaking, whatever else the message says about the young person.
_TAKES_IN = re.compile(
    r"\b(ta|tek|tar|ta|tok) (inn|imot|i mot|inn igjen) (en |ein |ei |et |eit |nye? |flere |fleire )?"
    r"(ung |unge )?(lærling\w*|ungdom\w*|kandidat\w*|praksiskandidat\w*|trainee\w*|elev\w*)\b|"
    r"\b(take on|take in) (an? )?(apprentice|young)\w*",
    re.IGNORECASE,
)


def infer_audience(text: str) -> str | None:
    """'arbeidsgiver', 'ungdom' or None when the message does not make it clear."""
    # as written and in Bokmål ("Vi är ett åkeri och vill anställa unga", "eg e 19")
    both = f"{text or ''}\n{to_bokmal(text or '')}"
    employer = len(_EMPLOYER.findall(both)) - len(_ANOTHER_EMPLOYER.findall(both))
    employer += 2 * len(_TAKES_IN.findall(both))
    youth = len(_YOUTH.findall(both))
    if employer > youth:
        return "arbeidsgiver"
    if youth > employer:
        return "ungdom"
    return None


def extract_age(text: str) -> int | None:
    """An age between 13 and 99 stated in the message ("jeg er 18", "24 år", "eg e 27")."""
    for match in _AGE.finditer(f"{text or ''}\n{to_bokmal(text or '')}"):
        age = int(match.group(1) or match.group(2))
        if 13 <= age <= 99:
            return age
    return None


# A trade or a sector named ("bilfag", "vil bli tømrer", "helsefagarbeider", "malerfirma"): a
# need the search can rank on its own words, though no tag names it.
_TRADE = re.compile(
    r"\b\w{2,}fag(et|ene)?\b|\w*(mekaniker|tømrer|snekker|elektriker|rørlegger|"
    r"helsefagarbeider|frisør|sveiser|maler|murer|blikkenslager|kokk)(e|en|ne|ar|er|firma\w*)?\b|"
    r"\b(mechanic|carpenter|electrician|plumber|welder|hairdresser|chef)s?\b",
    re.IGNORECASE,
)


# Needs specific enough that a question naming one is a question for the knowledge base.
SPECIFIC_NEEDS = frozenset(
    "ung-utenfor psykisk-helse rus sprak erfaring nedsatt-arbeidsevne rekruttere "
    "laerling praksisplass tilskudd mentor tilrettelegging beholde".split()
)


def names_a_trade(text: str) -> bool:
    return bool(_TRADE.search(text or ""))


def infer_tags(text: str) -> tuple[str, ...]:
    """The knowledge base's tags a message speaks of, in Bokmål or Nynorsk ("har ikkje
    fullført vidaregåande" is the same need as "har ikke fullført videregående")."""
    both = f"{text or ''}\n{to_bokmal(text or '')}"
    return tuple(tag for tag, pattern in _TAG_RES.items() if pattern.search(both))


# Words only English has (no Norwegian word is spelt so): one of them must be there, so that a
# company name ("Nordic Pixel AS") or an address is not taken for English.
_ENGLISH_FUNCTION_WORDS = frozenset(
    """the and is are can you my me what how who where when which do does have has with would
    could should about this that there be been will from of on it an a we our us your any anyone
    yes not don't i'm it's what's please hi hello hey thanks thank am was were want need myself
    get""".split()
)
LANGUAGE_MARGIN = 1.0  # Zipf points a word must be more frequent in one language to vote


def is_english(text: str) -> bool:
    """Written in English: more words far more frequent in English than in Norwegian (wordfreq's
    lists: "who", "pays", "trainee") than the reverse, and an English function word. ("for",
    "i" and "to" are words of both languages and vote for neither.)"""
    if (text or "").lstrip().startswith("/"):
        return False  # a button's payload ("/i_am_youth") is in no language
    words = re.findall(r"[a-zæøåé']+", (text or "").lower())
    if len(words) < 3 or not _ENGLISH_FUNCTION_WORDS.intersection(words):
        return False
    english_table, norwegian_table = zipf_table("en"), zipf_table("nb")
    english = norwegian = 0
    for word in words:
        difference = english_table.get(word, 0.0) - norwegian_table.get(word, 0.0)
        if difference >= LANGUAGE_MARGIN:
            english += 1
        elif difference <= -LANGUAGE_MARGIN:
            norwegian += 1
    return english >= 2 and english > 2 * norwegian


_ENGLISH_GREETING = re.compile(
    r"^\W*(hi|hello|hey|howdy|yo|hiya|good (morning|afternoon|evening)|what'?s up|sup)\b", re.I
)
_ENGLISH_BOT_QUESTION = re.compile(
    r"\b(are you|am i (talking|chatting|speaking|writing) (to|with)|is this|is it)( an?)?"
    r" (real |actual |live )?(bot|robot|chatbot|human|person|ai|machine|automated|automatic|people)\b|"
    r"\b(real|actual|live) (person|human)\b|\bis (this|it) (an? )?(automated|automatic)\b",
    re.I,
)


def english_bot_question(text: str) -> bool:
    return bool(_ENGLISH_BOT_QUESTION.search(text or ""))


# "Thanks a lot, that was really helpful!": thanked for, in English.
_ENGLISH_THANKS = re.compile(
    r"^\W*(thanks|thank you|thank u|thx|cheers|ty|much appreciated)\b|"
    r"\b(that was|that's|this was|you were|you've been|you are|you're) (really |very |so |super )?"
    r"(helpful|useful|great|a great help|a big help)\b",
    re.I,
)


def english_thanks(text: str) -> bool:
    """A short English thanks with no question in it."""
    return (
        bool(_ENGLISH_THANKS.search(text or ""))
        and "?" not in (text or "")
        and len((text or "").split()) <= 10
    )


def english_greeting(text: str) -> bool:
    return bool(_ENGLISH_GREETING.search(text or ""))


def english_small_talk(text: str) -> bool:
    """An English greeting or "are you a bot?", too short for `is_english` ("Hey! Good
    morning", "Are you a real person?"); never a Norwegian message ("hei, er du en robot?")."""
    if is_norwegian(text or ""):
        return False
    if english_bot_question(text) or english_thanks(text):
        return True
    # "hi" or "hey" alone is said in Norwegian too; "hello", "good morning", "hey there" is not
    words = fold(text or "").split()
    return english_greeting(text) and (len(words) >= 2 or words[:1] in (["hello"], ["howdy"]))


def is_norwegian(text: str) -> bool:
    """The text has a Norwegian word and more of them than English ones ("ja", "hei",
    "hva er jobbskolen"); a name, a number or an English word alone is not Norwegian."""
    words = fold(text).split()
    norwegian = sum(word in _NORWEGIAN_WORDS for word in words)
    english = sum(word in _ENGLISH_WORDS for word in words)
    return norwegian >= 1 and norwegian > english


def english_to_search_text(text: str) -> str:
    """The English words, each followed by its Norwegian word where the list has one ("how
    long lenge does …": the question words stay, so "how long" still asks for a duration)."""
    words = fold(text).split()
    return " ".join(
        f"{word} {ENGLISH_TO_NORWEGIAN[word]}" if word in ENGLISH_TO_NORWEGIAN else word
        for word in words
    )


_WANTS_PERSON_EN = re.compile(
    r"\b(call (me|us)|contact (me|us)|get in touch|talk (to|with)|speak (to|with)|"
    r"meet (a|with)|visit us|reach me|phone me|ring me)\b",
    re.IGNORECASE,
)


def wants_person(text: str) -> bool:
    """An English message that asks for a person to call or talk to."""
    return bool(_WANTS_PERSON_EN.search(text or ""))


_ASKS_FOR_PERSON = re.compile(
    r"\b(ringe|ringer|kontakte|kontakter) (meg|oss)\b|\btelefon fra\b|\bbesøk av\b|"
    r"\b(snakke|prate|snakka) med (en|et|ein|noen|nokon) ?(ekte |voksen )?"
    r"(person|menneske|voksen|veileder|rettleiar|bedriftskoordinator|koordinator)?|"
    r"\bta kontakt med (meg|oss)\b|\bkomme innom\b",
    re.IGNORECASE,
)


_WANTS_PERSON_STRONGLY = re.compile(
    r"\b(vil|ønsker|ønskjer|gjerne|kan jeg få|kan eg få|trenger|treng|må få|får jeg) (\w+ ){0,3}"
    r"(snakke|prate|snakka|kontakt|hjelp fra|hjelp frå|møte) (med |fra |frå )?(en |et |ein |eit )?"
    r"(ekte |levende |voksen )?(person|menneske|veileder|rettleiar|bedriftskoordinator|koordinator)\b|"
    r"\b(vil|ønsker|ønskjer|gjerne|kan jeg få|kan eg få|kan vi få|kan me få) (\w+ ){0,3}"
    r"(kontakt|hjelp) (med|fra|frå|av) (noen|nokon)(?= som| fra| frå| hos|\s*[.,!?]|\s*$)|"
    r"\b(vil|ønsker|ønskjer|gjerne|kan vi få|kan me få|kan jeg få|kan eg få) (\w+ ){0,2}(ha )?"
    r"besøk av\b|"
    r"\bhjelp (av|ifra) (en|ein) (veileder|rettleiar|bedriftskoordinator|koordinator)\b|"
    r"\b(vil|ønsker|ønskjer|gjerne|håper) (gjerne )?at "
    r"((en|ein|noen|nokon) (\w+ )?|(en |ein )?(veileder\w*|rettleiar\w*|bedriftskoordinator\w*|"
    r"koordinator\w*) )(\w+ ){0,2}(ringer|ringjer|kontakter|kontaktar|tar kontakt|ta kontakt|"
    r"kommer innom|ringe)\b|"
    r"\b(veilederen?|rettleiaren?|bedriftskoordinatoren?|koordinatoren?) (kan |må |skal )?"
    r"(ringe|ringer|kontakte|kontakter|ta kontakt med) (meg|oss)\b|"
    r"\b(ekte|levende) (person|menneske)\b|\bikke (med )?(en )?(robot|bot|chatbot)\b|"
    r"\b(kan|vil|bør|kunne) (en|et|ein|noen) (\w+ )?(veileder|bedriftskoordinator|koordinator|person|"
    r"menneske|rettleiar) (\w+ )?(ta kontakt|ringe|kontakte|snakke)|"
    r"\b(vil|ønsker|ønskjer|gjerne) (å )?bli (kontaktet|ringt|oppringt)\b|"
    r"\b(kan|vil|bør) noen (fra \w+ )?(ringe|kontakte|ta kontakt med) (meg|oss)\b|"
    r"\b(at )?noen (fra \w+ )?(tar|ta) kontakt med (meg|oss)\b",
    re.IGNORECASE,
)


def wants_person_strongly(text: str) -> bool:
    """An unmistakable request for a person, whatever else the message says ("Jeg vil snakke
    med et menneske, ikke en robot. Jeg er 19 og trenger jobb.")."""
    if re.search(r"\b(er du|are you|is this)\b", text or "", re.IGNORECASE):
        return False  # "er du en ekte person?" asks about the assistant
    return bool(_WANTS_PERSON_STRONGLY.search(text or ""))


def asks_for_person(text: str) -> bool:
    """A Norwegian message that asks for a person to call, visit or talk to."""
    return bool(_ASKS_FOR_PERSON.search(text or ""))


# "Kan du slå opp saken min hos Nav?", "sjekk søknaden min": the assistant can look up no
# one's case with Nav or the municipality (its own references are answered elsewhere).
_CASE_LOOKUP = re.compile(
    r"\b((slå|slaa|sla) opp|sjekk\w*|se på|finne|finn|hent\w*|look up|check)\b[^.?!]{0,25}"
    r"\b(sak|saka|saken|saker|søknad\w*|vedtak\w*|mappe\w*|journal\w*|case|application)\b",
    re.I,
)
_OWN_REFERENCE = re.compile(r"\bEDI[\s-]*\d{4}", re.I)


# "Glem alt jeg har fortalt deg", "jeg skrev e-posten min i stad, fjern den": deleting what
# was written, not "never mind" ("glem det" alone).
_FORGET_VERB = r"\b(glem|glemme|glemmer|slett|slette|sletter|fjern|fjerne|fjerner|forget|delete|erase|remove)\b"
_FORGET_DATA = re.compile(
    _FORGET_VERB
    + r" (\w+ ){0,2}(alt|samtalen|samtala|chatten|meldingene|meldingane|nummeret|numret|"
    r"nummeret mitt|e-?posten|e-?postadressen|opplysningene|opplysningane|dataene|historikken|"
    r"everything|the conversation|the chat|my (data|number|details|messages))\b",
    re.I,
)
_FORGET_IT = re.compile(_FORGET_VERB + r" (\w+ )?(det|den|dem|it|that)\b", re.I)
_SAID_BEFORE = re.compile(
    r"\b(jeg|eg|i) (har |hadde )?(skrev|skreiv|skrevet|skrive|fortalt|fortalde|sagt|sa|ga|gav|gitt|"
    r"oppga|oppgav|wrote|gave|told|typed)\b|\b(nummeret|numret|e-?posten|e-?postadressen) (mitt|min|mi)\b",
    re.I,
)


def asks_to_forget(text: str) -> bool:
    """The person wants what they wrote deleted."""
    text = text or ""
    if _FORGET_DATA.search(text) and (
        _SAID_BEFORE.search(text)
        or re.search(r"\b(alt|everything)\b", text, re.I)
        or re.search(r"samtal|chat|melding|historikk|data|opplysning", text, re.I)
    ):
        return True
    return bool(_FORGET_IT.search(text) and _SAID_BEFORE.search(text))


def asks_to_look_up_a_case(text: str) -> bool:
    return bool(_CASE_LOOKUP.search(text or "")) and not _OWN_REFERENCE.search(text or "")
