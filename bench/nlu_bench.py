"""NLU quality and speed of trained models, in one process (one TensorFlow import).

`python -m bench.nlu_bench SPEC_JSON OUT_JSON`; SPEC: {"test_data": path, "repeat": n,
"time_limit": s, "models": {"full": {"path": ..., "results_dir": ...}, ...}}.

For each model: intent macro-F1 on the held-out split (Rasa's own evaluation, which writes
intent_report.json as `rasa test nlu` does), the time to load it with `Agent.load`, and
`agent.parse_message` timings over the held-out texts. The project's model includes
bot.rasa.guard.MessageGuard, so run with the repository as working directory and on PYTHONPATH.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from bench.loadgen import percentiles


def held_out_texts(path: str) -> list[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    return [m.get("text") for m in load_data(path).intent_examples if m.get("text")]


async def measure(model: dict, test_data: str, texts: list[str], repeat: int, limit: float):
    from rasa.core.agent import Agent
    from rasa.nlu.test import run_evaluation

    started = time.perf_counter()
    agent = Agent.load(model["path"])
    load_s = time.perf_counter() - started
    for text in texts[:10]:  # first parses build lazy state; not counted
        await agent.parse_message(text)
    times: list[float] = []
    stop = time.perf_counter() + limit
    for _ in range(repeat):
        for text in texts:
            begin = time.perf_counter()
            await agent.parse_message(text)
            times.append((time.perf_counter() - begin) * 1000)
        if time.perf_counter() > stop:
            break
    results_dir = Path(model["results_dir"])
    results_dir.mkdir(parents=True, exist_ok=True)
    await run_evaluation(
        test_data, agent.processor, output_directory=str(results_dir), disable_plotting=True
    )
    report = json.loads((results_dir / "intent_report.json").read_text(encoding="utf-8"))
    macro = report.get("macro avg") or {}
    weighted = report.get("weighted avg") or {}
    return {
        "load_s": round(load_s, 2),
        "parse_ms": percentiles(times),
        "macro_f1": round(macro.get("f1-score", 0.0), 4),
        "weighted_f1": round(weighted.get("f1-score", 0.0), 4),
        "accuracy": round(report.get("accuracy", 0.0), 4),
        "test_examples": len(texts),
    }


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    texts = held_out_texts(spec["test_data"])
    results = {}
    for name, model in spec["models"].items():
        results[name] = asyncio.run(
            measure(model, spec["test_data"], texts, spec["repeat"], spec["time_limit"])
        )
        print(f"nlu {name}: {results[name]}", flush=True)
    Path(sys.argv[2]).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
