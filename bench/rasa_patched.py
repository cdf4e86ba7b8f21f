"""`python -m bench.rasa_patched ARGS`: `bot.rasa_server` for the bench's "cached validator"
alternative. The speed-up itself now lives in `bot.rasa_speedups` and `bot.rasa_server`
installs it for every start, so this measures the same as the baseline; kept so older
results in bench/report.md stay reproducible."""

from __future__ import annotations

import runpy

from bot.rasa_speedups import install

if __name__ == "__main__":
    install()
    runpy.run_module("bot.rasa_server", run_name="__main__", alter_sys=True)
