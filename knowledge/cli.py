"""Command line for coordinators and developers: `python -m knowledge --help`."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from knowledge.checks import DEFAULT_MAX_AGE_DAYS
from knowledge.content import load_content
from knowledge.paths import CONTENT_DIR, seeds_dir
from knowledge.store import InvalidContent, replace_all
from knowledge.validation import sources_available


def _build(args: argparse.Namespace) -> int:
    _note_sources()
    try:
        count = replace_all(load_content())
    except InvalidContent as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"Kunnskapsbasen ble ikke bygget: {len(error.problems)} feil.", file=sys.stderr)
        return 1
    print(f"Kunnskapsbasen er bygget: {count} tiltak.")
    return 0


def _search(args: argparse.Namespace) -> int:
    from knowledge.search import get_index

    index = get_index()
    query = " ".join(args.query)
    matches = index.find_by_name(query, audience=args.audience)
    if not matches:
        matches = index.search_by_need(query, audience=args.audience, age=args.age)
    for match in matches:
        print(f"{match.score:6.2f}  {match.tiltak['id']:32}  {match.reason}")
    if not matches:
        print("Ingen treff.")
    return 0


def _note_sources() -> None:
    if not sources_available():
        print(
            f"Merk: fant ikke kildene i {seeds_dir()}; sjekker bare formen på kildehenvisningene.",
            file=sys.stderr,
        )


def _export(args: argparse.Namespace) -> int:
    from knowledge.importing import entries_for_export
    from knowledge.spreadsheet import SpreadsheetError, write_spreadsheet

    source = entries_for_export(args.database_url, Path(args.content_dir))
    try:
        fmt = write_spreadsheet(source.entries, args.file, args.format)
    except SpreadsheetError as error:
        print(f"Kan ikke eksportere: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `export - | head`: the reader stopped early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"Kan ikke skrive {args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    if source.differs_from_files:
        shown = ", ".join(source.differs_from_files[:5])
        more = len(source.differs_from_files) - 5
        print(
            f"Merk: {len(source.differs_from_files)} tiltak i databasen er ikke like innholdsfilene "
            f"({shown}{f' og {more} til' if more > 0 else ''}). Kjør `python -m knowledge build` "
            "først hvis innholdsfilene er nyest.",
            file=sys.stderr,
        )
    target = "standard ut" if args.file == "-" else args.file
    print(
        f"Eksporterte {len(source.entries)} tiltak fra {source.origin} til {target} ({fmt}).",
        file=sys.stderr,
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from knowledge.importing import ContentWriteError, import_spreadsheet
    from knowledge.spreadsheet import SpreadsheetError

    _note_sources()
    try:
        result = import_spreadsheet(
            args.file,
            url=args.database_url,
            content_dir=Path(args.content_dir),
            dry_run=args.dry_run,
            fmt=args.format,
        )
    except SpreadsheetError as error:
        print(f"Kan ikke importere: {error}", file=sys.stderr)
        print("Ingenting er endret.", file=sys.stderr)
        return 1
    except ContentWriteError as error:
        print(f"Kan ikke importere: {error}", file=sys.stderr)
        return 1
    if result.ignored_columns:
        print(
            f"Merk: kolonnene {', '.join(result.ignored_columns)} er ikke felter og blir ikke lest.",
            file=sys.stderr,
        )
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(
            f"Filen har {len(result.problems)} feil. Ingenting er endret; rett feilene og "
            "prøv igjen.",
            file=sys.stderr,
        )
        return 1
    changes = (
        f"{len(result.added)} nye, {len(result.updated)} endret, {len(result.deleted)} slettet"
    )
    for label, ids in (
        ("Nye", result.added),
        ("Endret", result.updated),
        ("Slettet", result.deleted),
    ):
        if ids:
            print(f"{label}: {', '.join(ids)}")
    if args.dry_run:
        print(f"Filen er gyldig: {len(result.entries)} tiltak ({changes}).")
        print("Ingenting er endret (--dry-run).")
        return 0
    files = ", ".join(result.written + [f"{name} (slettet)" for name in result.removed])
    print(f"Importerte {len(result.entries)} tiltak ({changes}). Databasen er oppdatert.")
    print(f"Innholdsfiler skrevet i {args.content_dir}: {files or 'ingen endringer'}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    from knowledge.cells import VALIDATION_COLUMNS
    from knowledge.checks import ERROR, Finding, format_report, run_checks
    from knowledge.content import load_content_files
    from knowledge.spreadsheet import SpreadsheetError, read_spreadsheet

    _note_sources()
    rows = None
    if args.file:
        try:
            sheet = read_spreadsheet(args.file, args.format)
        except SpreadsheetError as error:
            print(error, file=sys.stderr)
            return 1
        entries, rows = sheet.entries, sheet.rows
        origin = args.file
    elif args.database:
        from knowledge.store import load_all

        entries, origin = load_all(args.database_url), "databasen"
    else:
        entries, origin = load_content_files(Path(args.content_dir)), str(args.content_dir)
    findings = run_checks(entries, rows=rows, max_age_days=args.max_age_days)
    if args.file:  # name the spreadsheet's columns, and add what could not be read
        findings = [replace(f, column=VALIDATION_COLUMNS.get(f.column, f.column)) for f in findings]
        ids = {row: entry.get("id", "") for row, entry in zip(rows, entries, strict=True)}
        findings = [
            Finding(ERROR, ids.get(p.row, ""), f"rad {p.row}", p.column, p.message)
            for p in sheet.problems
        ] + findings
    print(f"Sjekker {origin}.")
    print(format_report(findings, len(entries)))
    return 1 if any(f.level == ERROR for f in findings) else 0


def _review(args: argparse.Namespace) -> int:
    from knowledge.content import load_content_files
    from knowledge.importing import entries_for_export
    from knowledge.review import render, review

    _note_sources()
    if args.content:
        entries = load_content_files(Path(args.content_dir))
        origin = f"innholdsfilene i {args.content_dir}"
    else:  # the database that `make run` built; the content files if it is empty
        source = entries_for_export(args.database_url, Path(args.content_dir))
        entries, origin = source.entries, source.origin
    fmt = args.format or ("html" if args.file.lower().endswith((".html", ".htm")) else "md")
    reviews = review(entries, max_age_days=args.max_age_days)
    text = render(reviews, origin, fmt)
    if args.file == "-":
        sys.stdout.write(text)
    else:
        try:
            Path(args.file).write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"Kan ikke skrive {args.file}: {error.strerror or error}", file=sys.stderr)
            return 1
    flagged = sum(bool(r.flags) for r in reviews)
    print(
        f"Skrev gjennomgangsarket for {len(reviews)} tiltak fra {origin} til "
        f"{'standard ut' if args.file == '-' else args.file} ({fmt}); {flagged} er merket.",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="bygg databasen fra knowledge/content/*.yml").set_defaults(
        handler=_build
    )
    search = commands.add_parser("search", help="søk etter tiltak")
    search.add_argument("query", nargs="+")
    search.add_argument("--audience", choices=("ungdom", "arbeidsgiver"))
    search.add_argument("--age", type=int)
    search.set_defaults(handler=_search)

    export = commands.add_parser(
        "export", help="skriv alle tiltak til et regneark (.xlsx eller .csv, '-' for standard ut)"
    )
    export.add_argument("file", help="tiltak.xlsx, tiltak.csv eller - (CSV til standard ut)")
    _spreadsheet_options(export)
    export.set_defaults(handler=_export)

    imp = commands.add_parser(
        "import",
        help="les et redigert regneark, sjekk hver rad og erstatt databasen og innholdsfilene",
    )
    imp.add_argument("file", help="tiltak.xlsx eller tiltak.csv")
    imp.add_argument("--dry-run", action="store_true", help="bare sjekk filen; endre ingenting")
    _spreadsheet_options(imp)
    imp.set_defaults(handler=_import)

    check = commands.add_parser(
        "check",
        help="finn feil og ting å se på: kilder, duplikater, gamle datoer, motstrid",
    )
    check.add_argument("file", nargs="?", help="sjekk et regneark i stedet for knowledge/content/")
    check.add_argument(
        "--database", action="store_true", help="sjekk innholdet i databasen i stedet"
    )
    check.add_argument(
        "--max-age-days",
        type=int,
        default=DEFAULT_MAX_AGE_DAYS,
        help="varsle når last_reviewed er eldre enn dette (standard: %(default)s)",
    )
    _spreadsheet_options(check)
    check.set_defaults(handler=_check)

    rev = commands.add_parser(
        "review",
        help="skriv et gjennomgangsark: hvert felt ved siden av kildelinjene det bygger på",
    )
    rev.add_argument("file", help="gjennomgang.md, gjennomgang.html eller - (standard ut)")
    rev.add_argument(
        "--format", choices=("md", "html"), help="md eller html (standard: ut fra filendelsen)"
    )
    rev.add_argument(
        "--content",
        action="store_true",
        help="les innholdsfilene i stedet for databasen",
    )
    rev.add_argument(
        "--max-age-days",
        type=int,
        default=DEFAULT_MAX_AGE_DAYS,
        help="merk tiltak som er gjennomgått for lengre siden enn dette (standard: %(default)s)",
    )
    rev.add_argument(
        "--content-dir",
        default=str(CONTENT_DIR),
        help="mappen med innholdsfilene (standard: knowledge/content)",
    )
    rev.add_argument("--database-url", default=None, help="database-URL (standard: DATABASE_URL)")
    rev.set_defaults(handler=_review)
    return parser


def _spreadsheet_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("xlsx", "csv"), help="filformat (standard: ut fra filendelsen)"
    )
    parser.add_argument(
        "--content-dir",
        default=str(CONTENT_DIR),
        help="mappen med innholdsfilene (standard: knowledge/content)",
    )
    parser.add_argument(
        "--database-url", default=None, help="database-URL (standard: DATABASE_URL)"
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
