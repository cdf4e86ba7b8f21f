import pytest

from bot.guidance.crisis import (
    CHILD,
    DANGER,
    DISTRESS,
    EMPLOYER,
    FIRE,
    MEDICAL,
    NONE,
    SELFHARM,
    SUICIDE,
    THIRD,
    VIOLENCE,
    assess,
    crisis_responses,
    is_crisis,
    normalise,
)


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
        "/crisis",
    ],
)
def test_harmless_words_do_not_trigger(text):
    assert not is_crisis(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("kompisen min har sagt farvel til alle og sier han skal gjøre det i natt", SUICIDE),
        ("søsteren min har tatt mange av pillene til mamma", MEDICAL),
        ("han står i gangen med en kniv og truer oss", VIOLENCE),
        ("det brenner på kjøkkenet og røyken kommer inn", FIRE),
        ("I cut myself last night", SELFHARM),
        ("jeg er 15 og pappa slår meg", CHILD),
    ],
)
def test_the_kind_is_named(text, kind):
    found = assess(text)
    assert found.level == DANGER
    assert kind in found.kinds


@pytest.mark.parametrize(
    "text",
    [
        "orker ikke flere skjemaer",
        "jeg dør av kjedsomhet",
        "vil få skikk på livet",
        "vi vil gjerne ta imot lærlinger",
        "kan noen ringe meg i stedet, jeg liker ikke å chatte",
        "skyte ned forslaget",
        "vi må kutte i budsjettet",
        "har ingen tanker om å skade meg, vil bare ha jobb",
        "skape meg selv en karriere",
        "lese meg opp på tiltakene",
    ],
)
def test_figurative_negated_and_everyday_uses_are_no_crisis(text):
    assert assess(text).level == NONE


@pytest.mark.parametrize(
    "text",
    [
        "jeg har angst og klarer ikke gå på skolen",
        "jeg sliter psykisk for tiden",
        "det er natt, jeg er helt alene og trenger bare noen å snakke med",
        "har ingen å prate med",
        "I just need someone to talk to",
    ],
)
def test_distress_without_danger_is_its_own_level(text):
    assert assess(text).level == DISTRESS


@pytest.mark.parametrize(
    "text",
    [
        "jeg trenger noen å snakke med om jobb",
        "vi trenger noen å snakke med om rekruttering",
        "jeg er alene om å drive bedriften",
        "jeg er alene hjemme med ungene i dag, kan dere ringe i morgen?",
    ],
)
def test_wanting_someone_to_talk_to_about_work_is_no_distress(text):
    assert assess(text).level == NONE


def test_a_question_about_schemes_for_anxiety_is_no_distress():
    assert assess("finnes det tiltak for unge med angst?").level == NONE


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("æ vil ikkje leve", "jeg vil ikke leve"), ("orker ikk å leve", "orker ikke å leve")],
)
def test_dialect_and_typos_are_normalised(typed, meant):
    assert normalise(typed) == meant


def test_misspelled_unknown_words_are_corrected_but_real_words_are_not():
    assert normalise("selvmor") == "selvmord"
    assert normalise("jeg tenkr på det") == "jeg tenker på det"
    assert normalise("skape meg selv") == "skape meg selv"


def test_who_is_found():
    assert assess("kompisen min sier han vil dø").who == THIRD
    assert assess("en ansatt sa i dag at han ikke har noe å leve for").who == EMPLOYER


def test_english_in_english_out():
    found = assess("my sister says she will kill herself")
    assert found.english
    assert all(name.endswith("_en") for name in crisis_responses(found))


def test_the_reply_is_most_urgent_first_and_always_ends_with_the_follow_up():
    names = crisis_responses(assess("det brenner i leiligheten og mamma puster ikke"))
    assert names[0] == "utter_crisis_fire"
    assert "utter_crisis_medical" in names
    assert names[-1] == "utter_crisis_follow_up"


def test_a_young_writer_gets_alarmtelefonen():
    assert "utter_crisis_child" in crisis_responses(assess("jeg er 14 og vil dø"))


def test_a_long_worried_story_that_asks_what_exists_is_not_an_emergency():
    # the classifier alone scored this 0.985; no word of danger, and it ends asking for a scheme
    story = (
        "Hei, jeg vet ikke helt om jeg er på rett sted. Jeg er mor til en gutt på 15 som går i "
        "10. klasse. Det siste året har han nesten sluttet å gå ut, han spiller mye om natta og "
        "sover om dagen, og fraværet på skolen har blitt stort. Han sier selv at han vil gå bygg "
        "og anlegg eller kanskje bilfag, og han er flink med hendene. Men han er redd for å "
        "begynne på en ny skole der han ikke kjenner noen, og jeg er redd for at han bare kommer "
        "til å slutte etter noen uker. Finnes det noen som kan følge ham tett opp i overgangen "
        "til videregående?"
    )
    assert assess(story).level == DISTRESS
    # the same length with a word of danger stays an emergency
    danger = story.replace("Han sier selv", "Han sier han vil ta livet sitt, og han sier selv")
    assert assess(danger).level == DANGER
