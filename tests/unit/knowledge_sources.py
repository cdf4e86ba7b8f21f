"""Tests that compare content with the source reports need `../shared/seeds` beside the clone.

`needs_sources()` skips such a test with one reason (pytest groups it into one line) when the
reports are missing, and fails it under `CI=true`, where the reports must be there.
"""

from __future__ import annotations

import os

import pytest

from knowledge.paths import seeds_dir
from knowledge.validation import sources_available


def skip_reason() -> str:
    return (
        f"source reports not found in {seeds_dir()} (set EDI_SEEDS_DIR): "
        "quote checks against the reports are skipped"
    )


def needs_sources() -> None:
    """Skip (or, under CI=true, fail) the calling test when the source reports are missing."""
    if sources_available():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {skip_reason()}", pytrace=False)
    pytest.skip(skip_reason())
