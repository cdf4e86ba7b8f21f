"""Shared fixtures: a knowledge database built from the real content, free ports."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def content() -> list[dict]:
    from knowledge.content import load_content

    return load_content()


@pytest.fixture(scope="session")
def knowledge_db(tmp_path_factory, content) -> str:
    """A SQLite knowledge database filled with the real content; returns its URL."""
    from knowledge.store import replace_all

    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'edi.db'}"
    replace_all(content, url=url)
    return url


def free_port_pair() -> int:
    """A free port whose next port is free too (a second Rasa process listens there)."""
    for _ in range(50):
        port = free_port()
        try:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no two free ports next to each other")
