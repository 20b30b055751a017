"""`python -m helpers annotations check|export`: the analysts' own codes, notes and corrections."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.config import DEFAULT_STORE
from helpers.review import (
    AnnotationError,
    export_table,
    print_problems,
    read_records,
    review,
    summary,
    write_table,
)
from helpers.store import Store, StoreError


def add_parser(sub) -> None:
    """Add the `annotations` sub-command, with its actions check and export, to the sub-parsers `sub`."""
    x = sub.add_parser("annotations", help="the analysts' own codes, notes and corrections: check them, export them")
    xs = x.add_subparsers(dest="action", required=True)
    for name, what in (("check", "list every problem in the analysts' files (and, with --store, the orphans)"),
                       ("export", "write the records with their passages in the current text as CSV or JSON")):
        c = xs.add_parser(name, help=what)
        c.add_argument("--annotations", metavar="DIR", help="the analysts' folder or file (default: annotations/)")
        c.add_argument("--store", default=None if name == "check" else str(DEFAULT_STORE),
                       help="DuckDB store holding the annotated corpus" + ("" if name == "check" else
                                                                         f" (default: {DEFAULT_STORE.name} in build/)"))
        c.add_argument("--corpus", nargs="+", metavar="PATH",
                       help="the corpus as given to annotate (default: every document of the store)")
        if name == "export":
            c.add_argument("--out", required=True, help="file to write: .csv, .json or .jsonl")
            c.add_argument("--kind", action="append", choices=["code", "note", "correction"],
                           help="only records of this kind (repeatable; default: all)")
        c.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check or export the analysts' records; the exit status (1 on a bad record or file, or a failed export)."""
    folder = args.annotations or None  # None: annotations/ at the project root
    if args.action == "check" and not args.store:
        records, problems = read_records(folder)
        print_problems(problems, sys.stdout)
        print(summary(records, problems, folder or "annotations/"))
        return 1 if len(problems) and (problems["severity"] == "error").any() else 0
    try:
        with Store(args.store, read_only=True) as s:
            result = review(s, args.corpus or None, folder)
    except StoreError as e:
        print(f"annotations {args.action} failed: {e}", file=sys.stderr)
        return 1
    if args.action == "check":
        print_problems(result.problems, sys.stdout)
        for r in result.orphans.to_dict("records"):
            print(f"orphaned: {r['file']}, record {r['record']}: {r['what']} in {r['doc_id']}: "
                  f"{r['quote']!r} is no longer in the document", file=sys.stdout)
        print(result.summary())
        return 1 if len(result.problems) and (result.problems["severity"] == "error").any() else 0
    print_problems(result.problems, sys.stderr)
    table = export_table(result.records, args.kind)
    try:
        path = write_table(table, Path(args.out))
    except (AnnotationError, OSError) as e:
        print(f"annotations export failed: {e}", file=sys.stderr)
        return 1
    n = len(table)
    print(f"{result.summary()} {n} record{'s' * (n != 1)} written -> {path}", file=sys.stderr)
    return 0
