"""`python -m helpers annotate`: annotate documents, keep them in a store, write the evaluation schema."""

from __future__ import annotations

import argparse
import json
import sys

import yaml

from helpers import review as analysts
from helpers.annotate import Annotator, document_export
from helpers.config import DEFAULT_STORE
from helpers.load import iter_articles
from helpers.resources.codebook import load_codebook
from helpers.resources.lexicons import load_lexicons
from helpers.resources.kb import load_kb
from helpers.store import Store, StoreError, annotate_article, cluster


def add_parser(sub) -> None:
    """Add the `annotate` sub-command to the sub-parsers `sub`."""
    a = sub.add_parser("annotate", help="annotate documents; write the evaluation schema as JSON lines")
    a.add_argument("inputs", nargs="+", help="files or folders (.txt .md .jsonl .csv .html)")
    a.add_argument("--out", help="JSON lines file to write (default: standard output)")
    a.add_argument("--store", help=f"also keep the annotations in this DuckDB file (e.g. {DEFAULT_STORE.name})")
    a.add_argument("--actors", help="knowledge-base YAML (default: the shipped one)")
    a.add_argument("--codebook", help="codebook YAML (default: the shipped one)")
    a.add_argument("--lexicons", help="lexicons YAML: the English words of saying, honorifics and the analyses' word lists (default: the shipped one)")
    a.add_argument("--max-articles", type=int, default=None)
    a.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="documents written to the store per transaction (default: 1,000 and at most 250,000 "
                        "words; with --scheduler, documents per partition, default 200)")
    a.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                   help="how long to wait for a store that another run is using (default: 10)")
    a.add_argument("--scheduler", metavar="ADDRESS",
                   help="annotate on a Dask cluster: tcp://host:port of its scheduler, or local:N for N worker "
                        "processes here (needs --store; --batch-size documents per partition)")
    a.add_argument("--parts", metavar="DIR",
                   help="with --scheduler: folder for the workers' Parquet parts, at the same path on every worker "
                        "and here (default: beside the store)")
    a.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="with --scheduler: how long to try reaching the scheduler and a worker (default: 10)")
    a.add_argument("--annotations", metavar="DIR",
                   help="analysts' codes and corrections to merge over the output (default: annotations/ at the "
                        "project root, when it exists)")
    a.add_argument("--no-annotations", action="store_true", help="write the machine's annotations alone")
    a.add_argument("--quiet", action="store_true")
    a.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Annotate the inputs: into the store with --store (on a cluster with --scheduler), else as JSON lines."""
    if args.scheduler:
        return _annotate_on_cluster(args)
    store = None
    if args.store:  # opened first, so that a store in use fails before any work is done
        try:
            store = Store(args.store, wait=args.wait)
        except StoreError as e:
            print(f"annotate failed: {e}", file=sys.stderr)
            return 1
    try:
        ann = _annotator(args)
    except _BadFile as e:
        if store is not None:
            store.close()
        print(f"annotate failed: {e}", file=sys.stderr)
        return 1
    if store is not None:
        with store:
            sizes = {"batch_size": args.batch_size} if args.batch_size else {}
            stats = store.update(args.inputs, annotator=ann, max_articles=args.max_articles, progress=not args.quiet,
                                 **sizes)
            _stored(args, store, stats, ann)
        return 0
    problems = []
    folder = analysts.export_folder(args.annotations, disabled=args.no_annotations)
    records, bad = analysts.read_records(folder) if folder is not None else (None, None)
    if bad is not None:
        analysts.print_problems(bad, sys.stderr)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        for article in iter_articles(args.inputs, problems, max_articles=args.max_articles):
            tables = annotate_article(ann, article)
            for p in tables["problems"]:
                print(f"{p['severity']}: {p['message']}", file=sys.stderr)
            if folder is not None:  # the analysts' corrections win
                tables = analysts.apply_to_article(article, tables, records)
            doc = document_export(article, tables, ann.kb)
            doc = analysts.with_decisions(doc, tables) if folder is not None else doc
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    finally:
        if args.out:
            out.close()
    for p in problems:
        print(f"{p.severity}: {p.message}", file=sys.stderr)
    return 0


def _annotate_on_cluster(args: argparse.Namespace) -> int:
    """`annotate --scheduler`: annotate on a Dask cluster; only this process writes the store."""
    if not args.store:
        print("annotate failed: --scheduler needs --store FILE, where the workers' annotations are kept",
              file=sys.stderr)
        return 1
    try:
        ann = _annotator(args)
        # The scheduler is reached before the store is opened: an unreachable one leaves the store untouched.
        with cluster.connect(args.scheduler, timeout=args.connect_timeout) as client, \
                Store(args.store, wait=args.wait) as store:
            stats = cluster.update(store, args.inputs, client, annotator=ann, actors=args.actors,
                                   codebook=args.codebook, lexicons=args.lexicons, max_articles=args.max_articles,
                                   batch_size=args.batch_size or cluster.PARTITION_DOCS,
                                   parts=args.parts, progress=not args.quiet)
            _stored(args, store, stats, ann, f", on {args.scheduler}")
    except (_BadFile, cluster.ClusterError, StoreError, OSError) as e:
        print(f"annotate failed: {e}", file=sys.stderr)
        return 1
    return 0


def _stored(args: argparse.Namespace, store, stats, ann, where: str = "") -> None:
    """Say what an `annotate --store` run did; with --out, export the corpus from the store."""
    print(f"{stats.documents} documents: {stats.annotated} annotated, {stats.unchanged} unchanged, "
          f"{stats.problems} problems ({stats.seconds:.1f} s{where}) -> {store.path}", file=sys.stderr)
    if args.out:
        _export(store.tables(args.inputs), args.out, args.annotations, merge=not args.no_annotations, ann=ann)


class _BadFile(Exception):
    """A knowledge base, codebook or lexicons file that cannot be used; the message names the file."""


def _load_yaml_file(loader, path: str | None, what: str):
    """Call `loader(path)`; turn a missing or invalid file into _BadFile naming it."""
    try:
        return loader(path)
    except (OSError, ValueError, yaml.YAMLError) as e:
        raise _BadFile(f"{what} {path or '(the shipped one)'} is unusable: {e}") from e


def _annotator(args: argparse.Namespace):
    """The annotator of --actors, --codebook and --lexicons (the shipped ones by default); _BadFile naming a bad file."""
    return Annotator(_load_yaml_file(load_kb, args.actors, "knowledge base"),
                     _load_yaml_file(load_codebook, args.codebook, "codebook"),
                     _load_yaml_file(load_lexicons, args.lexicons, "lexicons"))


def _export(tables, path: str, annotations: str | None = None, merge: bool = True, ann=None) -> None:
    """Write the evaluation schema, a document a line, with the analysts' corrections merged over it.

    The corrections (and who decided what) are merged when their folder exists: `annotations`,
    else annotations/ at the project root. Their actors and themes are checked against `ann`'s
    knowledge base and codebook.
    """
    folder = analysts.export_folder(annotations, disabled=not merge)
    if folder is not None:
        merged = analysts.review(tables, folder=folder, kb=ann.kb if ann else None,
                                 codebook=ann.codebook if ann else None)
        analysts.print_problems(merged.problems, sys.stderr)
        if len(merged.records):
            print(f"merged: {merged.summary()}", file=sys.stderr)
        tables = merged.tables
    by_doc = {t: tables[t].groupby("doc_id") for t in tables if t not in ("articles", "problems")}
    with open(path, "w", encoding="utf-8") as f:
        for article in tables["articles"].to_dict("records"):
            rows = {}
            for t, g in by_doc.items():
                rows[t] = g.get_group(article["id"]).to_dict("records") if article["id"] in g.groups else []
            doc = document_export(article, rows, ann.kb if ann else None)
            doc = analysts.with_decisions(doc, rows) if folder is not None else doc
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
