"""Speed-ups for Rasa 3.6 internals, installed by `bot.rasa.server` before Rasa starts.

- Rasa checks every action-server answer with `jsonschema.validate(result, schema)`, which
  checks the schema against its meta-schema and builds a new validator on every call: about
  half of the Rasa server's CPU per message in `make bench` (bench/report.md). Here the
  validator is built once, and each event is checked against the one branch of the schema's
  `oneOf` that its name selects, instead of against all 23 of them (the others can never
  match: each requires another name). What is accepted, and the error raised when something
  is not, stay the same (an answer that fails is checked again the full way for the error).
- The intent classifier (scikit-learn's LogisticRegression) multiplies each message's features
  with the transposed weight matrix; stored row by row, that transpose is copied on every
  call (about 1.3 ms per message). Stored column by column after loading, the same
  multiplication reads it in place: the same numbers, the same intents and confidences.
- To predict one action, MemoizationPolicy and RulePolicy turn the whole tracker into its past
  states up to three times, twice with the same arguments. Here they are computed once per
  tracker, number of events and arguments, and each caller gets its own copy, as before.
- Rasa opens a new aiohttp `ClientSession` (and TCP connection) for every call to the action
  server (`EndpointConfig.request`). Here one session per event loop is kept, with its
  connections kept alive for a shorter time than the action server's keep-alive (5 s), so a
  connection the server is about to close is not reused. Headers, authentication, time-out
  and errors stay the same.
- Every event an action returns, and every stored event read back, is turned into its class by
  `Event.resolve_by_type`, which walks all subclasses of `Event` (with `inspect.isabstract`
  for each) to find one name: about 0.4 ms per message. Here the names are looked up in a
  table built from that same walk; a name not in it walks again, so a class defined later is
  still found, and an unknown name fails as before.
- Each call to the action server while a form is active (`tracker.current_state`) turns the
  active loop into a dict with `dataclasses.asdict`, which deep-copies the message that
  started the form (its whole intent ranking) every time: about 0.3 ms per message in form
  turns. Here the same four fields are copied one level deep; the result is only serialised.
- To classify a message, Rasa joins its sparse features (`Message._combine_features`), starting
  from a `copy.deepcopy` of the first `Features`: Python's generic copy of a scipy matrix, about
  0.6 ms per message. Here the first one is copied as a new `Features` around a copy of its
  matrix (scipy's own copy): the same values, type, attribute and origin, and the message's
  own features stay untouched as before.
"""

from __future__ import annotations

import asyncio

# Kept-alive connections to the action server are closed after this many idle seconds, before
# Sanic's keep-alive time-out (5 s) closes them from the other side.
KEEPALIVE_SECONDS = 2.0


def cache_action_response_validator() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    fast = _validators_by_event(schema, validator_class)

    def _validate_action_result(self, result) -> bool:
        if fast is not None and _valid_by_event(result, *fast):
            return True
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


def _validators_by_event(schema: dict, validator_class):
    """(outer, by_event): the schema with any event allowed, and each event's own schema.

    An event of the full schema must match its common part and exactly one branch of
    `oneOf`; the branches differ by the constant `event` name, so only the branch of that
    name can match. Checked against it alone, an event is valid exactly when it is valid in
    the full schema. None when the schema is not of that form (then the full check runs)."""
    import copy

    try:
        items = schema["properties"]["events"]["items"]
        branches = items["oneOf"]
        names = [branch["properties"]["event"]["const"] for branch in branches]
    except (KeyError, TypeError):
        return None
    if len(set(names)) != len(names):
        return None
    common = {key: value for key, value in items.items() if key != "oneOf"}
    by_event = {
        name: validator_class({"allOf": [common, branch]})
        for name, branch in zip(names, branches, strict=True)
    }
    outer = copy.deepcopy(schema)
    outer["properties"]["events"]["items"] = {}
    return validator_class(outer), by_event


def _valid_by_event(result, outer, by_event) -> bool:
    if not outer.is_valid(result):
        return False
    events = result.get("events") if isinstance(result, dict) else None
    for event in events or ():
        name = event.get("event") if isinstance(event, dict) else None
        checker = by_event.get(name) if isinstance(name, str) else None
        if checker is None or not checker.is_valid(event):
            return False
    return True


def weights_in_column_order(classifier) -> None:
    import numpy as np

    if getattr(classifier, "coef_", None) is not None:
        classifier.coef_ = np.asfortranarray(classifier.coef_)


def keep_classifier_weights_in_column_order() -> None:
    from rasa.nlu.classifiers.logistic_regression_classifier import (
        LogisticRegressionClassifier,
    )

    original = LogisticRegressionClassifier.load.__func__
    if getattr(original, "_edi_column_order", False):
        return

    def load(cls, *args, **kwargs):
        component = original(cls, *args, **kwargs)
        weights_in_column_order(getattr(component, "clf", None))
        return component

    load._edi_column_order = True
    LogisticRegressionClassifier.load = classmethod(load)


def _copy_states(states: list) -> list:
    # Callers change the states' dicts in place (e.g. drop the user text of the last one);
    # the values inside (strings, tuples) are never changed.
    return [{key: dict(value) for key, value in state.items()} for state in states]


def memoize_past_states() -> None:
    import json

    from rasa.shared.core.trackers import DialogueStateTracker

    original = DialogueStateTracker.past_states
    if getattr(original, "_edi_memo", False):
        return

    def past_states(
        self, domain, omit_unset_slots=False, ignore_rule_only_turns=False, rule_only_data=None
    ):
        events = self.events
        version = (len(events), id(events[-1]) if events else None)
        memo = self.__dict__.get("_edi_states")
        if memo is None or memo[0] != version:
            memo = (version, {})
            self.__dict__["_edi_states"] = memo
        key = (
            id(domain),
            omit_unset_slots,
            ignore_rule_only_turns,
            json.dumps(rule_only_data, sort_keys=True, default=str),
        )
        states = memo[1].get(key)
        if states is None:
            states = original(
                self,
                domain,
                omit_unset_slots=omit_unset_slots,
                ignore_rule_only_turns=ignore_rule_only_turns,
                rule_only_data=rule_only_data,
            )
            memo[1][key] = _copy_states(states)
            return states
        return _copy_states(states)

    past_states._edi_memo = True
    DialogueStateTracker.past_states = past_states


def event_types_by_name() -> None:
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    if getattr(original, "_edi_table", False):
        return
    table: dict = {}

    def _rebuild() -> None:
        table.clear()
        for cls in rasa.shared.utils.common.all_subclasses(Event):
            table.setdefault(cls.type_name, cls)  # the first one, as Rasa's walk returns

    def resolve_by_type(type_name, default=None):
        found = table.get(type_name)
        if found is None:
            _rebuild()
            found = table.get(type_name)
        if found is not None:
            return found
        return original(type_name, default)

    resolve_by_type._edi_table = True
    Event.resolve_by_type = staticmethod(resolve_by_type)


def active_loop_without_deep_copy() -> None:
    import dataclasses

    from rasa.shared.core.trackers import DialogueStateTracker

    original = DialogueStateTracker.current_state
    if getattr(original, "_edi_shallow", False):
        return

    def current_state(self, event_verbosity=None, **kwargs):
        loop = self.__dict__.get("active_loop")
        if loop is None or not dataclasses.is_dataclass(loop):
            return _call(self, event_verbosity, kwargs)
        self.__dict__["active_loop"] = None
        try:
            state = _call(self, event_verbosity, kwargs)
        finally:
            self.__dict__["active_loop"] = loop
        trigger = loop.trigger_message
        state["active_loop"] = {
            "name": loop.name,
            "is_interrupted": loop.is_interrupted,
            "rejected": loop.rejected,
            "trigger_message": dict(trigger) if isinstance(trigger, dict) else trigger,
        }
        return state

    def _call(tracker, event_verbosity, kwargs):
        if event_verbosity is None:
            return original(tracker, **kwargs)
        return original(tracker, event_verbosity, **kwargs)

    current_state._edi_shallow = True
    DialogueStateTracker.current_state = current_state


def combine_features_without_deep_copy() -> None:
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    if getattr(Message._combine_features, "_edi_copy", False):
        return

    def _combine_features(features, featurizers):
        combined = None
        for feature in features:
            if combined is None:
                matrix = feature.features
                combined = Features(matrix.copy(), feature.type, feature.attribute, featurizers)
            else:
                combined.combine_with_features(feature)
        return combined

    _combine_features._edi_copy = True
    Message._combine_features = staticmethod(_combine_features)


_sessions: dict = {}


def shared_client_session():
    """The aiohttp session of the running event loop (created on first use)."""
    import aiohttp

    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        for other in [other for other in _sessions if other.is_closed()]:
            del _sessions[other]
        connector = aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS)
        session = aiohttp.ClientSession(connector=connector)
        _sessions[loop] = session
    return session


def reuse_endpoint_connections() -> None:
    import ssl
    from pathlib import Path

    import aiohttp
    from aiohttp.client_exceptions import ContentTypeError
    from rasa.shared.exceptions import FileNotFoundException
    from rasa.utils import endpoints
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig, concat_url

    async def request(
        self,
        method="post",
        subpath=None,
        content_type="application/json",
        compress=False,
        **kwargs,
    ):
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        headers.update(kwargs.pop("headers", None) or {})
        if self.headers:
            headers.update(self.headers)
        sslcontext = None
        if self.cafile:
            try:
                sslcontext = ssl.create_default_context(cafile=self.cafile)
            except FileNotFoundError as error:
                raise FileNotFoundException(
                    f"Failed to find certificate file, '{Path(self.cafile).resolve()}' does not "
                    "exist."
                ) from error
        timeout = kwargs.pop("timeout", None) or endpoints.DEFAULT_REQUEST_TIMEOUT
        if not isinstance(timeout, aiohttp.ClientTimeout):
            timeout = aiohttp.ClientTimeout(total=timeout)
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        async with shared_client_session().request(
            method,
            concat_url(self.url, subpath),
            headers=headers,
            auth=auth,
            timeout=timeout,
            params=self.combine_parameters(kwargs),
            compress=compress,
            ssl=sslcontext,
            **kwargs,
        ) as response:
            if response.status >= 400:
                raise ClientResponseError(
                    response.status, response.reason, await response.content.read()
                )
            try:
                return await response.json()
            except ContentTypeError:
                return None

    EndpointConfig.request = request


def install() -> None:
    cache_action_response_validator()
    keep_classifier_weights_in_column_order()
    memoize_past_states()
    reuse_endpoint_connections()
    event_types_by_name()
    active_loop_without_deep_copy()
    combine_features_without_deep_copy()
