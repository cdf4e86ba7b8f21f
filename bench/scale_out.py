"""`python -m bench.scale_out`: throughput of one Rasa process against two (shared PostgreSQL
tracker store, Redis lock store), same machine, same load. Writes bench/scale_out.json and
bench/scale_out.md (included in bench/report.md).

Load: closed-loop stress with 20 conversations for 20 s. One process gets all 20; with two
processes, two load generators send 10 conversations each to one process (what a load
balancer that keeps a conversation on one entry would do; the lock store would also keep
order if it did not).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.services import Stack
from bot.settings import REPO_DIR, Settings, child_env
from bot.training import train
from knowledge.content import load_content
from knowledge.store import replace_all
from tests.conftest import free_port, scaled_settings

OUT = REPO_DIR / "bench"
ROUNDS = 3
LOAD = {"mode": "stress", "warmup": 3, "duration": 20, "timeout": 20.0, "seed": 7}


def _script(name: str, *args: str) -> str:
    result = subprocess.run(
        ["bash", str(REPO_DIR / "scripts" / name), *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _run_loads(urls: list[str], concurrency: int, tmp: Path) -> dict:
    processes, outs = [], []
    for number, url in enumerate(urls):
        out = tmp / f"load-{len(urls)}-{number}.json"
        config = {
            **LOAD,
            "url": f"{url}/webhooks/rest/webhook",
            "concurrency": concurrency,
            "seed": LOAD["seed"] + number,
        }
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "bench.loadgen", json.dumps(config), str(out)],
                cwd=REPO_DIR,
                env=child_env(Settings()),
            )
        )
        outs.append(out)
    for process in processes:
        process.wait(timeout=180)
    results = [json.loads(out.read_text()) for out in outs]
    return {
        "msg_per_s": round(sum(r["throughput"] for r in results), 1),
        "p95_ms": max(r["latency_ms"]["p95"] or 0 for r in results),
        "errors": sum(r["errors"] for r in results),
    }


def measure(processes: int, postgres_url: str, redis_url: str, tmp: Path) -> dict:
    settings = scaled_settings(
        tmp / f"var-{processes}", processes, postgres_url, redis_url, EDI_RATE_LIMIT_PER_SENDER="0"
    )
    train(settings)
    stack = Stack(settings)
    started = time.monotonic()
    stack.start(timeout=300, report=lambda line: None)
    print(f"  {processes} process(es) ready in {time.monotonic() - started:.1f} s", flush=True)
    try:
        result = _run_loads(settings.rasa_urls, 20 // processes, tmp)
    finally:
        stack.stop()
    print(f"  {processes} process(es): {result}", flush=True)
    return result


def _median_run(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda run: run["msg_per_s"])[len(runs) // 2]


def _verdict(ratio: float | None) -> str:
    shared = (
        "the 2 cores are shared by both Rasa processes, the action server, PostgreSQL, Redis and "
        "the load generator"
    )
    if ratio is None:
        return ""
    if ratio < 1.2:
        return f"A second process adds little here: {shared}; it pays off with more cores."
    return (
        f"The second process uses the second core although {shared}; with more cores, more "
        "processes add more."
    )


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="edi-scale-"))
    rounds: dict[int, list[dict]] = {1: [], 2: []}
    tmp.chmod(0o755)
    pg_dir, redis_dir = tmp / "pg", tmp / "redis"
    try:
        postgres_url = _script("postgres-test-server.sh", "start", str(pg_dir), str(free_port()))
        redis_url = _script("redis-test-server.sh", "start", str(redis_dir), str(free_port()))
        replace_all(load_content(), url=postgres_url)
        # Alternating rounds: the machine's other work moves single runs by a third.
        for _round in range(ROUNDS):
            rounds[1].append(measure(1, postgres_url, redis_url, tmp))
            rounds[2].append(measure(2, postgres_url, redis_url, tmp))
    finally:
        subprocess.run(
            ["bash", str(REPO_DIR / "scripts/redis-test-server.sh"), "stop", str(redis_dir)],
            check=False,
        )
        subprocess.run(
            ["bash", str(REPO_DIR / "scripts/postgres-test-server.sh"), "stop", str(pg_dir)],
            check=False,
        )
        shutil.rmtree(tmp, ignore_errors=True)
    one, two = (_median_run(rounds[n]) for n in (1, 2))
    ratio = round(two["msg_per_s"] / one["msg_per_s"], 2) if one["msg_per_s"] else None
    result = {"one_process": one, "two_processes": two, "ratio": ratio, "load": LOAD}
    result["rounds"] = {str(n): runs for n, runs in rounds.items()}
    (OUT / "scale_out.json").write_text(json.dumps(result, indent=1))
    rows = "".join(
        f"| {n} | {' / '.join(str(r['msg_per_s']) for r in rounds[n])} | "
        f"{(one, two)[n - 1]['msg_per_s']} | {(one, two)[n - 1]['p95_ms']:.0f} | "
        f"{sum(r['errors'] for r in rounds[n])} |\n"
        for n in (1, 2)
    )
    (OUT / "scale_out.md").write_text(
        "## Scale-out: one Rasa process against two (measured by `python -m bench.scale_out`)\n\n"
        "Shared PostgreSQL tracker store and Redis lock store (`bot.lock_store`) on loopback, one "
        "action server, closed-loop stress with 20 conversations for 20 s, on the same 2-core "
        f"machine; {ROUNDS} alternating rounds, the median round counts.\n\n"
        "| Rasa processes | msg/s per round | median msg/s | its p95 ms | errors |\n"
        "|---|---|---|---|---|\n" + rows + "\n"
        f"Two processes give {ratio}× the throughput of one. {_verdict(ratio)}\n"
    )
    print(
        f"scale-out: 1 process {one['msg_per_s']} msg/s, 2 processes {two['msg_per_s']} msg/s ({ratio}×)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
