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


def scaled_settings(var_dir, processes: int, postgres_url: str, redis_url: str, **extra_env):
    """Settings for N Rasa processes on free ports with a shared PostgreSQL tracker store and
    a Redis lock store (deploy/endpoints-scaled.yml); used by the scale-out test and bench."""
    from sqlalchemy.engine import make_url

    from bot.settings import Settings

    redis = make_url(redis_url)
    return Settings(
        rasa_port=free_port_pair(),
        action_port=free_port(),
        web_port=free_port(),
        var_dir=var_dir,
        rasa_processes=processes,
        database_url=postgres_url,
        endpoints_file="deploy/endpoints-scaled.yml",
        extra_env={
            "DATABASE_URL": postgres_url,
            "REDIS_HOST": redis.host,
            "REDIS_PORT": str(redis.port),
            **extra_env,
        },
    )
