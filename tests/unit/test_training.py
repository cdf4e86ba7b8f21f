import shutil

from bot import training
from bot.training import load_domain


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
    """Every response is used by a rule, a story, an action or a form question
    (rasa data validate cannot see the actions)."""

    domain = load_domain()
    used_text = "".join(
        p.read_text()
        for folder in ("data", "actions", "bot")
        for p in (training.REPO_DIR / folder).rglob("*")
        if p.suffix in (".yml", ".py")
    )
    from actions.common import ENGLISH_RESPONSES  # sent as f"{name}_en" by actions.common.say

    form_slots = {
        slot for form in domain.get("forms", {}).values() for slot in form["required_slots"]
    }
    unused = [
        name
        for name in domain["responses"]
        if name not in used_text
        and name.removesuffix("_en") not in ENGLISH_RESPONSES
        and name.removeprefix("utter_ask_") not in form_slots
        and not any(
            name.removeprefix(f"utter_ask_{form}_") in form_slots
            for form in domain.get("forms", {})
        )
    ]
    assert unused == []
