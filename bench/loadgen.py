"""Load generator: simulated conversations against Rasa's REST channel, on loopback only.

Run as a separate process: `python -m bench.loadgen CONFIG_JSON OUT_JSON`.

- stress: `concurrency` virtual users, each running conversations back to back with no
  pause (closed loop); throughput and latency in a window after a short warm-up.
- realistic: conversations start at a fixed rate (open loop) chosen so that, in steady state,
  `rate` messages per second are offered; 3–8 s think time between turns. Latency is taken
  from the moment a message was due, so a slow server cannot hide queueing (no coordinated
  omission). Only messages due inside the measuring window (after the ramp-up) count.

Every request has a timeout, every loop is bounded by a deadline, and the whole run by a hard
time limit; it stops by itself.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import ssl
import sys
import time
import uuid
from collections import Counter, defaultdict
from urllib.parse import urlparse

import aiohttp

from bench.conversations import maker_from_content

NO_REPLY_START = "Beklager, jeg får ikke svart akkurat nå"


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "p99": None, "mean": None, "max": None, "n": 0}
    ordered = sorted(values)

    def pick(q: float) -> float:
        position = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
        return round(ordered[position], 2)

    return {
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "mean": round(sum(ordered) / len(ordered), 2),
        "max": round(ordered[-1], 2),
        "n": len(ordered),
    }


class Recorder:
    def __init__(self, start: float, window_start: float, window_end: float):
        self.start = start
        self.window_start = window_start
        self.window_end = window_end
        self.latencies: list[float] = []
        self.by_label: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.sent = 0
        self.completed_in_window = 0

    def record(self, label: str, due: float, done: float, error: str | None) -> None:
        """`due`/`done`: perf_counter times. Counted when the message was due in the window."""
        self.sent += 1
        if self.window_start <= done - self.start <= self.window_end and not error:
            self.completed_in_window += 1
        if not self.window_start <= due - self.start <= self.window_end:
            return
        if error:
            self.errors[error] += 1
            return
        latency = (done - due) * 1000.0
        self.latencies.append(latency)
        self.by_label[label].append(latency)


async def send(
    session: aiohttp.ClientSession, url: str, sender: str, text: str, timeout: float
) -> str | None:
    """One message; None when it was answered, else the kind of error."""
    try:
        async with session.post(
            url,
            json={"sender": sender, "message": text},
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as response:
            body = await response.read()
            if response.status != 200:
                return f"http_{response.status}"
            replies = json.loads(body)
            if not replies:
                return "empty_reply"
            if any(str(r.get("text", "")).startswith(NO_REPLY_START) for r in replies):
                return "no_reply"  # the channel's answer when the action server failed
            return None
    except asyncio.TimeoutError:
        return "timeout"
    except aiohttp.ClientError as error:
        return type(error).__name__
    except ValueError:
        return "bad_json"


async def stress(config: dict, session: aiohttp.ClientSession, maker) -> dict:
    warmup, duration = config["warmup"], config["duration"]
    start = time.perf_counter()
    deadline = start + warmup + duration
    recorder = Recorder(start, warmup, warmup + duration)
    conversations = Counter()

    async def user(number: int) -> None:
        rng = random.Random(config["seed"] * 1000 + number)
        while time.perf_counter() < deadline:
            kind, turns = maker.draw(rng)
            sender = f"bench-{number}-{uuid.uuid4().hex[:10]}"
            conversations["started"] += 1
            for label, text in turns:
                if time.perf_counter() >= deadline:
                    return
                due = time.perf_counter()
                error = await send(session, config["url"], sender, text, config["timeout"])
                recorder.record(label, due, time.perf_counter(), error)
                if error == "timeout":
                    break  # the conversation's state is unknown now; start a new one
            else:
                conversations["completed"] += 1

    await asyncio.gather(*(user(n) for n in range(config["concurrency"])))
    return {
        **summary(recorder, duration),
        "throughput": round(recorder.completed_in_window / duration, 2),
        "conversations": dict(conversations),
    }


async def realistic(config: dict, session: aiohttp.ClientSession, maker) -> dict:
    ramp, window = config["ramp"], config["duration"]
    think_low, think_high = config.get("think", (3.0, 8.0))
    mean_turns = maker.mean_turns()
    conversation_rate = config["rate"] / mean_turns
    start = time.perf_counter()
    end = start + ramp + window
    recorder = Recorder(start, ramp, ramp + window)
    conversations = Counter()
    rng = random.Random(config["seed"])

    async def conversation(number: int) -> None:
        local = random.Random(config["seed"] * 100_000 + number)
        kind, turns = maker.draw(local)
        sender = f"bench-r{number}-{uuid.uuid4().hex[:10]}"
        conversations["started"] += 1
        due = time.perf_counter()
        for position, (label, text) in enumerate(turns):
            if position:
                due = time.perf_counter() + local.uniform(think_low, think_high)
                if due >= end:
                    return
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            error = await send(session, config["url"], sender, text, config["timeout"])
            recorder.record(label, due, time.perf_counter(), error)
            if error == "timeout":
                return
        conversations["completed"] += 1

    tasks: set[asyncio.Task] = set()
    number = 0
    next_start = start
    while next_start < end:
        await asyncio.sleep(max(0.0, next_start - time.perf_counter()))
        task = asyncio.create_task(conversation(number))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        number += 1
        # fixed rate, with a little jitter so arrivals do not lock step with the server
        next_start += (1.0 / conversation_rate) * rng.uniform(0.8, 1.2)
    if tasks:
        await asyncio.wait(tasks, timeout=config["timeout"] + 2)
    for task in tasks:
        task.cancel()
    result = summary(recorder, window)
    return {
        **result,
        "offered_rate": config["rate"],
        "achieved_rate": round(result["messages"] / window, 2),
        "throughput": round(recorder.completed_in_window / window, 2),
        "conversation_rate": round(conversation_rate, 3),
        "mean_turns": round(mean_turns, 2),
        "conversations": dict(conversations),
    }


def summary(recorder: Recorder, window: float) -> dict:
    errors = sum(recorder.errors.values())
    total = len(recorder.latencies) + errors
    return {
        "messages": total,
        "errors": errors,
        "error_kinds": dict(recorder.errors),
        "error_rate": round(errors / total, 4) if total else None,
        "latency_ms": percentiles(recorder.latencies),
        "by_label": {
            label: percentiles(values) for label, values in sorted(recorder.by_label.items())
        },
        "window_s": window,
        "sent_total": recorder.sent,
    }


async def main_async(config: dict) -> dict:
    host = urlparse(config["url"]).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"only loopback targets, not {host}")
    maker = maker_from_content()
    config["_cpu_start"] = _cpu()
    # "cafile": an https URL (nginx in front) whose certificate that file vouches for.
    tls = ssl.create_default_context(cafile=config["cafile"]) if config.get("cafile") else None
    connector = aiohttp.TCPConnector(
        limit=config.get("max_connections", 600),
        keepalive_timeout=2.0,
        force_close=False,
        ssl=tls,
    )
    async with aiohttp.ClientSession(connector=connector) as session:
        run = stress if config["mode"] == "stress" else realistic
        limit = config.get("warmup", 0) + config.get("ramp", 0) + config["duration"]
        limit += config["timeout"] + 15
        return await asyncio.wait_for(run(config, session, maker), timeout=limit)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    config = json.loads(sys.argv[1])
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    started = time.perf_counter()
    result = asyncio.run(main_async(config))
    result["loadgen_cpu_s"] = round(_cpu() - config.get("_cpu_start", 0.0), 2)
    result["wall_s"] = round(time.perf_counter() - started, 2)
    result["mode"] = config["mode"]
    result["level"] = config.get("concurrency") or config.get("rate")
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
