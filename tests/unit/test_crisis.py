import pytest

from bot.understanding.crisis import is_crisis


@pytest.mark.parametrize(
    "text",
    [
        "tenker på selvmord hele tiden",
        "jeg vil ikke leve lenger",
        "orker ikke mer",
        "Jeg orker ikkje meir",
        "vil ikkje leve",
        "jeg har ikke krefter igjen til noe som helst",
        "jeg har skadet meg selv igjen",
        "jeg kutter meg",
        "noen truer med å banke meg etter jobb",
        "stefaren min slår meg",
        "jeg er i akutt fare",
        "I want to kill myself",
        "JEG VIL DØ",
    ],
)
def test_crisis_messages_are_caught(text):
    assert is_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "det var drepende kjedelig på skolen",
        "dødskjedelig jobb",
        "jeg ler meg ihjel",
        "orker ikke mer skole i dag",
        "hva er Jobbskolen?",
        "vi jobber med voldsforebygging på skolen",
        "kan dere slå opp saken min",
        "",
    ],
)
def test_harmless_words_do_not_trigger(text):
    assert not is_crisis(text)
