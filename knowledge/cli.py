"""Command line for coordinators and developers: `python -m knowledge --help`."""

from __future__ import annotations

import argparse
import sys

from knowledge.content import load_content
from knowledge.paths import seeds_dir
from knowledge.store import InvalidContent, replace_all
from knowledge.validation import sources_available


def _build(args: argparse.Namespace) -> int:
    if not sources_available():
        print(
            f"Merk: fant ikke kildene i {seeds_dir()}; sjekker bare formen på kildehenvisningene.",
            file=sys.stderr,
        )
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
