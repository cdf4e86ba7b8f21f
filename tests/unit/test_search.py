import pytest

from knowledge.search import TiltakIndex


@pytest.fixture(scope="module")
def index(content):
    return TiltakIndex(content)


@pytest.mark.parametrize(
    "question",
    [
        "Hva er Bedriftspakken?",
        "hva er bedriftspakka",
        "kva er bedriftspakken",
        "hva er bedrifspakken",  # typo
        "BEDRIFTSPAKKEN??",
        "fem steg til ny kollega",
    ],
)
def test_finds_bedriftspakken_by_name(index, question):
    matches = index.find_by_name(question)
    assert matches and matches[0].tiltak["id"] == "bedriftspakken"
    assert matches[0].reason


def test_unrelated_text_finds_no_name(index):
    assert index.find_by_name("hvordan blir været i morgen") == []


def test_every_entry_is_found_by_its_own_name(index, content):
    for entry in content:
        matches = index.find_by_name(f"Hva er {entry['name']}?")
        assert matches and matches[0].tiltak["id"] == entry["id"], entry["id"]


@pytest.mark.parametrize(
    ("question", "tiltak_id"),
    [
        ("Hva er Jegersberg?", "jegersberg"),
        ("Nye mønster – trygg oppvekst", "nye-monster-trygg-oppvekst"),
        ("språktrening hos Røde Kors", "rode-kors-spraktrening"),
        ("Hva er Menn i helse?", "menn-i-helse"),
        ("lærlingekoordinator innen helse", "laerlingekoordinator-helse"),
        ("Kongsgård skolesenter", "kongsgard-skolesenter"),
        ("Senter for yrkesfag", "senter-for-yrkesfag"),
        ("forberedende opplæring for voksne", "forberedende-opplaering-voksne"),
        ("praksisplass for studenter", "praksisplasser-studenter"),
        ("opplæringskontoret", "opplaeringskontorene"),
        ("Navs markedsavdeling", "nav-markedsavdeling"),
        ("flereiarbeid.no", "flereiarbeid-no"),
        ("økonomisk sosialhjelp", "okonomisk-sosialhjelp"),
        ("Østre Agder Ungløft", "ostre-agder-unglofte"),
        ("utenforregnskapet fra KS", "ks-utenforregnskapet"),
        ("LIM-midler", "lim-midler-lyngdal"),
    ],
)
def test_offers_the_reports_name_are_found_by_name(index, question, tiltak_id):
    matches = index.find_by_name(question)
    assert matches and matches[0].tiltak["id"] == tiltak_id, [m.tiltak["id"] for m in matches]
