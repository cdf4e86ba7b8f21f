"""Read and check contact details a user gives in the handoff form."""

from __future__ import annotations

import re

from bot.guidance.personal_data import find_personal_data

ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_NAME_PATTERNS = [
    re.compile(
        # a full stop ends the name, unless it follows an initial ("Jan E. Moe")
        r"(?:kontaktperson|kontakt|navn|name|contact)(?:\s*[:\-]\s*|\s+(?:er|is)\s+(?=[A-ZÆØÅ]))"
        r"([A-ZÆØÅa-zæøåé][\wæøåÆØÅé.\- ]{1,60}?)"
        r"(?=[,;]|(?<!\b[A-ZÆØÅ])\.|\s+(?:mobil|tlf|telefon|phone|e-?post|mail|på)\b|$)",
        re.I,
    ),
    re.compile(
        r"(?:jeg heter|eg heiter|eg heter|mitt navn er|navnet mitt er|my name is|i am|i'm)\s+([A-ZÆØÅa-zæøå][\wæøåÆØÅé\-]{1,30}(?:\s+[A-ZÆØÅ][\wæøåé\-]{1,30})?)",
        re.I,
    ),
    re.compile(r"^\s*([A-ZÆØÅ][\wæøåé\-]{1,30})\s+(?:heter jeg|heiter eg|her)\b"),
    # the name beside "meg": "Kontakt meg, Mona Dahl, på …", "Ring meg, Geir, på …"
    re.compile(
        r"\b(?:meg|me|oss)\s*,\s*([A-ZÆØÅ][\wæøåé\-]{1,30}(?:\s+[A-ZÆØÅ][\wæøåé.\-]{0,30}){0,2})"
        r"\s*(?=,|\s+(?:på|on|at)\b)"
    ),
]
_LABEL = re.compile(
    r"^\s*(?:firma|bedrift|company|bedriftsnavn|navn på bedriften)\s*[:\-]\s*", re.I
)

# -- yes or no: consent and confirmation ------------------------------------------------------
# A consent is only an unambiguous yes. Any negation ("ikke", "ikkje", "not", "nei" …) makes
# the answer a no, also after a "ja" ("ja, altså nei"); hedges and questions are unclear.
_NEGATIVE_WORDS = frozenset(
    "nei nope no nah nay næ niks nix aldri never ikke ikkje inte not nein nee "
    "neppe nada ingen avbryt stopp stop cancel glem".split()
)
_POSITIVE_WORDS = frozenset(
    "ja jaa jo joda jada jepp jepps japp javisst javel yes yep yup yeah ya yess ok okei okay "
    "oki okey greit gjerne fint flott supert topp klart selvfølgelig selvsagt sjølvsagt "
    "absolutt definitivt samtykker samtykkjer samtykke samtykkar consent consents "
    "agree agreed sure certainly alright fine stemmer riktig korrekt correct bekrefter "
    "bekreftar bekreft confirm confirmed send sende godtar godkjenner aksepterer accept".split()
)
# Phrases that contain a negation word and still mean yes, or that mean "I don't know".
_POSITIVE_IDIOMS = re.compile(
    r"\b(?:ikke noe problem|ikkje noko problem|ingen problem(?:er)?|no problem|not a problem|"
    r"no worries|hvorfor ikke|kvifor ikkje|why not|of course)\b"
)
# An answer of at most this many words may say yes anywhere ("det er helt greit for meg").
SHORT_ANSWER_WORDS = 6
_CONSENT_PHRASE = re.compile(
    r"\b(?:samtykk\w*|har lov|det er greit|det går fint|greit for meg|gi(?:r)? (?:dere )?lov|"
    r"i agree|i consent|you may|you can (?:contact|call|store)|go ahead)\b"
)
_HEDGES = re.compile(
    r"\b(?:vet ikke|veit ikke|vet ikkje|veit ikkje|ikke sikker|ikkje sikker|not sure|"
    r"do not know|dunno|usikker|kanskje|kan hende|maybe|perhaps|tja|hmm+|mulig(?:ens)?|"
    r"nja|lurer på|skal tenke|tenke på det|think about it)\b"
)
_QUESTION_START = re.compile(
    r"^(?:hva|hvem|hvor|hvordan|hvorfor|hvilke[nt]?|kva|kven|kvar|korleis|kvifor|what|who|"
    r"where|how|why|which)\b"
)
_APOSTROPHE = re.compile(r"[\u2019\u2018`´]")
_THUMBS_UP = "\U0001f44d"


def _answer_words(text: str) -> str:
    text = _APOSTROPHE.sub("'", (text or "").lower())
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"\b(?:dont|doesnt|didnt|wont|cant|isnt)\b", "not", text)
    return " ".join(re.findall(r"[\wæøåé]+", text))


def yes_or_no(text: str) -> str | None:
    """The answer to a yes/no question: "ja" only for a clear yes, "nei" for anything that
    says no (any negation, also after a yes), None for neither (a hedge, a question,
    something else), which is asked again."""
    raw = without_personal_data(text or "")  # "ola@example.no" says no "no"
    words = _answer_words(raw)
    positive_idiom = bool(_POSITIVE_IDIOMS.search(words))
    rest = _POSITIVE_IDIOMS.sub(" ", words)
    hedge = bool(_HEDGES.search(rest))
    rest = _HEDGES.sub(" ", rest)
    tokens = rest.split()
    if any(token in _NEGATIVE_WORDS or re.fullmatch(r"ne+i+", token) for token in tokens):
        return "nei"
    if hedge:
        return None

    def yes_word(token: str) -> bool:
        return token in _POSITIVE_WORDS or bool(re.fullmatch(r"ja+", token))

    positive = positive_idiom or _THUMBS_UP in raw
    # The yes must be the answer, not a word in a sentence about something else ("Vi trenger
    # folk til frokost, gjerne to–tre ungdommer" says nothing about consent): it opens the
    # message, or the message is short, or it says consent in so many words.
    positive = positive or (
        bool(tokens)
        and (
            yes_word(tokens[0])
            or (len(tokens) <= SHORT_ANSWER_WORDS and any(yes_word(t) for t in tokens))
            or bool(_CONSENT_PHRASE.search(rest))
        )
    )
    if not positive:
        return None
    if "?" in raw or (_QUESTION_START.match(words) and not positive_idiom):
        return None  # "ja, men hva skjer med det?" is a question, not a consent
    return "ja"


def is_org_number(text: str) -> bool:
    """9 digits with a valid mod-11 control digit (Brønnøysundregistrene)."""
    digits = [int(c) for c in re.sub(r"[\s.]", "", text or "") if c.isdigit()]
    if len(digits) != 9 or len(re.sub(r"[\s.\d]", "", text or "")) > 0:
        return False
    remainder = sum(d * w for d, w in zip(digits[:8], ORG_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == digits[8]


_ORG_NUMBER_IN_TEXT = re.compile(r"(?<![\d+])(?<!\d )(\d{3}[ .]?\d{3}[ .]?\d{3})(?![ .]?\d)")


def org_number_in(text: str) -> str | None:
    """A valid organisation number written anywhere in the text ("org.nr 974 760 673"), as
    its 9 digits; phone numbers (8 digits) and fødselsnumre (11) are never one."""
    for match in _ORG_NUMBER_IN_TEXT.finditer(text or ""):
        if is_org_number(match.group(1)):
            return re.sub(r"\D", "", match.group(1))
    return None


def looks_like_person_name(name: str) -> bool:
    """One to four capitalised words of letters ("Mona Lie", "Per Ås"): a name, not a sentence."""
    words = (name or "").split()
    return 1 <= len(words) <= 4 and all(
        word[0].isupper() and re.fullmatch(r"[A-Za-zÆØÅæøåÉéÜü'.-]+", word) for word in words
    )


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


def without_personal_data(text: str) -> str:
    """The text with every number and address `find_personal_data` finds cut out."""
    text = text or ""
    for item in reversed(find_personal_data(text)):
        text = text[: item.start] + " " + text[item.end :]
    return text


_NUMBER_WORDS = re.compile(
    r"\b(?:f(?:ø|o|oe)dselsnummer|f(?:ø|o|oe)dselsnr|fnr|personnummer|personnr|d-nummer|"
    r"kontonummer|kontonr|konto|tlf|telefon|telefonnummer|mobil|mobilnummer|nummer|nr|"
    r"e-?post|mail|e-?mail|phone|number|account)\b.*$",
    re.I | re.S,
)


def clean_name(text: str, name: str | None = None) -> str:
    """A name from an answer such as "Navn: Ola 15076500565" or "Ola, fnr …": no digits,
    no numbers or addresses, nothing after a word like "fødselsnummer" or "tlf"."""
    cleaned = without_personal_data(text)
    found = find_name(cleaned) if name is None else name
    candidate = found if found else clean_company(cleaned)
    candidate = _NUMBER_WORDS.sub("", candidate)
    candidate = re.sub(r"\d+", " ", candidate)
    candidate = re.sub(r"[^\wæøåÆØÅé \-.']", "", candidate)
    return re.sub(r"\s+", " ", candidate).strip(" ,.-")[:60]


_CALLED = re.compile(
    # not "jeg heter Lise Berg": that is the contact person, said in the same answer
    r"\b(?<!jeg )(?<!eg )(?<!\bi )(?:heter|heiter|het|is called|is named)\s+(.+?)"
    r"(?=[,;!?]|\.(?:\s|$)|\s+og\s|$)",
    re.I,
)


def clean_company(text: str) -> str:
    """A company name from an answer like "Company: Fjord Tech AS, phone 40 12 34 56" or
    "Hotellet heter Fjordlys Hotell AS. Vi trenger …" (the name, not the sentence)."""
    text = _LABEL.sub("", text or "")
    if called := _CALLED.search(text):
        text = called.group(1)
    text = re.split(r"\.\s+(?=[A-ZÆØÅ])", text, maxsplit=1)[0]
    for item in reversed(find_personal_data(text)):
        text = text[: item.start] + text[item.end :]
    text = re.split(
        r",|;|\b(?:phone|tlf|telefon|mobil|e-?post|mail|fnr|f(?:ø|o|oe)dselsnummer|"
        r"personnummer|d-nummer|konto|kontonummer|kontonr|account)\b",
        text,
        maxsplit=1,
        flags=re.I,
    )[0]
    return text.strip(" ,.:-")[:120]
