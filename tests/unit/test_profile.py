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


@pytest.mark.parametrize(
    "text",
    [
        "Who is paying for the internship scheme for refugees?",  # "for" is Norwegian too
        "how does it work?",
        "we are a small firm looking for staff",
        "yes, go ahead",
    ],
)
def test_english_by_word_frequency(text):
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hvor mange fikk fast jobb i programperioden via Nav?",  # "i" is English too
        "Kor mykje får bedrifta i tilskot?",
        "Sørlandet Pixel Design AS",  # a name, no English function word
        "ola.nordmann@example.com",
        "Ich suche Arbeit in Kristiansand, können Sie mir helfen?",
        "/i_am_youth",  # a button's payload
        '/find_tiltak{"need": "jobb"}',
    ],
)
def test_not_english(text):
    assert not is_english(text)


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


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("trenger et hev-senk-bord til en ny ansatt", "tilrettelegging"),
        ("må tilpasse arbeidsplassen for en med nedsatt syn", "tilrettelegging"),
        ("an adapted desk for a wheelchair user", "tilrettelegging"),
        ("en erfaren kollega vil følge opp den nye", "mentor"),
        ("vi vil ha én kontakt i stedet for mange etater", "koordinering"),
        ("dekker nav noe av utgiftene?", "tilskudd"),
        ("is there any funding for this?", "tilskudd"),
    ],
)
def test_needs_in_everyday_words_are_tags(text, tag):
    assert tag in infer_tags(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vi har fått en søker som trenger tilrettelegging",
        "Me skal tilsetje ein ny på verkstaden",
        "ny ansatt hos oss bruker rullestol",
        "If we hire someone with a disability, is there help?",
    ],
)
def test_employers_who_do_not_say_bedrift(text):
    assert infer_audience(text) == "arbeidsgiver"


@pytest.mark.parametrize(
    ("text", "strongly"),
    [
        ("vil at en veileder ringer meg i morgen", True),
        ("ønsker at bedriftskoordinatoren tar kontakt med oss", True),
        ("Eg vil gjerne ha kontakt med nokon som kan hjelpe oss", True),
        ("kan jeg få hjelp av en veileder med søknaden?", True),
        ("vi vil gjerne ha kontakt med noen bedrifter i bransjen", False),
        ("vil at han ringer meg", False),
        ("hva gjør en veileder?", False),
    ],
)
def test_requests_for_a_person_in_other_words(text, strongly):
    from bot.guidance.profile import wants_person_strongly

    assert wants_person_strongly(text) is strongly


@pytest.mark.parametrize(
    ("text", "forget"),
    [
        ("Kan du glemme alt jeg har sagt til deg?", True),
        ("jeg oppga nummeret mitt i stad, kan dere slette det?", True),
        ("slett chatten vår", True),
        ("please delete my data", True),
        ("glem det", False),  # never mind
        ("kan du fjerne det siste forslaget?", False),
        ("slett tiltaket fra lista", False),
    ],
)
def test_a_wish_to_have_what_was_written_deleted(text, forget):
    from bot.guidance.profile import asks_to_forget

    assert asks_to_forget(text) is forget


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Are you a bot?", True),
        ("Am I chatting with a real human?", True),
        ("Hello", True),
        ("hey there, good evening", True),
        ("hi", False),  # said in Norwegian too
        ("hei, er du en robot?", False),
        ("Hei! Er dette en ekte person?", False),
    ],
)
def test_english_small_talk_too_short_to_be_seen_as_english(text, english):
    from bot.guidance.profile import english_small_talk

    assert english_small_talk(text) is english


def test_leaving_upper_secondary_is_being_outside_school():
    assert "ung-utenfor" in infer_tags("sønnen min slutta på vg2 i høst")


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("har dere noe innen bilfaget?", True),
        ("vil bli tømrer en dag", True),
        ("vi er et malerfirma", True),
        ("I want to become an electrician", True),
        ("jeg vil ha en jobb", False),
        ("hva er fagdager?", False),
    ],
)
def test_a_trade_named(text, trade):
    from bot.guidance.profile import names_a_trade

    assert names_a_trade(text) is trade


def test_needing_people_is_recruiting():
    assert "rekruttere" in infer_tags("vi trenger flere folk til sommeren")
    assert "rekruttere" in infer_tags("we need more staff")


def test_coming_from_a_country_is_immigrant_but_candidates_from_nav_are_not():
    assert "innvandrer" in infer_tags("jeg kommer fra Syria og vil jobbe")
    assert "innvandrer" not in infer_tags("hvordan får vi tak i motiverte kandidater fra Nav?")
    assert "innvandrer" not in infer_tags("de er fra kristiansand")


@pytest.mark.parametrize(
    "text",
    [
        "Hotelldirektør her, vi sliter med å få tak i folk",
        "Hvordan får vi tak i motiverte unge kandidater fra Nav?",
        "HR-sjef i en kjede, vi trenger 5 medarbeidere",
    ],
)
def test_an_employer_who_needs_people(text):
    assert infer_audience(text) == "arbeidsgiver"
    assert "rekruttere" in infer_tags(text)
