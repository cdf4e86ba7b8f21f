"""Speed-ups for Rasa 3.6 internals, installed by `bot.rasa_server` before Rasa starts.

Rasa checks every action-server answer with `jsonschema.validate(result, schema)`, which
checks the schema against its meta-schema and builds a new validator on every call: about half
of the Rasa server's CPU per message in `make bench` (bench/report.md). Here the validator is
built once; what is checked, and the error raised, stay the same.
"""

from __future__ import annotations


def cache_action_response_validator() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self, result) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid. For more information about the "
                f"format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result


def install() -> None:
    cache_action_response_validator()
