"""`python -m bench.scale_out`: throughput with 1, 2 and 3 Rasa processes behind the nginx
entry point (bot/ops/entry_point.py: HTTPS, the REST webhook spread over the processes), shared
PostgreSQL tracker store and Redis lock store, same machine, same load. Writes
bench/scale_out.json and bench/scale_out.md (included in bench/report.md).

Load: closed-loop stress with 20 conversations for 20 s from one load generator, all of it
through nginx's public HTTPS port, as the widget's REST fallback and the evaluation kit reach
the assistant. `EDI_BENCH_ROUNDS` (default 3) alternating rounds; the median round counts.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.processes import Stack
from bot.settings import REPO_DIR, Settings, child_env
from bot.training import train
from knowledge.content import load_content
from knowledge.store import replace_all
from tests.conftest import free_port, scaled_settings

OUT = REPO_DIR / "bench"
PROCESSES = (1, 2, 3)
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


def _run_load(url: str, cafile: str, tmp: Path, processes: int) -> dict:
    out = tmp / f"load-{processes}.json"
    config = {**LOAD, "url": url, "cafile": cafile, "concurrency": 20}
    subprocess.run(
        [sys.executable, "-m", "bench.loadgen", json.dumps(config), str(out)],
        cwd=REPO_DIR,
        env=child_env(Settings()),
        timeout=180,
        check=True,
    )
    result = json.loads(out.read_text())
    return {
        "msg_per_s": round(result["throughput"], 1),
        "p95_ms": result["latency_ms"]["p95"] or 0,
        "errors": result["errors"],
    }


def measure(processes: int, postgres_url: str, redis_url: str, tmp: Path) -> dict:
    settings = scaled_settings(
        tmp / f"var-{processes}",
        processes,
        postgres_url,
        redis_url,
        EDI_RATE_LIMIT_PER_SENDER="0",
        EDI_HTTPS_PORT=str(free_port()),
        EDI_NGINX_INTERNAL_PORT=str(free_port()),
    )
    settings = dataclasses.replace(settings, nginx=True)
    train(settings)
    stack = Stack(settings)
    started = time.monotonic()
    stack.start(timeout=300, report=lambda line: None)
    print(f"  {processes} process(es) ready in {time.monotonic() - started:.1f} s", flush=True)
    entry = stack.entry
    url = f"https://localhost:{entry.https_port}/webhooks/rest/webhook"
    load_before = round(os.getloadavg()[0], 1)  # other work on the machine skews a run
    try:
        result = _run_load(url, str(entry.certificate), tmp, processes)
    finally:
        stack.stop()
    result["load_before"] = load_before
    print(f"  {processes} process(es): {result}", flush=True)
    return result


def _median_run(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda run: run["msg_per_s"])[len(runs) // 2]


def _verdict(ratios: dict[int, float | None]) -> str:
    shared = (
        "the 2 cores are shared by the Rasa processes, the action server, PostgreSQL, Redis, "
        "nginx and the load generator"
    )
    two, three = ratios.get(2), ratios.get(3)
    if not two:
        return ""
    text = f"Two processes give {two}× the throughput of one"
    text += f", three {three}×. " if three else ". "
    if three and two and three < two * 1.1:
        return text + f"A third process adds little here: {shared}; it pays off with more cores."
    return text + f"On this machine {shared}; with more cores, more processes add more."


def main() -> int:
    rounds_wanted = max(1, int(os.environ.get("EDI_BENCH_ROUNDS", "3")))
    tmp = Path(tempfile.mkdtemp(prefix="edi-scale-"))
    rounds: dict[int, list[dict]] = {n: [] for n in PROCESSES}
    tmp.chmod(0o755)
    pg_dir, redis_dir = tmp / "pg", tmp / "redis"
    try:
        postgres_url = _script("postgres-test-server.sh", "start", str(pg_dir), str(free_port()))
        redis_url = _script("redis-test-server.sh", "start", str(redis_dir), str(free_port()))
        replace_all(load_content(), url=postgres_url)
        # Alternating rounds: the machine's other work moves single runs by a third.
        for _round in range(rounds_wanted):
            for processes in PROCESSES:
                rounds[processes].append(measure(processes, postgres_url, redis_url, tmp))
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
    medians = {n: _median_run(rounds[n]) for n in PROCESSES}
    one = medians[1]["msg_per_s"]
    ratios = {n: round(medians[n]["msg_per_s"] / one, 2) if one else None for n in PROCESSES}
    result = {"medians": medians, "ratios": ratios, "load": LOAD, "through": "nginx (https)"}
    result["rounds"] = {str(n): runs for n, runs in rounds.items()}
    (OUT / "scale_out.json").write_text(json.dumps(result, indent=1))
    rows = "".join(
        f"| {n} | {' / '.join(str(r['msg_per_s']) for r in rounds[n])} | "
        f"{medians[n]['msg_per_s']} | {medians[n]['p95_ms']:.0f} | "
        f"{sum(r['errors'] for r in rounds[n])} | "
        f"{' / '.join(str(r['load_before']) for r in rounds[n])} |\n"
        for n in PROCESSES
    )
    (OUT / "scale_out.md").write_text(
        "## Scale-out through nginx: 1, 2 and 3 Rasa processes "
        "(measured by `python -m bench.scale_out`)\n\n"
        "All load through the nginx entry point's HTTPS port (REST webhook spread over the "
        "processes), shared PostgreSQL tracker store and Redis lock store (`bot.rasa.lock_store`) on "
        "loopback, one action server, closed-loop stress with 20 conversations for 20 s, on the "
        f"same 2-core machine; {rounds_wanted} alternating round(s), the median round counts.\n\n"
        "| Rasa processes | msg/s per round | median msg/s | its p95 ms | errors | load avg before |\n"
        "|---|---|---|---|---|---|\n" + rows + "\n" + _verdict(ratios) + "\n"
    )
    print("scale-out: " + ", ".join(f"{n}: {medians[n]['msg_per_s']} msg/s" for n in PROCESSES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
