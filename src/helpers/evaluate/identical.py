"""Outputs identical across two versions of the code: every table of the store, on a fixed sample.

`python -m helpers.evaluate.identical BASE` checks out the revision BASE beside this tree (a git worktree
under build/), annotates the same sample of the shared corpora with both versions, each into a
fresh store, and compares every table row for row. Columns that describe a run rather than the
corpus (the run's clock, the annotator's cache key) are left out of the comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.config import BUILD_DIR, PROJ_ROOT, SHARED_CORPUS

# Every n-th line of each shared file, and how many lines to keep: 2,200 documents in all.
SAMPLE = {"kremlin_en.jsonl": (14, 500), "mfa_pressconf_en.jsonl": (5, 100), "rss2023_topical.jsonl": (6, 400),
          "rss2023_sample50k.jsonl": (50, 1000), "bbc_news_2004_2005.jsonl": (10, 200)}
# Columns that differ between two runs of the same code: the run's clock and the cache key.
RUN_COLUMNS = {"articles": {"annotation_key"}, "runs": {"started", "seconds", "annotator"}}


def write_sample(folder: Path, shared: Path = SHARED_CORPUS) -> list[Path]:
    """Write the fixed sample of the shared corpora into `folder`, one file per source; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, (every, keep) in SAMPLE.items():
        src = shared / name
        if not src.exists():
            raise FileNotFoundError(f"{src}: the shared corpus is not beside this checkout")
        lines = []
        with open(src, "rb") as f:
            for k, line in enumerate(f):
                if k % every == 0:
                    lines.append(line)
                    if len(lines) == keep:
                        break
        dest = folder / name
        dest.write_bytes(b"".join(lines))
        out.append(dest)
    return out


def annotate(tree: Path, sample: list[Path], store: Path) -> None:
    """Annotate the sample with the code of `tree` into a fresh `store`."""
    store.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    inputs = [str(p.relative_to(tree)) for p in sample]  # as a user would give them: the corpus key holds them
    subprocess.run([sys.executable, "-m", "helpers", "annotate", *inputs, "--store", str(store), "--quiet"],
                   cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL)


def tables(store: Path) -> dict:
    """Every table of a store as a DataFrame, sorted on all its columns, run columns left out."""
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        out = {}
        for name in names:
            df = con.execute(f'SELECT * FROM "{name}"').df()
            df = df.drop(columns=[c for c in RUN_COLUMNS.get(name, ()) if c in df.columns])
            out[name] = df.sort_values(list(df.columns)).reset_index(drop=True) if len(df.columns) else df
        return out
    finally:
        con.close()


def compare(before: dict, after: dict) -> list[dict]:
    """One row per table: its rows before and after and whether they are the same."""
    rows = []
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name), after.get(name)
        same = b is not None and a is not None and list(b.columns) == list(a.columns) and b.equals(a)
        rows.append({"table": name, "rows_before": None if b is None else len(b),
                     "rows_after": None if a is None else len(a), "identical": bool(same)})
    return rows


def worktree(revision: str, where: Path) -> Path:
    """A checkout of `revision` at `where` (replaced if present)."""
    if where.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=PROJ_ROOT, check=False)
        shutil.rmtree(where, ignore_errors=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(where), revision], cwd=PROJ_ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return where


def main(argv: list[str] | None = None) -> int:
    """Compare the store of revision BASE with this tree's on the sample; exit 1 if any table differs."""
    parser = argparse.ArgumentParser(prog="python -m helpers.evaluate.identical", description=__doc__)
    parser.add_argument("base", help="the git revision to compare against (e.g. a commit before a restructuring)")
    parser.add_argument("--dir", default=str(BUILD_DIR / "identical"), help="working folder (default: build/identical)")
    args = parser.parse_args(argv)
    work = Path(args.dir).resolve()
    base = worktree(args.base, work / "base")
    try:
        # Each tree reads its own copy of the sample at the same place under it, so that the sources
        # recorded (shown relative to the project) are the same.
        for tree, store in ((base, "before.duckdb"), (PROJ_ROOT, "after.duckdb")):
            sample = write_sample(tree / "build" / "identical-sample")
            annotate(tree, sample, work / store)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=PROJ_ROOT, check=False)
    before, after = tables(work / "before.duckdb"), tables(work / "after.duckdb")
    rows = compare(before, after)
    docs = len(after.get("articles", []))
    print(f"{docs} documents of {len(sample)} files, revision {args.base} against this tree")
    for r in rows:
        print(f"  {r['table']:12s} {r['rows_before']!s:>8} {r['rows_after']!s:>8}  "
              f"{'identical' if r['identical'] else 'DIFFERENT'}")
    (work / "result.json").write_text(json.dumps(rows, indent=1))
    return 0 if all(r["identical"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
