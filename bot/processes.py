"""Start, watch and stop the three processes: action server, Rasa server, web app.

Each process's output goes through a pipe into its log file under var/log/, which is rotated
by size (`logging.handlers.RotatingFileHandler`: `EDI_LOG_MAX_MB`, default 10 MB, and
`EDI_LOG_BACKUPS` old files, default 5), so a long-running `make run` does not fill the disk.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import REPO_DIR, Settings, child_env


def rotating_log(path: Path) -> logging.Handler:
    """A size-rotated log file that writes each line as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = Settings()  # EDI_LOG_MAX_MB and EDI_LOG_BACKUPS as the environment has them now
    handler = logging.handlers.RotatingFileHandler(
        path,
        maxBytes=max(1, settings.log_max_mb) * 1024 * 1024,
        backupCount=max(0, settings.log_backups),
        encoding="utf-8",
    )
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def _copy_output(stream, handler: logging.Handler) -> None:
    """Write a child's output, line by line, into its rotated log file."""
    try:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            handler.emit(logging.makeLogRecord({"msg": line, "levelno": logging.INFO}))
    finally:
        stream.close()
        handler.close()


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str
    log_path: Path
    process: subprocess.Popen | None = None
    _copier: threading.Thread | None = None

    def start(self, env: dict[str, str]) -> None:
        handler = rotating_log(self.log_path)
        self.process = subprocess.Popen(  # nosec B603
            self.command,
            cwd=REPO_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._copier = threading.Thread(
            target=_copy_output, args=(self.process.stdout, handler), daemon=True
        )
        self._copier.start()

    def is_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:  # noqa: S310  # nosec B310
                return response.status == 200
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def log_tail(self, lines: int = 20) -> str:
        if not self.log_path.is_file():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        except ProcessLookupError:
            pass
        if self._copier is not None:
            self._copier.join(timeout=5)


@dataclass
class Stack:
    settings: Settings
    services: list[Service] = field(default_factory=list)
    entry: object | None = None  # bot.ops.entry_point.EntryPoint when nginx runs in front

    def __post_init__(self) -> None:
        s = self.settings
        python = sys.executable
        self.services = [
            Service(
                "action-server",
                [
                    python,
                    "-m",
                    "bot.rasa.action_server",
                    "--actions",
                    "actions",
                    "-p",
                    str(s.action_port),
                    "--quiet",
                ],
                f"http://{s.host}:{s.action_port}/health",
                s.log_dir / "actions.log",
            ),
            *(
                Service(
                    "rasa" if index == 0 else f"rasa-{index + 1}",
                    [
                        python,
                        "-m",
                        "bot.rasa.server",
                        "run",
                        "--model",
                        str(s.model_path),
                        "--interface",
                        s.host,
                        "--port",
                        str(s.rasa_port + index),
                        "--credentials",
                        "credentials.yml",
                        "--endpoints",
                        s.endpoints_file,
                        # The browser widget calls socket.io from the web app's origin (or
                        # an embedding site's): only the allow-list gets CORS headers.
                        "--cors",
                        *s.allowed_origins,
                    ],
                    f"http://{s.host}:{s.rasa_port + index}/",
                    s.log_dir / ("rasa.log" if index == 0 else f"rasa-{index + 1}.log"),
                )
                for index in range(s.rasa_processes)
            ),
            Service(
                "web",
                [python, "-m", "bot", "web"],
                f"http://{s.host}:{s.web_port}/healthz",
                s.log_dir / "web.log",
            ),
        ]
        if s.nginx:
            from bot.ops import entry_point

            self.entry = entry_point.load_entry_point(s)
            self.services.append(
                Service(
                    "nginx",
                    entry_point.nginx_command(self.nginx_prefix, s.log_dir),
                    f"{self.entry.internal_url}/healthz",
                    s.log_dir / "nginx.log",
                )
            )

    @property
    def nginx_prefix(self) -> Path:
        return self.settings.var_dir / "nginx"

    def environment(self) -> dict[str, str]:
        """The processes' environment; behind nginx also where everything is reached."""
        env = child_env(self.settings)
        if self.entry is not None:
            from bot.ops import entry_point

            entry_point.ensure_self_signed(self.entry)
            entry_point.write_config(self.entry, self.nginx_prefix, self.settings.log_dir)
            behind = entry_point.process_env(self.settings, self.entry)
            env.update({k: v for k, v in behind.items() if k not in self.settings.extra_env})
        return env

    def start(self, timeout: float = 180.0, report=print) -> None:
        env = self.environment()
        for service in self.services:
            service.start(env)
        deadline = time.monotonic() + timeout
        waiting = list(self.services)
        while waiting:
            for service in list(waiting):
                if service.is_healthy():
                    report(f"  {service.name} er klar")
                    waiting.remove(service)
                elif service.exited():
                    self.stop()
                    raise RuntimeError(
                        f"{service.name} stoppet under oppstart:\n{service.log_tail()}"
                    )
            if waiting and time.monotonic() > deadline:
                names = ", ".join(s.name for s in waiting)
                tails = "\n".join(s.log_tail() for s in waiting)
                self.stop()
                raise RuntimeError(f"Ikke klar etter {timeout:.0f} s: {names}\n{tails}")
            time.sleep(0.3)

    def first_exited(self) -> Service | None:
        return next((s for s in self.services if s.exited()), None)

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
