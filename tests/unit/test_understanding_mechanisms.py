"""Mechanisms of issue #16 that the held-out set measures: each has a test that fails without it."""

from __future__ import annotations

import pytest

from bot.answers import aspect_of
from bot.understanding.profile import infer_tags, wants_person_strongly
from knowledge.search import TiltakIndex, fact_type
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
    ],
)
def test_the_type_of_a_fact_question(question, kind):
    assert fact_type(question) == kind


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
