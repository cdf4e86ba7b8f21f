import pytest

from bot.guidance.answers import aspect_of, describe, for_whom, recommendations
from bot.training import load_domain
from knowledge.search import TiltakIndex


@pytest.fixture(scope="module")
def index(content):
    return TiltakIndex(content)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("Koster det noe å gå på Jobbskolen?", "cost"),
        ("Hvem kan være med på Ung start?", "for_whom"),
        ("hvordan melder jeg meg på arbeidstrening", "how_to_start"),
        ("Hvor mange bedrifter har brukt Bedriftspakken?", "fact"),
        ("Hva er Bedriftspakken?", "overview"),
    ],
)
def test_aspect(text, aspect):
    assert aspect_of(text, "ask_tiltak") == aspect


def test_button_payload_aspect_comes_from_the_intent():
    assert aspect_of("/ask_how_to_start", "ask_how_to_start") == "how_to_start"


def test_values_come_from_the_knowledge_base(index):
    entry = index.get("jobbskolen")
    replies = describe(entry, "for_whom", "hvem kan gå på jobbskolen", index)
    values = " ".join(str(v) for r in replies for v in r.values.values())
    assert entry["summary"] in values
    assert "16" in for_whom(entry) and "25" in for_whom(entry)


def test_cost_without_source_does_not_invent_a_price(index):
    replies = describe(index.get("jobbskolen"), "cost", "koster det noe", index)
    assert [r.response for r in replies][-1] == "utter_tiltak_cost_unknown"


def test_fact_answer_is_a_stored_key_fact(index):
    replies = describe(
        index.get("bedriftspakken"), "fact", "hvor mange bedrifter har brukt bedriftspakken", index
    )
    facts = [f["text"] for f in index.get("bedriftspakken")["key_facts"]]
    assert replies[0].values["fact"] in facts


def test_recommendations_name_why(index):
    matches = index.search_by_need(
        "sliter psykisk og vil jobbe", audience="ungdom", tags=("psykisk-helse",)
    )
    replies = recommendations(matches, "ungdom")
    assert replies[0].response == "utter_recommend_intro"
    assert all(r.values["reason"] for r in replies[1:])
    assert recommendations([], "ungdom")[0].response == "utter_recommend_none"


@pytest.mark.parametrize(
    ("status", "response"),
    [
        ("pilot", "utter_tiltak_status_pilot"),
        ("forslag", "utter_tiltak_status_proposal"),
        ("avsluttet", "utter_tiltak_status_ended"),
        ("ukjent", "utter_tiltak_status_unknown"),
        ("aktiv", None),
    ],
)
def test_each_status_is_told_in_its_own_words(index, status, response):
    import copy

    entry = copy.deepcopy(index.get("jobbskolen"))
    entry["status"] = status
    for aspect in ("overview", "how_to_start"):
        notes = [r.response for r in describe(entry, aspect, "", index) if "status" in r.response]
        assert notes == ([response] if response else [])


def test_status_wording_claims_no_more_than_the_report():

    from bot.guidance.answers import STATUS_NOTES

    responses = load_domain()["responses"]
    texts = {status: responses[name][0]["text"] for status, name in STATUS_NOTES.items()}
    assert "forslag" in texts["forslag"] and "avsluttet" not in texts["forslag"]
    assert "avsluttet" in texts["avsluttet"] and "rapportene" in texts["avsluttet"].lower()
    assert "pilot" in texts["pilot"] and "sier ikke" in texts["ukjent"]
    button = responses["utter_tiltak_contact_button"][0]["buttons"][0]
    assert button["payload"] == "/request_human"


def test_how_to_start_ends_with_the_contact_button(index, content):
    for entry in content:
        replies = describe(entry, "how_to_start", "hvordan kommer jeg i gang", index)
        assert replies[-1].response == "utter_tiltak_contact_button", entry["id"]
        assert replies[-1].values["contact_role"] in ("veileder", "bedriftskoordinator")


def test_not_in_the_sources_says_so_and_offers_a_person(index):
    import copy

    entry = copy.deepcopy(index.get("jobbskolen"))
    entry["how_to_start"], entry["contact_role"] = "ikke_i_kildene", "ikke_i_kildene"
    replies = describe(entry, "how_to_start", "hvordan søker jeg", index)
    assert replies[0].response == "utter_tiltak_how_to_start_unknown"
    assert replies[0].values["contact_role"] == "veileder"
    values = " ".join(str(v) for r in replies for v in r.values.values())
    assert "ikke_i_kildene" not in values
    assert replies[-1].response == "utter_tiltak_contact_button"


def test_a_sourced_step_names_who_to_ask(index):
    entry = index.get("jobbskolen")
    replies = describe(entry, "how_to_start", "hvordan søker jeg", index)
    assert replies[0].values["how_to_start"] == entry["how_to_start"]
    assert ("utter_tiltak_contact_role", {"contact_role": entry["contact_role"]}) in [
        (r.response, r.values) for r in replies
    ]


def test_sentence_parts_and_intent_labels_come_from_the_domain():
    """The words of for_whom, handoff_role and the "Mente du …?" labels are domain responses
    (issue #15): same text as before, in both languages, and every label has its response."""
    from bot.guidance.answers import handoff_role
    from bot.guidance.texts import INTENT_LABEL_RESPONSES, intent_label

    ages = {"eligibility": {"min_age": 16, "max_age": 25}}
    assert for_whom(ages) == "unge mellom 16 og 25 år"
    assert for_whom(ages, "en") == "young people aged 16 to 25"
    assert for_whom({"eligibility": {"max_age": 30}}) == "unge opp til 30 år"
    assert for_whom({"eligibility": {"min_age": 18}}, "en") == "from the age of 18"
    assert handoff_role({"audience": "arbeidsgiver"}) == "bedriftskoordinator"
    assert handoff_role({}, "en") == "an adviser (veileder)"
    responses = load_domain()["responses"]
    assert all(name in responses for name in INTENT_LABEL_RESPONSES.values())
    assert intent_label("i_am_employer") == "Jeg er arbeidsgiver"
    assert intent_label("out_of_scope") is None


def test_the_reason_line_is_written_from_the_domain_for_each_kind_of_reason():
    from bot.guidance.answers import reason_text
    from bot.training import response_text
    from knowledge.search import Reason

    topics = reason_text(Reason("topics", ("psykisk-helse", "sprak", "ukjent-tagg")))
    assert topics == "passer fordi det handler om psykisk helse, språk og ukjent-tagg"
    assert reason_text(Reason("words", ("droppet",))) == "passer med det du skrev om «droppet»"
    assert reason_text(Reason("maybe")) == response_text("utter_reason_maybe")
    # every tag the knowledge base uses as a need has its name in the domain
    from actions.tiltak_answers import NEED_RESPONSES
    from bot.guidance.answers import TAG_RESPONSES

    need_tags = {tag for choices in NEED_RESPONSES.values() for _, tag in choices}
    named = set(TAG_RESPONSES) | {"skole", "jobb", "tilskudd"}  # plain words: shown as they are
    assert need_tags <= named
