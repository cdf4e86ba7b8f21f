"""Train the Rasa model only when its inputs changed (content hash)."""

from __future__ import annotations

import functools
import hashlib
import subprocess
import sys
from pathlib import Path

import yaml

from bot.settings import REPO_DIR, Settings, child_env

# The domain is a directory (Rasa merges its files): intents, slots and forms in `core.yml`, the
# responses by topic. Everything that reads the domain takes this path.
DOMAIN_DIR = REPO_DIR / "domain"
TRAINING_INPUTS = ("config.yml", "domain", "data")


def load_domain(path: Path = DOMAIN_DIR) -> dict:
    """The domain's files merged as Rasa merges them: mappings (responses, slots, forms) joined,
    lists (intents, entities, actions) concatenated."""
    merged: dict = {}
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    for file in files:
        part = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key, value in part.items():
            if key == "version":
                merged.setdefault(key, value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


def training_fingerprint(root: Path = REPO_DIR) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _fingerprint_file(settings: Settings) -> Path:
    return settings.models_dir / f"{settings.model_name}.fingerprint"


def model_is_current(settings: Settings) -> bool:
    stamp = _fingerprint_file(settings)
    return (
        settings.model_path.is_file()
        and stamp.is_file()
        and stamp.read_text().strip() == training_fingerprint()
    )


def train(settings: Settings, force: bool = False) -> bool:
    """Train if needed. Returns True when a new model was trained."""
    if not force and model_is_current(settings):
        return False
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = training_fingerprint()
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--config",
        "config.yml",
        "--domain",
        str(DOMAIN_DIR.relative_to(REPO_DIR)),
        "--data",
        "data",
        "--out",
        str(settings.models_dir),
        "--fixed-model-name",
        settings.model_name,
        "--force",
    ]
    log_path = settings.log_dir / "train.log"
    with log_path.open("w") as log:
        result = subprocess.run(  # nosec B603
            command, cwd=REPO_DIR, env=child_env(settings), stdout=log, stderr=subprocess.STDOUT
        )
    if result.returncode != 0:
        tail = log_path.read_text(errors="replace").splitlines()[-25:]
        raise RuntimeError("Treningen feilet:\n" + "\n".join(tail))
    _fingerprint_file(settings).write_text(fingerprint + "\n")
    return True


@functools.lru_cache(maxsize=1)
def domain_responses() -> dict:
    """The responses of the domain (read once per process)."""
    return load_domain().get("responses") or {}


def response_text(name: str, language: str = "nb", /, **values: object) -> str:
    """The text of a named response, for text shown outside Rasa (the web app, the channels'
    error replies): the English variant when asked for (a `{name}_en` response or a variant with
    the condition `language: en`), else the first unconditioned one; `{key}` filled from values."""
    responses = domain_responses()
    variants = responses[name]
    if language == "en":
        if f"{name}_en" in responses:
            variants = responses[f"{name}_en"]
        else:
            english = [v for v in variants if _condition(v) == "en"]
            variants = english or variants
    wanted = "en" if language == "en" else None
    plain = [
        v
        for v in variants
        if _condition(v) == wanted
        and all(c.get("name") == "language" for c in v.get("condition") or [])
    ]
    text = (plain or variants)[0]["text"]
    return text.format_map(values) if values else text


def _condition(variant: dict) -> str | None:
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return condition.get("value")
    return None
