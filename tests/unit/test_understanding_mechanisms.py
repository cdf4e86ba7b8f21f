"""Mechanisms of issue #16 that the held-out set measures: each has a test that fails without it."""

from __future__ import annotations

import pytest

from bot.guidance.answers import aspect_of, fact_replies
from bot.guidance.profile import infer_tags, wants_person_strongly
from knowledge.search import TiltakIndex, fact_type
from knowledge.search.facts import question_parts
from knowledge.spelling import Speller


@pytest.fixture(scope="module")
def index(content):
    return TiltakIndex(content)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ung strat", "ung start"), ("jobskolne", "jobbskolen"), ("bedrfitspakken", "bedriftspakken")],
)
def test_unknown_words_are_corrected_against_the_names(typed, meant):
    speller = Speller({"ung", "start", "jobbskolen", "bedriftspakken"})
    assert speller.correct(typed) == meant


def test_real_words_are_never_corrected_into_names():
    speller = Speller({"jobbskolen", "start"})
    assert speller.correct("jeg vil starte") == "jeg vil starte"
    assert speller.correct("stort") == "stort"


def test_misspelled_names_are_found(index):
    found = index.find_by_name("hvordn kan jg søke på ung strat")
    assert found and found[0].tiltak["id"] == "ung-start-jobbskolen"


def test_an_ordinary_word_asked_about_as_a_name_is_the_name(index):
    assert index.find_by_name("hæ hva er flyt for noe da")[0].tiltak["id"] == "flyt"
    assert not index.find_by_name("jeg har ikke noe flyt i livet")
    for asked in ("hva er greia med flyt?", "hva går flyt ut på", "fortell litt om flyt"):
        assert index.find_by_name(asked)[0].tiltak["id"] == "flyt", asked
    assert index.find_by_name("flyt, hva er det for noe?")[0].tiltak["id"] == "flyt"
    assert not index.find_by_name("det er god flyt i arbeidet på lageret")


def test_a_place_alone_is_not_a_scheme(index):
    assert not index.find_by_name("Hva koster en flybillett til Oslo?")


def test_a_name_of_ordinary_words_counts_only_whole(index):
    assert not index.find_by_name("hvor mange har vært med?")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hvor lenge varte kurset?", "duration"),
        ("Kor lenge varer det?", "duration"),
        ("Hvor mye koster det?", "amount"),
        ("Når startet programmet?", "when"),
        ("Hvor mange bedrifter har signert?", "count"),
        ("Hva er Jobbskolen?", None),
        ("kor mange prosent får jobb etterpå?", "percent"),
        ("Hvor stor andel fullfører?", "percent"),
        ("er det lang ventetid?", "waiting"),
        ("Hvor ofte er det samlinger?", "frequency"),
        ("og hvem betaler for det?", "funding"),
        ("who pays for it?", "funding"),
        ("Hva er adressen deres?", "contact"),
        ("når har de åpent på lørdager?", "contact"),
        ("Må jeg betale noe selv?", None),
    ],
)
def test_the_type_of_a_fact_question(question, kind):
    assert fact_type(question) == kind


@pytest.mark.parametrize(
    ("question", "tiltak_id"),
    [
        ("Hvilken adresse har Jobbskolen?", "jobbskolen"),
        ("er det lang ventetid for å komme inn på jobbskolen?", "jobbskolen"),
        ("hvor mange prosent av lønna dekker det?", "lonnstilskudd"),
    ],
)
def test_a_fact_the_sources_do_not_give_gets_no_sentence_of_another_type(
    index, question, tiltak_id
):
    # the caller then says the sources do not tell, not a neighbouring figure
    assert index.find_facts(question, tiltak_id, only_this=True) == []


def test_typed_facts_that_the_sources_give(index):
    often = index.find_facts("hvor ofte møtes de?", "inn-nettverket", only_this=True)
    assert often and "i året" in often[0]
    pays = index.find_facts("hvem betaler for det?", "traineeprogram-innvandrere", only_this=True)
    assert pays and "IMDi" in pays[0]
    share = index.find_facts("hvor stor andel av unge i Kristiansand står utenfor?")
    assert share and "prosent" in share[0]


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("og hvem betaler for det?", "fact"),
        ("hvor ofte møtes dere?", "fact"),
        ("Hva koster det?", "cost"),
    ],
)
def test_typed_fact_questions_go_to_the_fact_search(question, aspect):
    assert aspect_of(question, None) == aspect


def test_a_duration_question_gets_a_duration_or_nothing(index):
    facts = index.find_facts("Hvor lenge varte jobbtreningskurset?", "lyngdal-en-av-mange")
    assert facts and "uke" in facts[0]
    assert all("kull" not in f for f in facts)


def test_question_words_do_not_choose_the_topic(index):
    facts = index.find_facts("hvor mange unge har vært med i flere i arbeid til sammen?")
    assert facts and "mange" not in facts[0].lower().split()[:3]


def test_follow_up_facts_come_only_from_the_tiltak_discussed(index):
    owner = {text: tiltak_id for tiltak_id, text in index._facts}
    facts = index.find_facts("hvor mange har vært med?", "bedriftspakken", limit=5, only_this=True)
    assert all(owner[fact] == "bedriftspakken" for fact in facts)


def test_nynorsk_needs_get_the_same_tags():
    assert set(infer_tags("har ikkje fullført vidaregåande")) >= {"ung-utenfor", "skole"}


@pytest.mark.parametrize(
    "text",
    [
        "Jeg vil gjerne snakke med et menneske og ikke en robot. Jeg er 19 og trenger jobb.",
        "Jeg er arbeidsgiver og ønsker kontakt med en bedriftskoordinator.",
        "Eg vil gjerne snakke med ein person.",
        "Jeg er arbeidsgiver og vil bli kontaktet",
    ],
)
def test_an_unmistakable_request_for_a_person(text):
    assert wants_person_strongly(text)


def test_asking_whether_the_bot_is_a_person_is_not_a_request():
    assert not wants_person_strongly("er du en ekte person eller en robot?")


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("who can join?", "for_whom"),
        ("how do I apply?", "how_to_start"),
        ("ok, hvordan begynner jeg på noe av det?", "how_to_start"),
        ("hvor lenge varer det?", "fact"),
        ("is it free?", "cost"),
    ],
)
def test_aspects_in_both_languages(text, aspect):
    assert aspect_of(text, None) == aspect


@pytest.mark.parametrize(
    "text",
    ["Jeg er 32 og arbeidsledig, kan jeg være med?", "er lærlinger betalt eller jobber man gratis"],
)
def test_an_ordinary_word_with_a_names_stem_is_not_the_name(index, text):
    # "arbeidsledig" has the stem of "arbeidsleder", "jobber" that of "Jobbes"
    assert not index.find_by_name(text)


@pytest.mark.parametrize(
    ("text", "tiltak_id"),
    [
        ("hva gjør arbeidslederne", "arbeidsledermodellen"),
        ("Hva er bedriftspakka", "bedriftspakken"),
        ("hva er jobbes", "jobbes"),
        ("mentortilskot", "mentor-mentortilskudd"),
    ],
)
def test_inflected_names_are_still_names(index, text, tiltak_id):
    assert index.find_by_name(text)[0].tiltak["id"] == tiltak_id


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("hvor mange unge har vært med til sammen?", "unge"),
        ("Hvor mange Flere i arbeid-lærlinger har det vært?", "lærlinger"),
        ("Hvor mange av ungdommene i FLYT har fått jobb?", "ungdommene"),
        ("hvor mange steg har bedriftspakken?", "steg"),
        ("hvor mange har vært med?", None),
    ],
)
def test_what_a_count_question_counts(question, counted):
    from knowledge.search import counted_word

    assert counted_word(question) == counted


def test_a_count_of_people_is_answered_by_a_number_of_people(index):
    fact = index.find_facts(
        "hvor mange unge har vært med i flere i arbeid til sammen?", tiltak_id="flere-i-arbeid"
    )
    assert fact and "973" in fact[0]  # not "to samfunnsmål"


def test_a_typed_question_that_only_names_the_tiltak_gets_its_fact_of_that_type(index):
    fact = index.find_facts(
        "Kor lenge varer traineeprogrammet?", tiltak_id="traineeprogram-innvandrere"
    )
    assert fact and "tolv måneder" in fact[0]


def test_the_cost_field_answers_amount_questions(index):
    fact = index.find_facts(
        "Hvor mye koster det å ha én arbeidsleder i året?", tiltak_id="arbeidsledermodellen"
    )
    assert fact and "850 000" in fact[0]


def test_no_time_limit_is_a_duration_fact(index):
    fact = index.find_facts(
        "er det tidsbegrenset?", tiltak_id="ips-ung-kristiansand", only_this=True
    )
    assert fact and "uten tidsgrense" in fact[0]


def test_getting_a_job_is_said_as_paid_work(index):
    fact = index.find_facts(
        "hvor mange har fått jobb etterpå?", tiltak_id="kimu-helsefag", only_this=True
    )
    assert fact and "lønnet arbeid" in fact[0]


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("får man betalt?", "pay"),
        ("er lærlinger betalt?? eller jobber man gratis", "pay"),
        ("hva koster det?", "cost"),
        ("er det gratis?", "cost"),
        ("Finnes det et program der jeg får fast stønad mens jeg kvalifiserer meg?", "overview"),
    ],
)
def test_whether_participants_are_paid_is_its_own_aspect(question, aspect):
    assert aspect_of(question, None) == aspect


def test_pay_is_answered_from_the_entrys_own_sentences(index):
    from bot.guidance.answers import describe, pay_sentences

    assert pay_sentences(index.get("laerlingordningen")) == [
        "Som lærling får du lærlingelønn, altså betalt under utdanningen."
    ]
    assert "stønad fra Nav" in " ".join(pay_sentences(index.get("arbeidstrening")))
    replies = describe(index.get("jobbskolen"), "pay", "får man betalt?", index)
    assert [r.response for r in replies] == ["utter_tiltak_pay_unknown"]


def test_which_trades_is_answered_by_the_sentence_that_names_them(index):
    fact = index.find_facts(
        "hvilke bransjer gjelder det?", tiltak_id="arbeidsledermodellen", only_this=True
    )
    assert fact and "bygg" in fact[0] and "bilfag" in fact[0]


def test_where_the_idea_comes_from_is_an_origin_fact(index):
    assert fact_type("og hvor kommer ideen fra egentlig?") == "origin"
    fact = index.find_facts(
        "og hvor kommer ideen fra?", tiltak_id="flere-i-arbeid-garantien", only_this=True
    )
    assert fact and "Hjørring" in fact[0]


def test_what_was_it_is_an_overview_whatever_the_classifier_guessed():
    assert aspect_of("Hva var Én av mange i Lyngdal?", "ask_fact") == "overview"
    assert aspect_of("Hva var det, hvor mange var med?", "ask_fact") == "fact"


def test_units_in_the_question_do_not_find_another_schemes_figure(index):
    # the arbeidsleder's "3500 kroner i måneden" is not the mentortilskudd's amount
    assert (
        index.find_facts(
            "Hvor mye er mentortilskuddet i kroner per måned?", tiltak_id="mentor-mentortilskudd"
        )
        == []
    )


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Hvor mange var med, og hvor lenge varte det?", 2),
        ("hvor mange bedrifter har signert? Og hvem har betalt for piloten?", 2),
        ("how many took part and how long did it last?", 2),
        # one question, or a second part that asks for no fact: the message is kept whole
        ("hvor mange har vært med i FLYT?", 1),
        ("hvor mange har vært med, og er det gratis?", 1),
        ("hva er FLYT og hvor mange har vært med?", 1),
    ],
)
def test_a_message_with_two_fact_questions_has_two_parts(question, parts):
    assert len(question_parts(question)) == parts


def test_each_fact_question_of_a_message_gets_its_own_fact(index):
    answers = index.find_fact_answers(
        "Hvor mange bedrifter har signert garantien, og hvem har betalt for piloten?"
    )
    assert [a[0] for a in answers] == ["flere-i-arbeid-garantien"] * 2
    assert "elleve" in answers[0][1] and "SR-Bank" in answers[1][1]
    # the second question names another tiltak: it is answered from that one
    answers = index.find_fact_answers(
        "hvor mange unge har deltatt i flere i arbeid, og hvor mange bedrifter har signert garantien?"
    )
    assert "973" in answers[0][1] and "elleve" in answers[1][1]


def test_the_part_the_sources_do_not_answer_is_said_honestly(index):
    replies = fact_replies(index, "hvor mange ungdommer har vært med i FLYT, og hva er adressen?")
    assert [r.response for r in replies] == ["utter_tiltak_fact", "utter_tiltak_fact_rest_unknown"]
    assert "116" in replies[0].values["fact"]
    assert [r.response for r in fact_replies(index, "hva er adressen til FLYT?")] == [
        "utter_tiltak_fact_unknown"
    ]


@pytest.mark.parametrize(
    ("question", "tiltak_id", "expected"),
    [
        # no source gives how many got a job: nothing, not how many took part
        ("Hvor mange av ungdommene i FLYT fikk seg jobb etterpå?", "flyt", None),
        ("hvor mange kom i jobb gjennom Flere i arbeid?", "flere-i-arbeid-programmet", None),
        # an outcome the sources give
        ("hvor mange i Ung start er i arbeid eller utdanning nå?", "ung-start-elkem", "Fem"),
        # how many took part is still a count, not an outcome
        ("hvor mange unge var med i Flere i arbeid?", "flere-i-arbeid", "973"),
    ],
)
def test_an_outcome_count_is_answered_only_by_an_outcome(index, question, tiltak_id, expected):
    facts = index.find_facts(question, tiltak_id=tiltak_id, only_this=True)
    if expected is None:
        assert facts == []
    else:
        assert facts and expected in facts[0]


def test_a_count_question_prefers_a_count_to_a_share(index):
    counted = index.find_facts("Hvor mange Flere i arbeid-lærlinger har kommunen hatt?")
    assert counted and "95" in counted[0]  # not "30 prosent av dem"
    share = index.find_facts("hvor stor andel av lærlingene var Flere i arbeid-lærlinger?")
    assert share and "30 prosent" in share[0]


def test_how_many_months_asks_for_a_duration(index):
    from knowledge.search import counted_word

    assert fact_type("Hvor mange måneder varer traineeprogrammet?") == "duration"
    [answer] = index.find_fact_answers(
        "Hvor mange måneder varer traineeprogrammet?", "traineeprogram-innvandrere"
    )
    assert "tolv måneder" in answer[1]
    assert counted_word("How many candidates took part in the programme?") == "candidates"


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("hvem var med på å lage det?", "provider"),
        ("hvem er det arbeidsgiveren skal kontakte da?", "how_to_start"),
        ("who should we contact?", "how_to_start"),
    ],
)
def test_more_follow_up_aspects(text, aspect):
    assert aspect_of(text, None) == aspect


def test_giving_up_school_in_dialect_is_being_outside_school():
    assert "ung-utenfor" in infer_tags("æ e 19 å har gitt opp skolen, ka gjør æ nå")
