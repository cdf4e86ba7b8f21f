"""Which domain responses the bot can send, and which response names the code asks for, by
exact name. `rasa data validate` only sees rules and stories; most responses here are sent by
actions, so this is the check that a response nothing sends (or a name the code sends that the
domain lacks) is noticed. Code is read as Python syntax: string literals count, comments do not."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from bot import training

RESPONSE_NAME = re.compile(r"utter_[a-z0-9_]*[a-z0-9]")
CODE_DIRS = ("actions", "bot", "knowledge")
STORY_DIRS = ("data",)
# `utter_*` literals that are not response names.
NOT_RESPONSES = {"utter_action": "the metadata key Rasa stores a sent response's name under"}


def code_literals(paths: Iterable[Path]) -> tuple[set[str], set[str]]:
    """(every exact `utter_*` string literal, the names given to `response_text`, whose `_en`
    response is sent for English)."""
    literals: set[str] = set()
    english: set[str] = set()
    for path in paths:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if RESPONSE_NAME.fullmatch(node.value):
                    literals.add(node.value)
            elif isinstance(node, ast.Call) and _called(node) == "response_text" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    english.add(first.value)
    return literals, english


def _called(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def story_actions(paths: Iterable[Path]) -> set[str]:
    """Every `action:` step of the rules and stories."""
    names: set[str] = set()
    for path in paths:
        document = yaml.safe_load(path.read_text()) or {}
        for key in ("rules", "stories"):
            for flow in document.get(key) or []:
                names.update(_actions_in(flow.get("steps") or []))
                names.update(_actions_in(flow.get("condition") or []))
    return names


def _actions_in(steps: list) -> set[str]:
    found: set[str] = set()
    for step in steps:
        if isinstance(step, dict):
            if "action" in step:
                found.add(step["action"])
            for branch in step.get("or") or []:
                found.update(_actions_in([branch]))
    return found


def form_questions(domain: dict) -> set[str]:
    """The responses a form asks its slots with (`utter_ask_<slot>`, `utter_ask_<form>_<slot>`)."""
    names: set[str] = set()
    for form, spec in (domain.get("forms") or {}).items():
        for slot in (spec or {}).get("required_slots") or []:
            names.update({f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"})
    return names


def english_variants() -> set[str]:
    """The responses sent as `{name}_en` by the documented mechanisms."""
    from actions.common import ENGLISH_RESPONSES
    from bot.guidance.crisis import ENGLISH_RESPONSES as CRISIS_ENGLISH

    return set(ENGLISH_RESPONSES) | set(CRISIS_ENGLISH)


def used_responses(domain: dict, root: Path = training.REPO_DIR) -> tuple[set[str], set[str]]:
    """(the responses something sends, the `utter_*` names the code uses)."""
    code = [p for folder in CODE_DIRS for p in sorted((root / folder).rglob("*.py"))]
    literals, via_response_text = code_literals(code)
    stories = [p for folder in STORY_DIRS for p in sorted((root / folder).rglob("*.yml"))]
    sent = literals | story_actions(stories) | form_questions(domain)
    sent |= {f"{name}_en" for name in english_variants() | via_response_text}
    return sent, literals


def unused_responses(domain: dict, root: Path = training.REPO_DIR) -> list[str]:
    sent, _ = used_responses(domain, root)
    return sorted(name for name in domain.get("responses") or {} if name not in sent)


def unknown_names(domain: dict, root: Path = training.REPO_DIR) -> list[str]:
    _, literals = used_responses(domain, root)
    actions = {a if isinstance(a, str) else next(iter(a)) for a in domain.get("actions") or []}
    known = set(domain.get("responses") or {}) | actions
    return sorted(literals - known - set(NOT_RESPONSES))
