import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa import speedups as rasa_speedups
from bot.training import DOMAIN_DIR


def test_cached_validator_checks_the_same_format():
    rasa_speedups.install()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [], "responses": [{"text": "hei"}]})
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})


def _counting_server():
    from aiohttp import web

    peers: list = []

    async def handle(request):
        peers.append(request.transport.get_extra_info("peername")[1])
        if request.path == "/fail":
            return web.Response(status=503, text="nope")
        body = await request.json()
        return web.json_response(
            {"echo": body, "token": request.query.get("token"), "h": request.headers.get("X-A")}
        )

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    return app, peers


def test_calls_to_an_endpoint_share_one_connection():
    import asyncio

    from aiohttp.test_utils import TestServer
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig

    rasa_speedups.install()

    async def run():
        app, peers = _counting_server()
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        try:
            endpoint = EndpointConfig(
                f"http://127.0.0.1:{server.port}/webhook", token="t0k", headers={"X-A": "a"}
            )
            answers = [
                await endpoint.request(json={"n": n}, method="post", timeout=5, compress=True)
                for n in range(5)
            ]
            assert answers[3] == {"echo": {"n": 3}, "token": "t0k", "h": "a"}
            assert len(peers) == 5 and len(set(peers)) == 1
            failing = EndpointConfig(f"http://127.0.0.1:{server.port}/fail")
            with pytest.raises(ClientResponseError) as error:
                await failing.request(json={}, method="post")
            assert error.value.status == 503
        finally:
            await server.close()
            await rasa_speedups.shared_client_session().close()

    asyncio.run(run())


def test_classifier_weights_in_column_order_give_the_same_probabilities():
    import numpy as np
    from rasa.nlu.classifiers.logistic_regression_classifier import (
        LogisticRegressionClassifier,
    )
    from scipy.sparse import random as sparse_random
    from sklearn.linear_model import LogisticRegression

    X = sparse_random(120, 4000, density=0.01, format="csr", random_state=1)
    y = np.arange(120) % 6
    classifier = LogisticRegression(max_iter=200).fit(X, y)
    before = classifier.predict_proba(X[:20])
    assert not classifier.coef_.T.flags["C_CONTIGUOUS"]

    rasa_speedups.weights_in_column_order(classifier)

    assert classifier.coef_.T.flags["C_CONTIGUOUS"]
    assert np.array_equal(classifier.predict_proba(X[:20]), before)
    rasa_speedups.install()
    assert getattr(LogisticRegressionClassifier.load.__func__, "_edi_column_order", False)


def test_past_states_are_computed_once_per_tracker_and_event_count(monkeypatch):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(DOMAIN_DIR))
    events = [
        ActionExecuted("action_listen"),
        UserUttered("hei", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("utter_greet"),
        ActionExecuted("action_listen"),
        UserUttered("jeg er ung", {"name": "i_am_youth", "confidence": 1.0}),
    ]
    plain = DialogueStateTracker.from_events("s", events, domain.slots)
    expected = plain.past_states(domain)  # before install: Rasa's own
    rule_only = {"rule_only_slots": [], "rule_only_loops": ["handoff_form"]}
    expected_rules = plain.past_states(
        domain, ignore_rule_only_turns=True, rule_only_data=rule_only
    )

    rasa_speedups.install()
    calls = []
    original = Domain.states_for_tracker_history
    monkeypatch.setattr(
        Domain,
        "states_for_tracker_history",
        lambda self, *a, **k: calls.append(1) or original(self, *a, **k),
    )
    tracker = DialogueStateTracker.from_events("s", events, domain.slots)
    first = tracker.past_states(domain)
    first[-1]["user"].pop("intent")  # callers change what they get
    second = tracker.past_states(domain)
    assert first != second and second == expected
    assert tracker.past_states(domain, True, True, rule_only) == expected_rules
    assert len(calls) == 2  # the plain states once, the rule-only variant once

    tracker.update(SlotSet("user_age", "19"))
    after = tracker.past_states(domain)
    assert len(calls) == 3
    assert after == DialogueStateTracker.from_events(
        "s", [*events, SlotSet("user_age", "19")], domain.slots
    ).past_states(domain)


def test_event_types_are_found_by_name_as_rasa_finds_them(monkeypatch):
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    rasa_speedups.install()
    walk = rasa.shared.utils.common.all_subclasses(Event)
    names = {cls.type_name for cls in walk}
    assert {"user", "action", "slot", "active_loop"} <= names
    for name in names:
        assert Event.resolve_by_type(name) is next(c for c in walk if c.type_name == name)

    calls = []
    original = rasa.shared.utils.common.all_subclasses
    monkeypatch.setattr(
        rasa.shared.utils.common,
        "all_subclasses",
        lambda cls: calls.append(cls) or original(cls),
    )
    for _ in range(5):
        Event.resolve_by_type("user")
    assert calls == []  # looked up, not walked
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=Event) is Event
    assert Event.resolve_by_type("topic") is None


def test_current_state_copies_the_active_loop_without_a_deep_copy(monkeypatch):
    import dataclasses

    from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    rasa_speedups.install()
    ranking = [{"name": f"intent_{i}", "confidence": 0.1} for i in range(10)]
    events = [
        ActionExecuted("action_listen"),
        UserUttered(
            "jeg vil snakke med en person",
            {"name": "handoff"},
            parse_data={"intent": {"name": "handoff"}, "intent_ranking": ranking, "entities": []},
        ),
        ActiveLoop("handoff_form"),
    ]
    tracker = DialogueStateTracker.from_events("s", events)
    expected = dataclasses.asdict(tracker.active_loop)

    def no_deep_copy(*args, **kwargs):
        raise AssertionError("asdict called")

    monkeypatch.setattr(dataclasses, "asdict", no_deep_copy)
    state = tracker.current_state()
    assert state["active_loop"] == expected
    assert state["active_loop"]["trigger_message"] is not tracker.active_loop.trigger_message
    assert tracker.active_loop.name == "handoff_form"  # the tracker keeps its loop
    assert tracker.current_state()["active_loop"] == expected

    tracker.update(ActiveLoop(None))
    assert tracker.current_state()["active_loop"] == {}


def _event_strategy():
    from hypothesis import strategies as st
    from rasa.core.actions.action import RemoteAction

    items = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]
    names = [branch["properties"]["event"]["const"] for branch in items["oneOf"]]
    fields = sorted(
        {key for branch in items["oneOf"] for key in branch.get("properties", {})}
        | set(items["properties"])
    )
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-3, 3), st.floats(0, 1), st.text(max_size=4)
    )
    values = st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(["name", "confidence", "text", "x"]), inner, max_size=3
            ),
        ),
        max_leaves=6,
    )
    event = st.fixed_dictionaries(
        {"event": st.one_of(st.sampled_from(names), st.text(max_size=5), st.integers())},
        optional={field: values for field in fields if field != "event"},
    )
    return st.one_of(event, values)


def test_events_checked_by_their_branch_are_accepted_exactly_as_by_the_full_schema():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    full = validator_class(schema)
    outer, by_event = rasa_speedups._validators_by_event(schema, validator_class)
    responses = st.lists(st.fixed_dictionaries({}, optional={"text": st.text(max_size=3)}))
    results = st.one_of(
        st.fixed_dictionaries(
            {"events": st.lists(_event_strategy(), max_size=4)}, optional={"responses": responses}
        ),
        st.none(),
        st.lists(st.integers(), max_size=2),
    )
    seen = {True: 0, False: 0}

    @settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
    @given(results)
    def check(result):
        expected = full.is_valid(result)
        seen[expected] += 1
        assert rasa_speedups._valid_by_event(result, outer, by_event) == expected

    check()
    assert seen[True] > 30 and seen[False] > 30  # both kinds were tried


def test_an_invalid_action_answer_raises_rasas_error():
    from rasa.core.actions.action import RemoteAction

    rasa_speedups.install()
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}]})
    with pytest.raises(ValidationError) as error:
        action._validate_action_result({"events": [{"event": "slot", "name": 5, "value": 1}]})
    assert "Failed to validate Action server response" in error.value.message
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})


def test_features_are_combined_as_rasa_combines_them(monkeypatch):
    import copy

    import numpy as np
    import scipy.sparse
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    rasa_speedups.install()
    first = Features(scipy.sparse.csr_matrix(np.array([[1.0, 0.0, 2.0]])), "sentence", "text", "a")
    second = Features(scipy.sparse.csr_matrix(np.array([[0.0, 3.0]])), "sentence", "text", "b")
    before = first.features.toarray().copy()

    def no_deep_copy(*args, **kwargs):
        raise AssertionError("deepcopy called")

    monkeypatch.setattr(copy, "deepcopy", no_deep_copy)
    combined = Message._combine_features([first, second], ["a", "b"])
    assert combined.features.toarray().tolist() == [[1.0, 0.0, 2.0, 0.0, 3.0]]
    assert (combined.type, combined.attribute, combined.origin) == ("sentence", "text", ["a", "b"])
    assert first.features.toarray().tolist() == before.tolist()  # the message's own, untouched
    alone = Message._combine_features([first], ["a"])
    assert alone.features is not first.features and alone.origin == ["a"]
    assert Message._combine_features([], ["a"]) is None
