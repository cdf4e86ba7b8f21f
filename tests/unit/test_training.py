import shutil

from bot import training
from bot.training import load_domain
from tests import response_use


def test_fingerprint_changes_when_training_data_changes(tmp_path):
    for name in training.TRAINING_INPUTS:
        source = training.REPO_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    before = training.training_fingerprint(tmp_path)
    assert training.training_fingerprint(tmp_path) == before
    (tmp_path / "data" / "nlu" / "chitchat.yml").write_text("version: '3.1'\n")
    assert training.training_fingerprint(tmp_path) != before


def test_domain_responses_are_all_used():
    """Every response is sent by a rule, a story, a form question or action code, by exact name
    (rasa data validate cannot see the actions)."""
    assert response_use.unused_responses(load_domain()) == []


def test_every_response_name_in_the_code_exists():
    assert response_use.unknown_names(load_domain()) == []


def _fake_repo(root, code: str, rules: str = "") -> None:
    (root / "actions").mkdir()
    (root / "actions" / "a.py").write_text(code)
    (root / "data").mkdir()
    (root / "data" / "rules.yml").write_text(rules or "version: '3.1'\n")


FAKE_DOMAIN = {
    "responses": {
        "utter_greet": [{"text": "Hei"}],
        "utter_greet_again": [{"text": "Hei igjen"}],
        "utter_ask_name": [{"text": "Navn?"}],
        "utter_bye": [{"text": "Ha det"}],
    },
    "forms": {"person_form": {"required_slots": ["name"]}},
    "actions": ["action_x"],
}
RULES = "rules:\n- rule: r\n  steps:\n  - intent: bye\n  - action: utter_bye\n"


def test_a_response_named_only_as_a_prefix_or_in_a_comment_is_unused(tmp_path):
    code = '# utter_greet is sent here\nNAME = "utter_greet_again"\n'
    _fake_repo(tmp_path, code, RULES)
    assert response_use.unused_responses(FAKE_DOMAIN, tmp_path) == ["utter_greet"]


def test_responses_used_by_code_rules_and_forms_count(tmp_path):
    _fake_repo(tmp_path, 'NAMES = ("utter_greet", "utter_greet_again")\n', RULES)
    assert response_use.unused_responses(FAKE_DOMAIN, tmp_path) == []


def test_a_name_the_code_sends_that_the_domain_lacks_is_found(tmp_path):
    _fake_repo(tmp_path, 'say("utter_gret")\nprefix = "utter_ask_"\n', RULES)
    assert response_use.unknown_names(FAKE_DOMAIN, tmp_path) == ["utter_gret"]
