"""Command line of Én dør inn: `python -m bot --help`."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from bot.settings import REPO_DIR, Settings, child_env, load_settings


def _build_knowledge() -> None:
    from knowledge.cli import main as knowledge_main

    if knowledge_main(["build"]) != 0:
        raise SystemExit("Rett feilene i knowledge/content/ og prøv igjen.")


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
    from bot.processes import Stack

    settings = load_settings()
    _build_knowledge()
    if _train(argparse.Namespace(force=False)) != 0:
        return 1
    if settings.rasa_processes > 1 and not settings.nginx:
        print(
            "Merk: flere Rasa-prosesser uten nginx foran. Web-appen og widgeten bruker bare den "
            "første; sett EDI_NGINX=1 (eller bruk make run-scaled).",
            file=sys.stderr,
        )
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
    if stack.entry is not None:
        print(f"\nKlar (ready): {stack.entry.public_url}/  (nginx foran)", flush=True)
        print("Stopp med Ctrl-C.", flush=True)
    else:
        print(f"\nKlar (ready): {settings.web_url}", flush=True)
        print(
            f"Rasa REST: {settings.rasa_url}/webhooks/rest/webhook  ·  Stopp med Ctrl-C.",
            flush=True,
        )
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
    return subprocess.call(command, cwd=REPO_DIR, env=child_env(settings))  # nosec B603


def _read_new_password() -> str:
    """From EDI_NEW_PASSWORD, else a line on stdin (scripts), else asked twice with getpass."""
    import getpass

    given = Settings().new_password
    if given:
        return given
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Passord (minst 12 tegn): ")
    if getpass.getpass("Gjenta passordet: ") != password:
        raise SystemExit("Passordene er ikke like.")
    return password


def _users(args: argparse.Namespace) -> int:
    from bot.tickets import users
    from bot.tickets.models import ROLES, utcnow

    url = load_settings().database_url
    if args.users_command == "add":
        try:
            user = users.add_user(args.username, _read_new_password(), args.role, url=url)
        except users.UserError as error:
            print(error, file=sys.stderr)
            return 1
        queues = ", ".join(ROLES[user.role]) or "ingen saker"
        print(f"La til {user.username} ({user.role}, ser køen: {queues}).")
    elif args.users_command == "list":
        rows = users.list_users(url=url)
        if not rows:
            print("Ingen brukere ennå. Legg til med: python -m bot users add NAVN --role ROLLE")
        for user in rows:
            locked = " (låst)" if user.locked_until and user.locked_until > utcnow() else ""
            print(f"{user.username}\t{user.role}\t{', '.join(ROLES.get(user.role, ()))}{locked}")
    elif args.users_command == "remove":
        if not users.remove_user(args.username, url=url):
            print(f"Fant ingen bruker «{args.username}».", file=sys.stderr)
            return 1
        print(f"Fjernet {args.username}.")
    elif args.users_command == "unlock":
        if not users.unlock_user(args.username, url=url):
            print(f"Fant ingen bruker «{args.username}».", file=sys.stderr)
            return 1
        print(f"Låste opp {args.username}.")
    return 0


def _retention(args: argparse.Namespace) -> int:
    from bot.tickets.service import anonymise_closed

    settings = load_settings()
    days = settings.ticket_retention_days if args.days is None else args.days
    if days < 0:
        print("--days kan ikke være negativ.", file=sys.stderr)
        return 2
    count = anonymise_closed(older_than_days=days, url=settings.database_url)
    print(f"Anonymiserte {count} sak(er) som ble lukket for mer enn {days} dager siden.")
    from bot.web.conversations import delete_older_than

    conversation_days = (
        settings.conversation_retention_days
        if args.conversation_days is None
        else args.conversation_days
    )
    if conversation_days < 0:
        print("--conversation-days kan ikke være negativ.", file=sys.stderr)
        return 2
    deleted = delete_older_than(settings.tracker_url, conversation_days)
    print(f"Slettet {deleted} samtale(r) uten aktivitet de siste {conversation_days} dagene.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, backup, prune
    from knowledge.database import database_url

    settings = load_settings()
    directory = args.directory or settings.backup_dir or settings.var_dir / "backup"
    keep = args.keep if args.keep is not None else settings.backup_keep
    try:
        folder = backup(settings.database_url or database_url(), settings.tracker_url, directory)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Backup lagret i {folder}")
    deleted = prune(directory, keep)
    if deleted:
        print(f"Slettet {len(deleted)} eldre backup(er); de {keep} nyeste er beholdt.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from bot.ops.backup import BackupError, restore
    from knowledge.database import database_url

    settings = load_settings()
    try:
        done = restore(args.folder, settings.database_url or database_url(), settings.tracker_url)
    except BackupError as error:
        print(error, file=sys.stderr)
        return 1
    print("Gjenopprettet: " + "; ".join(done))
    return 0


def _nginx_config(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.ops import entry_point

    settings = load_settings()
    try:
        entry = entry_point.load_entry_point(settings)
        prefix = Path(args.directory).resolve()
        log_dir = Path(args.log_dir).resolve() if args.log_dir else prefix / "logs"
        entry_point.ensure_self_signed(entry)
        conf = entry_point.write_config(entry, prefix, log_dir)
    except entry_point.EntryPointError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Skrev {prefix / 'edi-site.conf'} og {conf}")
    if args.check:
        result = entry_point.check_config(prefix, log_dir)
        if result.returncode != 0:
            print(f"nginx -t feilet:\n{result.stderr.strip()}", file=sys.stderr)
            return 1
        print("nginx -t: konfigurasjonen er gyldig.")
    return 0


SERVE_KINDS = {"actions": "action-server", "rasa": "rasa", "web": "web"}


def _serve(args: argparse.Namespace) -> int:
    """One process of the stack in the foreground, with exactly the command line and
    environment `python -m bot run` gives it (systemd units, containers)."""
    import dataclasses

    from bot.processes import Stack

    settings = dataclasses.replace(load_settings(), nginx=False)
    if args.kind == "rasa":
        port = args.port or settings.rasa_port
        settings = dataclasses.replace(settings, rasa_port=port, rasa_processes=1)
    stack = Stack(settings)
    service = next(s for s in stack.services if s.name == SERVE_KINDS[args.kind])
    sys.stdout.flush()
    os.execvpe(service.command[0], service.command, stack.environment())  # noqa: S606  # nosec B606
    return 1  # not reached


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Én dør inn")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="bygg, tren ved behov og start alt").set_defaults(handler=_run)
    train = commands.add_parser("train", help="tren modellen hvis data er endret")
    train.add_argument("--force", action="store_true", help="tren selv om ingenting er endret")
    train.set_defaults(handler=_train)
    commands.add_parser("shell", help="chat i terminalen").set_defaults(handler=_shell)
    commands.add_parser("web", help="start bare web-appen").set_defaults(handler=_web)

    users = commands.add_parser("users", help="brukere av innboksen")
    users.set_defaults(handler=_users)
    users_commands = users.add_subparsers(dest="users_command", required=True)
    add = users_commands.add_parser(
        "add",
        help="legg til en bruker",
        description="Passordet leses fra EDI_NEW_PASSWORD, fra stdin, eller spørres om.",
    )
    add.add_argument("username")
    from bot.tickets.models import ROLES

    add.add_argument("--role", required=True, choices=list(ROLES))
    users_commands.add_parser("list", help="vis alle brukere")
    users_commands.add_parser("remove", help="fjern en bruker").add_argument("username")
    users_commands.add_parser("unlock", help="lås opp en låst bruker").add_argument("username")

    retention = commands.add_parser(
        "retention", help="anonymiser lukkede saker eldre enn et antall dager"
    )
    retention.add_argument(
        "--days", type=int, default=None, help="standard: EDI_TICKET_RETENTION_DAYS (90)"
    )
    retention.add_argument(
        "--conversation-days",
        type=int,
        default=None,
        help="slett samtaler eldre enn dette; standard: EDI_CONVERSATION_RETENTION_DAYS (30)",
    )
    retention.set_defaults(handler=_retention)

    backup = commands.add_parser(
        "backup", help="ta backup av databasene (kunnskapsbase, saker, brukere, samtaler)"
    )
    backup.add_argument(
        "directory", nargs="?", default=None, help="standard: EDI_BACKUP_DIR eller var/backup"
    )
    backup.add_argument(
        "--keep", type=int, default=None, help="behold så mange backuper (EDI_BACKUP_KEEP, 14)"
    )
    backup.set_defaults(handler=_backup)
    restore = commands.add_parser(
        "restore",
        help="legg en backup inn i databasene DATABASE_URL og TRACKER_DATABASE_URL peker på",
        description="Stopp tjenestene før du gjenoppretter.",
    )
    restore.add_argument("folder", help="mappen «python -m bot backup» laget (edi-…)")
    restore.set_defaults(handler=_restore)

    nginx = commands.add_parser(
        "nginx-config",
        help="skriv nginx-oppsettet (edi-site.conf og nginx.conf) fra innstillingene",
    )
    nginx.add_argument("directory", help="mappen filene skrives til")
    nginx.add_argument("--log-dir", default=None, help="nginx' logger (standard: DIR/logs)")
    nginx.add_argument("--check", action="store_true", help="kjør nginx -t på resultatet")
    nginx.set_defaults(handler=_nginx_config)

    serve = commands.add_parser(
        "serve", help="kjør én prosess i forgrunnen (systemd, containere): actions, rasa eller web"
    )
    serve.add_argument("kind", choices=sorted(SERVE_KINDS))
    serve.add_argument("--port", type=int, default=None, help="rasa: porten (standard RASA_PORT)")
    serve.set_defaults(handler=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.update({k: v for k, v in child_env(load_settings()).items() if k not in os.environ})
    args = build_parser().parse_args(argv)
    return args.handler(args)
