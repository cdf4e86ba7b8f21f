"""The process runner's log files are rotated by size (bot/processes.py), so a long-running
`make run` does not fill the disk; no line is lost across a rotation."""

from __future__ import annotations

import sys

from bot.processes import Service

LINES = 30_000  # about 1.9 MB: more than one file of EDI_LOG_MAX_MB=1


def test_a_process_log_is_rotated_by_size_without_losing_lines(tmp_path, monkeypatch):
    monkeypatch.setenv("EDI_LOG_MAX_MB", "1")
    monkeypatch.setenv("EDI_LOG_BACKUPS", "3")
    log = tmp_path / "log" / "rasa.log"
    program = f"for n in range({LINES}): print(f'linje {{n:06d}} ' + 'x' * 50)"
    service = Service("demo", [sys.executable, "-c", program], "http://127.0.0.1:1/", log)
    service.start({"PATH": "/usr/bin:/bin"})
    service.process.wait(timeout=60)
    service._copier.join(timeout=30)

    files = sorted(log.parent.iterdir())
    assert [f.name for f in files] == ["rasa.log", "rasa.log.1"]
    assert all(f.stat().st_size <= 1024 * 1024 for f in files)
    lines = (log.parent / "rasa.log.1").read_text().splitlines() + log.read_text().splitlines()
    assert len(lines) == LINES
    assert lines[0].startswith("linje 000000") and lines[-1].startswith(f"linje {LINES - 1:06d}")
    assert service.log_tail(1).startswith(f"linje {LINES - 1:06d}")
