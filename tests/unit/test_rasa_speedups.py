import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups


def test_cached_validator_checks_the_same_format():
    rasa_speedups.install()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "hei"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
