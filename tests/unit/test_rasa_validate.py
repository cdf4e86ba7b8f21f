"""`rasa data validate` (make validate) means something: every warning it gives is explained
here, and every explanation is still needed. The checks the CLI runs, through the Python API
on the loaded files (no trained model, no subprocess).

The validator sees only rules and stories, so it warns about every response only an action or
a form sends: those are explained by tests/response_use.py (test_training.py checks that each
of them is sent by code or a form). The other warnings are listed below with their reason."""

from __future__ import annotations

import warnings

import pytest

from bot.training import DOMAIN_DIR, REPO_DIR, load_domain
from tests import response_use

# Intents no NLU example teaches: something other than the classifier sets them.
INTENTS_WITHOUT_EXAMPLES = {
    "asking_for_other": "set by the NLU guard (bot/rasa/guard.py) when someone asks for another",
    "case_status": "set by the NLU guard when a message gives or asks for a case reference",
    "crisis_maybe": "set by the NLU guard from the crisis detector (bot/guidance/crisis/)",
    "set_language": "only the widget's language switch sends it (/set_language{...})",
}
INTENT_WARNING = (
    "The intent '{}' is listed in the domain file, but is not found in the NLU training data."
)
UTTERANCE_WARNING = "The utterance '{}' is not used in any story or rule."


@pytest.fixture(scope="module")
def validator_warnings() -> set[str]:
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    importer = TrainingDataImporter.load_from_config(
        config_path=str(REPO_DIR / "config.yml"),
        domain_path=str(DOMAIN_DIR),
        training_data_paths=[str(REPO_DIR / "data")],
    )
    validator = Validator.from_importer(importer)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # The checks of rasa.cli.utils.validate_files, in its order.
        valid = [
            validator.verify_domain_validity(),
            validator.verify_actions_in_stories_rules(),
            validator.verify_forms_in_stories_rules(),
            validator.verify_form_slots(),
            validator.verify_slot_mappings(),
            validator.verify_nlu(True),
            validator.verify_story_structure(True),
        ]
    assert all(valid)
    return {str(warning.message) for warning in caught}


def explained_warnings(domain: dict) -> set[str]:
    """The warnings the validator gives for reasons this project knows about."""
    in_flows = response_use.story_actions((REPO_DIR / "data").rglob("*.yml"))
    sent_elsewhere = set(domain["responses"]) - in_flows
    return {UTTERANCE_WARNING.format(name) for name in sent_elsewhere} | {
        INTENT_WARNING.format(intent) for intent in INTENTS_WITHOUT_EXAMPLES
    }


def test_every_validator_warning_is_explained(validator_warnings):
    assert sorted(validator_warnings - explained_warnings(load_domain())) == []


def test_every_explained_warning_still_occurs(validator_warnings):
    assert sorted(explained_warnings(load_domain()) - validator_warnings) == []
