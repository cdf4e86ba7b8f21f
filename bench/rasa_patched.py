"""`python -m bench.rasa_patched ARGS`: `bot.rasa.server` for the bench's "cached validator"
alternative. The speed-up itself now lives in `bot.rasa.speedups` and `bot.rasa.server`
installs it for every start, so this measures the same as the baseline; kept so older
results in bench/report.md stay reproducible."""

from __future__ import annotations

import runpy

from bot.rasa.speedups import install

if __name__ == "__main__":
    install()
    runpy.run_module("bot.rasa.server", run_name="__main__", alter_sys=True)
