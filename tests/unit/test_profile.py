import pytest

from bot.guidance.profile import (
    english_to_search_text,
    extract_age,
    infer_audience,
    infer_tags,
    is_english,
)


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("vi er en bedrift som vil ansette en ungdom", "arbeidsgiver"),
        ("jeg driver en frisørsalong", "arbeidsgiver"),
        ("jeg er 19 og har droppet ut av videregående", "ungdom"),
        ("eg er 20 år og har ikkje fullført vidaregåande", "ungdom"),
        ("hei", None),
    ],
)
def test_audience(text, audience):
    assert infer_audience(text) == audience


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Er 18 og verken jobber eller går på skole", 18),
        ("jeg fyller 30 snart", 30),
        ("Nå er jeg 24 år", 24),
        ("kom hit for fire år siden", None),
        ("vi har 12 ansatte", None),
    ],
)
def test_age(text, age):
    assert extract_age(text) == age


def test_need_tags():
    assert "psykisk-helse" in infer_tags("sliter med depresjon")
    assert "ung-utenfor" in infer_tags("verken jobber eller går på skole")
    assert "rekruttere" in infer_tags("vi vil ansette noen")
    assert "sprak" in infer_tags("norsken min er ikke god")


def test_english_detection():
    assert is_english("Can a business coordinator call me?")
    assert not is_english("Kan en bedriftskoordinator ringe meg?")
    assert not is_english("hei")
    assert "arbeidsgiver" in english_to_search_text("help for employers")


def test_english_request_for_a_person():
    from bot.guidance.profile import wants_person

    assert wants_person("Can a business coordinator call me?")
    assert wants_person("I want to talk to a real person")
    assert not wants_person("What does a business coordinator do?")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Er det mulig å få en telefon fra en veileder?", True),
        ("kan noen ringe meg", True),
        ("jeg vil snakke med et menneske", True),
        ("hva gjør en veileder", False),
        ("hvordan kontakter jeg nav", False),
    ],
)
def test_norwegian_request_for_a_person(text, asks):
    from bot.guidance.profile import asks_for_person

    assert asks_for_person(text) is asks
