"""`python -m bench.rasa_patched ARGS`: `bot.rasa_server` with one speed-up under test.

Rasa 3.6 checks every action-server answer with `jsonschema.validate(result, schema)`, which
re-checks the schema against its meta-schema and builds a new validator on each call. Here the
validator is built once; the check itself (and its error message) stays the same. Used only by
`make bench` to measure the effect (alternative "cached jsonschema validator").
"""

from __future__ import annotations

import runpy


def install() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self, result):
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


if __name__ == "__main__":
    install()
    runpy.run_module("bot.rasa_server", run_name="__main__", alter_sys=True)
