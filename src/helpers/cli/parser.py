"""The command line's parser: one sub-command per module of this package."""

from __future__ import annotations

import argparse

from helpers.cli import annotate, annotations, report

DESCRIPTION = "Command line: `python -m helpers annotate|annotations|report ...`."


def build_parser() -> argparse.ArgumentParser:
    """The parser of `python -m helpers`, with the sub-commands annotate, annotations and report."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)
    for command in (annotate, annotations, report):
        command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command; the exit status."""
    args = build_parser().parse_args(argv)
    return args.func(args)
