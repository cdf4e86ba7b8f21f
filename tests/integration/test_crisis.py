"""One message of each kind of crisis over the REST channel: the right numbers, in the
writer's language, and never a scheme suggestion in the reply."""

from __future__ import annotations

import re
import uuid

import pytest

SCHEME_WORDS = re.compile(r"passer med det du skrev|Mer om|Jobbskolen|tiltak", re.IGNORECASE)


def _sender() -> str:
    return f"crisis-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize(
    ("message", "numbers"),
    [
        ("jeg har bestemt meg, jeg vil ikke leve lenger", ["113", "116 123", "22 40 00 40"]),
        ("kompisen min har skrevet at han skal ta livet sitt i kveld", ["113", "116 123"]),
        ("jeg har kuttet meg igjen i natt", ["116 123"]),
        ("søstera mi har svelget en hel eske med tabletter og puster rart", ["113"]),
        ("eksen står utenfor døra med kniv og truer meg", ["112"]),
        ("jeg er 14 og stefaren min slår meg", ["112", "116 111"]),
        ("det brenner i trappeoppgangen og det er røyk overalt", ["110"]),
        ("en ansatt sa i dag at han ikke har noe å leve for", ["113", "116 123"]),
        ("æ vil ikkje leve meir", ["113", "116 123"]),
    ],
)
def test_each_kind_of_crisis_gets_its_numbers_and_no_schemes(stack, message, numbers):
    replies = stack.say(_sender(), message)
    text = "\n".join(r.get("text", "") for r in replies)
    for number in numbers:
        assert number in text, (number, text)
    # The closing line always lists the three emergency numbers.
    for number in ("113", "112", "110"):
        assert number in text
    assert not SCHEME_WORDS.search(text), text
    titles = [b["title"] for r in replies for b in r.get("buttons") or []]
    assert titles == ["Be en person ta kontakt"]


@pytest.mark.parametrize(
    ("message", "number"),
    [
        ("I cut myself last night", "116 123"),
        ("my sister says she will kill herself", "113"),
        ("there is a man with a knife outside our flat", "112"),
    ],
)
def test_english_in_english_out(stack, message, number):
    replies = stack.say(_sender(), message)
    text = "\n".join(r.get("text", "") for r in replies)
    assert number in text
    assert "Ring" not in text and "ring" not in text, "the reply is in English"
    assert "call" in text.lower()


def test_the_conversation_goes_on_after_a_crisis_and_a_person_can_be_asked_for(stack):
    sender = _sender()
    stack.say(sender, "jeg vil ikke leve lenger")
    text = " ".join(r.get("text", "") for r in stack.say(sender, "/request_human"))
    assert "veileder" in text or "samtykk" in text.lower()


def test_frustration_is_not_a_crisis(stack):
    for message in ("orker ikke flere skjemaer fra Nav", "jeg dør av kjedsomhet hjemme"):
        text = " ".join(r.get("text", "") for r in stack.say(_sender(), message))
        assert "113" not in text and "116 123" not in text
