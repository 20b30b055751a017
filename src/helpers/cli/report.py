"""`python -m helpers report`: run every notebook on a corpus and render HTML under reports/."""

from __future__ import annotations

import argparse
import sys

from helpers.output.report import ReportError, build_report


def add_parser(sub) -> None:
    """Add the `report` sub-command to the sub-parsers `sub`."""
    r = sub.add_parser("report", help="run every notebook on a corpus and render HTML under reports/")
    r.add_argument("--corpus", default="seeds/", help="file, folder or id list (default: seeds/)")
    r.add_argument("--store", default=None, help="DuckDB store (default: build/multipolar.duckdb)")
    r.add_argument("--out", default=None, help="output folder (default: reports/)")
    r.add_argument("--param", action="append", default=[], metavar="NAME=YAML",
                   help="extra notebook parameter, e.g. max_articles=200 (repeatable)")
    r.add_argument("--in-place", action="store_true",
                   help="write the outputs into the notebooks themselves (volatile metadata stripped)")
    r.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the report; the exit status (1 naming the failing notebook)."""
    try:
        index = build_report(args.corpus, store=args.store, out_dir=args.out, params_extra=args.param,
                             in_place=args.in_place)
    except ReportError as e:
        print(f"report failed: {e}", file=sys.stderr)
        return 1
    print(f"report written: {index}")
    return 0
