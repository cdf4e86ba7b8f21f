"""English in, English understood (issue #16, item 7): the need search reads the entries'
English text, a name written in two words is the name, and English is told by word frequency."""

from __future__ import annotations

import pytest

from bot.guidance.profile import english_to_search_text, infer_audience, infer_tags
from knowledge.search import TiltakIndex
from knowledge.search.english import english_document, english_terms


@pytest.fixture(scope="module")
def index(content):
    return TiltakIndex(content)


def _english_need(index, text: str, **kwargs) -> list[str]:
    found = index.search_by_need(
        english_to_search_text(text),
        audience=infer_audience(text),
        tags=infer_tags(text),
        english_query=text,
        **kwargs,
    )
    return [m.tiltak["id"] for m in found]


def test_english_terms_are_stems_without_stop_words():
    assert english_terms("The immigrants are looking for jobs") == ["immigr", "look", "job"]
    assert "educ" in english_terms("I have a master degree", expand=True)


def test_every_entry_has_an_english_document(content):
    assert all(len(english_document(entry).split()) > 10 for entry in content)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I moved here from Iraq last year, I have a bachelor in economics but no work. "
            "What could help?",
            "traineeprogram-innvandrere",
        ),
        (
            "I left upper secondary school and I have a lot of anxiety. Anything for me?",
            "jobbskolen",
        ),
    ],
)
def test_an_english_need_is_found_in_the_english_text(index, text, expected):
    assert expected in _english_need(index, text)


def test_english_filler_words_do_not_choose(index):
    # "no", "in" and "am" are not the Norwegian words of a website's address or a place
    found = _english_need(index, "I am 24, no job in Norway yet, what can help me?")
    assert "flereiarbeid-no" not in found


def test_the_english_text_ranks_what_the_mapped_words_miss(index):
    text = "Is there a programme for refugees with higher education?"
    plain = [m.tiltak["id"] for m in index.search_by_need(english_to_search_text(text))]
    both = _english_need(index, text)
    assert "traineeprogram-innvandrere" in both and "traineeprogram-innvandrere" not in plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who pays for the trainee program?", "traineeprogram-innvandrere"),
        ("hvem betaler trainee programmet", "traineeprogram-innvandrere"),
        ("kan vi få lønns tilskudd", "lonnstilskudd"),
        ("hva er mentor tilskuddet?", "mentor-mentortilskudd"),
    ],
)
def test_a_name_written_in_two_words_is_the_name(index, text, expected):
    found = index.find_by_name(text)
    assert found and found[0].tiltak["id"] == expected and found[0].score >= 90


def test_two_ordinary_words_are_not_joined(index):
    assert index._join_split_compounds("jeg vil ha en god jobb") == "jeg vil ha en god jobb"


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("We run a hotel and want to hire young people", "arbeidsgiver"),
        ("I am 22 years old and have never had a job", "ungdom"),
    ],
)
def test_the_audience_of_an_english_message(text, audience):
    assert infer_audience(text) == audience


def test_a_name_written_apart_finds_its_own_facts(index):
    # "trainee program" is "traineeprogram": not another entry's sentence with "trainee"
    for question in (
        "how many people has the trainee program for immigrants recruited so far",
        "hvor mange har trainee programmet rekruttert?",
    ):
        [answer] = index.find_fact_answers(question, "traineeprogram-innvandrere")
        assert answer[0] == "traineeprogram-innvandrere" and "én rekruttering" in answer[1]
