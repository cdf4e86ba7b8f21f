"""The replies of the message gate, the channels and the web app's /chat are responses in the
domain (domain/conversation.yml, utter_gate_*), read by name with bot.training.response_text;
no Norwegian reply is written into the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.rasa.gate import MessageGate
from bot.training import domain_responses, response_text

REPO = Path(__file__).resolve().parents[2]
FILES = ("bot/rasa/gate.py", "bot/rasa/channels.py", "bot/web/app.py")
NORWEGIAN = re.compile(r"[æøåÆØÅ«»]|\b(?:Meldingen|Skriv|Prøv|Beklager)\b")


def _strings(tree: ast.AST):
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                yield node.value


def test_no_norwegian_reply_in_the_code():
    found = []
    for relative in FILES:
        tree = ast.parse((REPO / relative).read_text(encoding="utf-8"))
        found += [(relative, s) for s in _strings(tree) if NORWEGIAN.search(s)]
    assert not found, f"move these texts to domain/conversation.yml: {found}"


def test_the_gate_answers_with_the_domain_responses():
    responses = domain_responses()
    names = [name for name in responses if name.startswith("utter_gate_")]
    assert len(names) >= 10
    gate = MessageGate()
    assert gate.check("sender-1", "   ", None) == (None, response_text("utter_gate_empty"))
    long = "a" * (gate.max_chars + 1)
    assert gate.check("sender-1", long, None) == (
        None,
        response_text("utter_gate_too_long", limit=gate.max_chars),
    )
    assert str(gate.max_chars) in response_text("utter_gate_too_long", limit=gate.max_chars)
