"""Compose answers about tiltak as named responses (domain/) with their values.

Pure functions: they take knowledge entries and return `Reply` items; the Rasa actions only
send them. Every value comes from the knowledge base, never from the user's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.training import response_text
from knowledge.search import Match, Reason, TiltakIndex, asks_typed_only_fact, fact_type
from knowledge.search.facts import NEXT_QUESTION
from knowledge.validation import NOT_IN_SOURCES

ASPECTS = ("overview", "for_whom", "how_to_start", "pay", "cost", "fact")
_ASPECT_CUES = [
    (
        # Whether the participant is paid ("får man betalt?", "jobber man gratis?"), not what
        # it costs: answered from the entry's sentences about wages or benefits.
        "pay",
        re.compile(
            r"\bfår (man|jeg|eg|en|du|de|han|hun|dei|ho) (betalt|lønn|penger|stønad)|"
            r"\b(er|blir) (man|de|dei|lærlinger\w*|deltakerne|en) (betalt|lønnet)|"
            r"\b(jobber|jobbar|arbeider) (man|jeg|eg|en|de) gratis|\bgratis (jobbing|arbeid)|"
            r"\bblir (man|jeg|eg|en) betalt|"
            r"\b(do|will) (i|you|we|they) get paid\b|\bis it paid\b",
            re.I,
        ),
    ),
    (
        "fact",
        re.compile(
            r"\bhvor (mange|mye|stor)|\bkor (mange|mykje)|\bantall\b|\b(hvor|kor) (lenge|lange|lang tid)\b|"
            r"^\s*(har|er) (det )?mange\b|"
            r"\bnår (startet|begynte|kom|ble|var|skjedde|starta|dro|reiste|åpnet|vedtok)\b|"
            r"\b(hvem|kven) (har )?(ledet|ledde|leda|leia|leidde)\b|"
            r"\b(hvor|kor) (mye|mykje|mange ganger) (større|høyere|mer|mindre|lavere|oftere)\b|"
            r"\b(i )?hvilket år\b|\b(hva|kva) (er|var) (den |det )?(\w+ ){0,2}(finansieringen|"
            r"budsjettet|bevilgningen|summen)\b|"
            r"\btids(begrens|avgrens)|\bhow (many|much|long)\b|\bwhen did\b|"
            r"\b(hvilke|kva for|which) (bransjer|fag|yrker|fagområder|sektorer|industries|sectors)\b|"
            r"\b(hvor|kor) (kommer|kom) (ideen|idéen|modellen|tanken|det|dette|den) fra\b|"
            r"\bwhere (does|did) (it|the idea|this) come from\b|"
            # what exclusion costs society, what work gains it: figures of the reports
            r"\bsamfunnsøkonomisk\w*|\b(hva|kva|hvor stor|kor stor) (er|var) (\w+ ){0,2}gevinst\w*|"
            r"\b(har|hadde) (\w+ ){0,3}(anslått|beregnet|estimert|regnet ut)\b|"
            r"\b(hva|kva) (er|var|blir) (den |det |de )?(\w+ ){0,2}\w*prisen\b",
            re.I,
        ),
    ),
    (
        "cost",
        re.compile(
            r"\bkost(er|nad)|\bpris(en)?\b|\bbetale|\bgratis\b|\begenandel|\bcost|\bprice\b|\bfree\b|\bbetalt\b|"
            r"\bdo (i|we) (have to )?pay\b",
            re.I,
        ),
    ),
    (
        "how_to_start",
        re.compile(
            r"hvordan (kommer|søker|melder|får|blir|går|bruker)|\bsøke\b|\bmelde (meg|seg|oss)|"
            r"påmelding|komme i gang|hva må (vi|jeg) gjøre|korleis|hvordan (begynner|starter|gjør)|"
            r"første (steg|skritt|jeg|han|hun|vi)|hva (bør|skal) (jeg|han|hun|vi) gjøre|"
            r"\bhow (do|can) (i|we|you) (apply|start|join|sign up|get (in|started))|\bwhere do i (apply|start)|"
            r"\b(hvem|kven) (er det (\w+ ){0,2})?(skal|må|kan|bør|skal man|må man) (\w+ ){0,2}"
            r"(kontakte|ringe|snakke med|"
            r"henvende seg til|ta kontakt med|ha kontakt med)|\bwho (do|should|can) (i|we|they) (contact|call|talk to)",
            re.I,
        ),
    ),
    (
        # Who runs or made it ("hvem står bak det?", "kven leiar det?"): the entry's provider.
        "provider",
        re.compile(
            r"\bhvem (er det som |var det som )?(har )?(laget|lagde|laga|utviklet|utvikla|startet|starta|"
            r"står bak|sto bak|driver|drifter|leder|eier|arrangerer|tilbyr|organiserer|har ansvar\w*)\b|"
            r"\b(hvem|kven) (var|er|har vært) med på å (lage|laga|starte|starta|utvikle|utvikla|bygge|drive)\b|"
            r"\b(hvem|kven) (andre )?(er|var|sitter|deltar) (med )?(i|på) (nettverket|samarbeidet|"
            r"partnerskapet|rådet|gruppa|gruppen|den|det)\b|\b(hvem|kven) (andre )?deltar\b|"
            r"\bkven (er det som |var det som )?(har )?(laga|lagde|utvikla|starta|står bak|driv|leiar|eig|tilbyr|"
            r"arrangerer|organiserer|har ansvar\w*)\b|\bhvem er (ansvarlig|bak)\b|"
            r"\bwho (made|created|developed|started|runs|leads|owns|organi[sz]es|offers|is behind|"
            r"is responsible)\b",
            re.I,
        ),
    ),
    (
        "for_whom",
        re.compile(
            r"\bhvem kan|\bfor hvem\b|\bkven kan|\bgammel\b|\balder|\bkan (jeg|eg) (få|være med|bli med|søke)|"
            r"\bnoe for meg\b|\bpasse(r)? for|\bgjelder (det|dette)|\bwho (can|is it for)|"
            r"\bcan (i|we|my \w+) (join|apply|take part|get)|\bam i eligible|\bage limit|"
            r"\bhow old\b|\b(what|which) age\b|\bold enough\b|\btoo old\b|"
            # an age asked about the scheme just discussed ("men e 27 da, går det?", "og for meg,
            # da? jeg er 22")
            r"\b(går|gjelder|gjeld|passer) det\b[^.!]{0,25}\b(1[3-9]|[2-9]\d)\b|"
            r"\b(1[3-9]|[2-9]\d)\b( år)?[^.!]{0,25}\b(går|gjelder|gjeld|passer) det\b|"
            r"\bfor (gammel|ung)\b|\btoo young\b|\b(og )?for meg,? da\b|\bwhat about me\b",
            re.I,
        ),
    ),
    (
        # What it gives, step by step ("ramse opp stegene", "hva får vi?"): the offers.
        "offers",
        re.compile(
            r"\b(ramse|list|liste|remse) opp\b|^\W*(nevn|forklar|beskriv) (\w+ )?"
            r"(stegene|stega|trinnene|trinna|delene|innholdet)\b|"
            r"\b(hva|kva) (er|var) (stegene|stega|trinnene|trinna|delene|innholdet)\b|"
            r"\bhvilke (steg|trinn|deler)\b|\bkva for (steg|trinn)\b|"
            r"\b(hva|kva) (får|gir|inneholder|består) (man|jeg|eg|vi|me|dere|de|en|ein|det|den)\b|"
            r"\bwhat (do (i|we|you) get|does it (include|offer|give))\b|\bwhat are the steps\b",
            re.I,
        ),
    ),
]
INTENT_ASPECT = {
    "ask_eligibility": "for_whom",
    "ask_how_to_start": "how_to_start",
    "ask_cost": "cost",
    "ask_fact": "fact",
}


@dataclass
class Reply:
    """A named response with its values; `custom` is data sent with it (json_message) for a
    client that draws it itself, such as the widget's tiltak cards."""

    response: str
    values: dict = field(default_factory=dict)
    custom: dict | None = None


# "Finnes det et program der jeg får stønad …?" looks for a scheme; it does not ask whether
# the one just discussed pays.
_LOOKS_FOR_A_SCHEME = re.compile(
    r"\b(finnes|fins) det\b|\bhar dere noe\b|\ber det noen (program|tiltak|ordning)|"
    r"\b(is|are) there (any|a)\b",
    re.I,
)


# "Hva er/var X?" asks what X is, whatever fact-like intent the classifier guessed.
_WHAT_IS_IT = re.compile(r"^\W*(hva|kva) (er|var) ", re.I)


def aspect_of(text: str, intent: str | None) -> str:
    """Which part of a tiltak the question is about."""
    if intent == "ask_fact" and _WHAT_IS_IT.match(text or "") and not fact_cue(text):
        return "overview"
    for aspect, pattern in _ASPECT_CUES:
        if aspect == "pay" and _LOOKS_FOR_A_SCHEME.search(text or ""):
            continue
        if fact_cue(text) if aspect == "fact" else pattern.search(text or ""):
            return aspect
    return INTENT_ASPECT.get(intent or "", "overview")


def fact_cue(text: str | None) -> bool:
    return bool(dict(_ASPECT_CUES)["fact"].search(text or "") or asks_typed_only_fact(text))


def for_whom(entry: dict, language: str = "nb") -> str:
    """Plain sentence about who the tiltak is for, from audience, ages and conditions."""
    parts: list[str] = []
    eligibility = entry.get("eligibility") or {}
    low, high = eligibility.get("min_age"), eligibility.get("max_age")
    if low is not None and high is not None:
        parts.append(response_text("utter_part_ages", language, low=low, high=high))
    elif high is not None:
        parts.append(response_text("utter_part_ages_max", language, high=high))
    elif low is not None:
        parts.append(response_text("utter_part_ages_min", language, low=low))
    if entry.get("target_groups") and language != "en":
        parts.append(", ".join(entry["target_groups"]))
    text = "; ".join(parts)
    conditions = text_of(entry, "eligibility_conditions", language).strip()
    if conditions:
        text = f"{text}. {conditions}" if text else conditions
    return text.strip()


# What each status means to the user, in the reports' terms (no status claims more).
STATUS_NOTES = {
    "pilot": "utter_tiltak_status_pilot",
    "forslag": "utter_tiltak_status_proposal",
    "avsluttet": "utter_tiltak_status_ended",
    "ukjent": "utter_tiltak_status_unknown",
}


def _known(value) -> str:
    """The field's text, or "" when it is empty or says the sources do not say."""
    text = str(value or "").strip()
    return "" if text == NOT_IN_SOURCES else text


def handoff_role(entry: dict, language: str = "nb") -> str:
    """Who the assistant's own handoff reaches: a veileder, or for employers a
    bedriftskoordinator."""
    if entry.get("audience") == "arbeidsgiver":
        return response_text("utter_part_role_employer", language)
    return response_text("utter_part_role_youth", language)


def text_of(entry: dict, name: str, language: str = "nb") -> str:
    """A text field of the entry in the language asked for; the Norwegian where the entry has
    no English for it (`ikke_i_kildene` and empty stay as they are)."""
    if name == "eligibility_conditions":
        norwegian = (entry.get("eligibility") or {}).get("conditions") or ""
    else:
        norwegian = entry.get(name) or ""
    if language == "en" and _known(norwegian) and hasattr(entry, "text_in"):
        english = entry.text_in(name, "en")
        if english:
            return english
    return norwegian


def sentence_in(entry: dict, sentence: str, language: str = "nb") -> str:
    """A sentence the search found in the entry (a key fact, or one of its summary, offers or
    cost) in the language asked for: the English key fact, the English sentence in the same
    place, or the whole English field when the sentences do not line up."""
    if language != "en" or not hasattr(entry, "text_in"):
        return sentence
    english = entry.fact_in(sentence, "en")
    if english:
        return english
    for name in ("summary", "offers", "cost"):
        norwegian = [" ".join(p.split()) for p in _SENTENCES.split(_known(entry.get(name)))]
        if sentence in norwegian:
            translated = entry.text_in(name, "en")
            if not translated:
                return sentence
            parts = [" ".join(p.split()) for p in _SENTENCES.split(translated)]
            if len(parts) == len(norwegian):
                return parts[norwegian.index(sentence)]
            return " ".join(translated.split())
    return sentence


def _notes(entry: dict) -> list[Reply]:
    notes = []
    status_note = STATUS_NOTES.get(entry.get("status") or "")
    if status_note:
        notes.append(Reply(status_note, {"name": entry["name"]}))
    if entry.get("scope") == "annen_kommune" and entry.get("municipality"):
        notes.append(
            Reply("utter_tiltak_other_municipality", {"municipality": entry["municipality"]})
        )
    return notes


# The first question of a message that asks what a tiltak is or how it works, before a fact
# question ("Hva er Jobbskolen, og hvor lenge varer den?").
_WHAT_OR_HOW_IT_WORKS = re.compile(
    r"^\W*(?:\w+\s+){0,6}?(?:hva (?:er|går \w+ ut på|innebærer)|kva (?:er|går \w+ ut på)|"
    r"hvordan (?:fungerer|funker|virker)|korleis (?:fungerer|verkar)|what is|what's|"
    r"how does \w+(?: \w+){0,3} work)\b",
    re.I,
)


def _asks_what_it_is_first(question: str) -> bool:
    parts = [p for p in NEXT_QUESTION.split(question or "") if p and p.strip()]
    first = re.split(r"(?<=[.!?])\s+", parts[0].strip())[-1] if parts else ""
    return (
        len(parts) > 1
        and bool(_WHAT_OR_HOW_IT_WORKS.match(first))
        and fact_type(parts[0]) is None
        and any(fact_type(part) for part in parts[1:])
    )


def fact_replies(
    index: TiltakIndex,
    question: str,
    entry: dict | None = None,
    language: str = "nb",
    only_this: bool = False,
) -> list[Reply]:
    """The facts that answer each question of the message, about `entry` if given; an honest
    "the sources do not say" for all of it, or for the part they do not answer."""
    english = language == "en"
    answers = index.find_fact_answers(
        question, tiltak_id=entry["id"] if entry else None, only_this=only_this, english=english
    )
    if only_this and entry and not any(answers):
        # Not among its own facts: a fact that names it ("tre ungdomsveiledere på to
        # videregående skoler" for "på hvor mange videregående skoler da?") or matches the
        # question strongly (the rule of a named question).
        answers = index.find_fact_answers(question, tiltak_id=entry["id"], english=english)
    said: list[str] = []
    for answer in answers:
        if answer:
            sentence = sentence_in(index.get(answer[0]) or entry or {}, answer[1], language)
            if sentence not in said:
                said.append(sentence)
    if not said:
        if entry:
            return [Reply("utter_tiltak_fact_unknown_named", {"name": entry["name"]})]
        return [Reply("utter_tiltak_fact_unknown")]
    replies = [Reply("utter_tiltak_fact", {"fact": " ".join(said)})]
    if None in answers:
        replies.append(Reply("utter_tiltak_fact_rest_unknown"))
    return replies


def describe(
    entry: dict, aspect: str, question: str, index: TiltakIndex, language: str = "nb"
) -> list[Reply]:
    """Two or three short messages about one tiltak, focused on the asked aspect, in the
    language asked for (the response names stay; `actions.common.send` picks the English
    variant)."""
    name = entry["name"]
    role = handoff_role(entry, language)
    summary = text_of(entry, "summary", language)
    if aspect == "fact":
        facts = fact_replies(index, question, entry, language)
        if _asks_what_it_is_first(question):
            # "Hvordan fungerer traineeprogrammet, og hvem betaler for det?": what it is,
            # then the fact
            return [Reply("utter_tiltak_summary", {"name": name, "summary": summary}), *facts]
        return facts
    if aspect == "pay":
        said = [sentence_in(entry, s, language) for s in pay_sentences(entry)]
        if said:
            return [Reply("utter_tiltak_pay", {"name": name, "pay": " ".join(said[:2])})]
        return [Reply("utter_tiltak_pay_unknown", {"name": name, "contact_role": role})]
    if aspect == "cost":
        if entry.get("cost"):
            return [Reply("utter_tiltak_cost", {"cost": text_of(entry, "cost", language)})]
        return [
            Reply("utter_tiltak_summary", {"name": name, "summary": summary}),
            Reply("utter_tiltak_cost_unknown", {"name": name, "contact_role": role}),
        ]
    if aspect == "for_whom":
        who = for_whom(entry, language)
        replies = [Reply("utter_tiltak_summary", {"name": name, "summary": summary})]
        if who:
            replies.append(Reply("utter_tiltak_for_whom", {"for_whom": who}))
        else:
            replies.append(Reply("utter_tiltak_for_whom_unknown", {"name": name}))
        return replies + _notes(entry)
    if aspect == "how_to_start":
        return how_to_start(entry, language)
    if aspect == "provider":
        provider = _known(entry.get("provider"))
        if provider:
            return [Reply("utter_tiltak_provider", {"name": name, "provider": provider})]
        return [Reply("utter_tiltak_provider_unknown", {"name": name})]
    replies = [Reply("utter_tiltak_summary", {"name": name, "summary": summary})]
    if entry.get("offers"):
        replies.append(Reply("utter_tiltak_offers", {"offers": text_of(entry, "offers", language)}))
    return replies + _notes(entry)


# A sentence that says the participant gets a wage or a benefit ("Som lærling får du
# lærlingelønn", "kandidatene mottar stønad fra Nav"), not an outcome ("lønnet arbeid").
_PAY_SENTENCE = re.compile(
    r"\b(får|mottar|motta|gir|har rett på)\b[^.]{0,40}\b(lønn|lærlingelønn|stønad|tiltakspenger|"
    r"betalt|ytelse\w*|aap|arbeidsavklaringspenger)\b|\blærlingelønn\b|\bbetalt under\b",
    re.I,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def pay_sentences(entry: dict) -> list[str]:
    """The entry's own sentences that say what a participant is paid or receives."""
    eligibility = entry.get("eligibility") or {}
    texts = [entry.get("summary"), entry.get("offers"), entry.get("cost")]
    texts.append(eligibility.get("conditions"))
    found = []
    for text in texts:
        for sentence in _SENTENCES.split(_known(text)):
            sentence = " ".join(sentence.split())
            if sentence and _PAY_SENTENCE.search(sentence) and sentence not in found:
                found.append(sentence)
    return found


def how_to_start(entry: dict, language: str = "nb") -> list[Reply]:
    """The sourced first step and who to ask, or "the sources do not say"; then what it
    gives, what its status means, and always last the button to be contacted by a person."""
    name = entry["name"]
    steps = _known(entry.get("how_to_start"))
    if steps:
        replies = [
            Reply(
                "utter_tiltak_how_to_start",
                {"how_to_start": text_of(entry, "how_to_start", language)},
            )
        ]
        role = _known(entry.get("contact_role"))
        if role:
            role = text_of(entry, "contact_role", language)
            replies.append(Reply("utter_tiltak_contact_role", {"contact_role": role}))
    else:
        replies = [
            Reply(
                "utter_tiltak_how_to_start_unknown",
                {"name": name, "contact_role": handoff_role(entry, language)},
            )
        ]
    if entry.get("offers"):
        replies.append(Reply("utter_tiltak_offers", {"offers": text_of(entry, "offers", language)}))
    replies += _notes(entry)
    replies.append(
        Reply("utter_tiltak_contact_button", {"contact_role": handoff_role(entry, language)})
    )
    return replies


# The need's name in a reason line, by knowledge tag (a tag not listed is shown as it is).
TAG_RESPONSES = {
    "ung-utenfor": "utter_tag_ung_utenfor",
    "psykisk-helse": "utter_tag_psykisk_helse",
    "sprak": "utter_tag_sprak",
    "okonomi": "utter_tag_okonomi",
    "laerling": "utter_tag_laerling",
    "opplaering": "utter_tag_opplaering",
    "oppfolging": "utter_tag_oppfolging",
    "nedsatt-arbeidsevne": "utter_tag_nedsatt_arbeidsevne",
    "innvandrer": "utter_tag_innvandrer",
    "erfaring": "utter_tag_erfaring",
    "rekruttere": "utter_tag_rekruttere",
    "beholde": "utter_tag_beholde",
    "praksisplass": "utter_tag_praksisplass",
    "tilrettelegging": "utter_tag_tilrettelegging",
    "koordinering": "utter_tag_koordinering",
}


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {response_text('utter_part_and')} " + items[-1]


def reason_text(reason: Reason) -> str:
    """The reason line of a recommendation (Norwegian: in English there is none), from the
    kind of reason the search gave: the need's name, else the person's own words."""
    if reason.kind == "topics":
        labels = [
            response_text(TAG_RESPONSES[t]) if t in TAG_RESPONSES else t for t in reason.items
        ]
        return response_text("utter_reason_topics", topics=_join(labels))
    if reason.kind == "words":
        return response_text("utter_reason_words", words=_join([f"«{w}»" for w in reason.items]))
    return response_text("utter_reason_maybe")


def recommendations(
    matches: list[Match], audience: str | None, language: str = "nb"
) -> list[Reply]:
    if not matches:
        return [Reply("utter_recommend_none")]
    intro = (
        "utter_recommend_intro_employer" if audience == "arbeidsgiver" else "utter_recommend_intro"
    )
    items = []
    for match in matches:
        entry = match.tiltak
        values = {"name": entry["name"], "summary": text_of(entry, "summary", language)}
        if language != "en":
            # The reason line names the need in Norwegian words: in English, no reason line.
            values["reason"] = reason_text(match.reason)
        items.append((entry["id"], values))
    # The widget draws the cards from this data, never from the wording of the item texts;
    # the texts stay for screen readers, REST clients and the evaluation kit, and
    # `repeated_in_text` tells the widget how many of the following texts the cards repeat.
    # Under "data": Rasa's socket.io channel emits the custom dict as keyword arguments of
    # `emit`, so only `data` reaches the browser (REST passes the dict as it is).
    cards = [{"id": tiltak_id, "reason": "", **values} for tiltak_id, values in items]
    custom = {"data": {"tiltak": cards, "repeated_in_text": len(cards)}}
    return [Reply(intro, custom=custom)] + [
        Reply("utter_recommend_item", values) for _, values in items
    ]
