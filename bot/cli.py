"""Command line of Én dør inn: `python -m bot --help`."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from bot.settings import REPO_DIR, child_env, load_settings


def _build_knowledge() -> None:
    from knowledge.content import load_content
    from knowledge.store import InvalidContent, replace_all

    try:
        count = replace_all(load_content())
    except InvalidContent as error:
        for problem in error.problems[:20]:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(f"Kunnskapsbasen har {len(error.problems)} feil; rett dem.") from None
    print(f"Kunnskapsbasen: {count} tiltak.")


def _train(args: argparse.Namespace) -> int:
    from bot.training import train

    settings = load_settings()
    print("Trener modellen …" if args.force else "Sjekker om modellen må trenes …", flush=True)
    try:
        trained = train(settings, force=args.force)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print("Modellen er trent." if trained else "Modellen er oppdatert, ingen trening trengs.")
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.services import Stack

    settings = load_settings()
    _build_knowledge()
    if _train(argparse.Namespace(force=False)) != 0:
        return 1
    stack = Stack(settings)
    print("Starter action-server, Rasa og web-appen …", flush=True)
    stopping = False

    def _stop(signum, frame):  # noqa: ARG001 - signal handler signature
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        stack.start(report=lambda line: print(line, flush=True))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"\nKlar (ready): {settings.web_url}", flush=True)
    print(f"Rasa REST: {settings.rasa_url}/webhooks/rest/webhook  ·  Stopp med Ctrl-C.", flush=True)
    try:
        while not stopping:
            dead = stack.first_exited()
            if dead:
                print(f"{dead.name} stoppet uventet:\n{dead.log_tail()}", file=sys.stderr)
                return 1
            time.sleep(0.5)
    finally:
        print("Stopper …", flush=True)
        stack.stop()
        print("Stoppet.")
    return 0


def _web(args: argparse.Namespace) -> int:
    from bot.web.app import serve

    serve()
    return 0


def _shell(args: argparse.Namespace) -> int:
    """Chat in the terminal with the trained model (needs a running action server)."""
    settings = load_settings()
    command = [
        sys.executable,
        "-m",
        "rasa",
        "shell",
        "--model",
        str(settings.model_path),
        "--endpoints",
        "endpoints.yml",
    ]
    return subprocess.call(command, cwd=REPO_DIR, env=child_env(settings))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Én dør inn")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="bygg, tren ved behov og start alt").set_defaults(handler=_run)
    train = commands.add_parser("train", help="tren modellen hvis data er endret")
    train.add_argument("--force", action="store_true", help="tren selv om ingenting er endret")
    train.set_defaults(handler=_train)
    commands.add_parser("shell", help="chat i terminalen").set_defaults(handler=_shell)
    commands.add_parser("web", help="start bare web-appen").set_defaults(handler=_web)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.update({k: v for k, v in child_env(load_settings()).items() if k not in os.environ})
    args = build_parser().parse_args(argv)
    return args.handler(args)
