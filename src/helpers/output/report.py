"""Reports: run every notebook on a corpus with papermill, render HTML, write an index.

`build_report` runs `notebooks/NN_*.ipynb` in order (working directory: the notebooks folder,
so the paths it passes are relative to it), keeps the executed copies under
`build/notebooks/`, renders each without code into `reports/NN_name.html` and writes
`reports/index.html` with the parameters used and a summary of the corpus. With
`in_place=True` the notebooks themselves receive the new outputs (volatile metadata stripped),
which is how their stored outputs, checked by nbval, are regenerated.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import yaml

from helpers import analysis
from helpers.config import BUILD_DIR, DEFAULT_STORE, NOTEBOOKS_DIR, PROJ_ROOT, REPORTS_DIR, resolve
from helpers.output import params as checks
from helpers.output.display import HEADLESS_VARIABLE
from helpers.store import Store

NOTEBOOK_NAME = re.compile(r"^\d\d_[a-z_]+\.ipynb$")

# The lab template without anything fetched from a CDN: no require.js, MathJax or mermaid.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
"""


class ReportError(Exception):
    """A report that could not be built; the message names the notebook and the error."""


# --------------------------------------------------------------------------- parameters


def notebooks(folder: str | os.PathLike = NOTEBOOKS_DIR) -> list[Path]:
    """The report's notebooks (`NN_name.ipynb`), in order."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def _out_path(path: str | os.PathLike) -> Path:
    """An output path (a store that may not exist yet): relative to the working directory or the project root."""
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    here = Path.cwd() / p
    return here.resolve() if here.exists() or here.parent.is_dir() else (PROJ_ROOT / p).resolve()


def relative_to_notebooks(path: Path, notebooks_dir: Path = NOTEBOOKS_DIR) -> str:
    """A path as the notebooks see it: relative to their folder, '/'-separated (absolute if no relative path exists)."""
    try:
        rel = os.path.relpath(path, notebooks_dir)
    except ValueError:  # another drive
        return str(path)
    rel = rel.replace(os.sep, "/")
    return rel + "/" if path.is_dir() and not rel.endswith("/") else rel


def parse_params(extras: Iterable[str]) -> dict:
    """Parse NAME=YAML strings (`max_articles=200`, `since=2023-01-01`) into a dict."""
    out = {}
    for item in extras or ():
        name, sep, value = str(item).partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ReportError(f"parameter {item!r}: expected NAME=VALUE, e.g. max_articles=200")
        try:
            parsed = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError as e:
            raise ReportError(f"parameter {name}: value {value!r} is not valid YAML ({e})") from e
        if hasattr(parsed, "isoformat"):  # YAML reads 2023-01-01 as a date; notebooks take ISO text
            parsed = parsed.isoformat()
        out[name] = parsed
    return out


def report_parameters(corpus="seeds/", store=None, params_extra: Iterable[str] = (),
                      notebooks_dir: Path = NOTEBOOKS_DIR) -> dict:
    """The parameters passed to every notebook, paths made relative to the notebooks folder."""
    extras = parse_params(params_extra)
    for name in ("corpus", "store"):
        if name in extras:
            raise ReportError(f"parameter {name}: pass it as --{name}, not --param")
    corpora = [corpus] if isinstance(corpus, (str, os.PathLike)) else list(corpus)
    rel = [relative_to_notebooks(resolve(c), notebooks_dir) for c in corpora]
    params = {"corpus": rel[0] if len(rel) == 1 else rel,
              "store": relative_to_notebooks(_out_path(store or DEFAULT_STORE), notebooks_dir)}
    for name in ("codebook", "actors", "lexicons", "annotations"):
        if extras.get(name):
            extras[name] = relative_to_notebooks(resolve(extras[name]), notebooks_dir)
    params.update(extras)
    return params


# --------------------------------------------------------------------------- running


def _title(nb) -> str:
    """The notebook's H1 title (its first markdown line), or ''."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            return ""
    return ""


def notebook_defaults(path: Path) -> dict[str, str]:
    """The parameters of a notebook's parameters cell with their default values, as written."""
    import papermill as pm

    try:
        return {name: str(spec["default"]) for name, spec in pm.inspect_notebook(str(path)).items()}
    except Exception:  # no parameters cell, or one papermill cannot read: the index lists no defaults
        return {}


def notebook_parameters(path: Path) -> list[str]:
    """The names of a notebook's parameters cell, in order (ReportError when it cannot be read)."""
    import papermill as pm

    try:
        return list(pm.inspect_notebook(str(path)))
    except Exception as e:  # noqa: BLE001 - an unreadable notebook is reported by name
        raise ReportError(f"{path.name}: its parameters cannot be read ({type(e).__name__}: {e})") from e


def check_parameters(paths: Iterable[Path], params: dict) -> None:
    """Raise ReportError before anything runs when a notebook lacks a parameter or a value is of the wrong type.

    Papermill would only warn about a name a notebook does not have; the notebooks check the
    paths themselves (relative to their folder) in their first cell.
    """
    for path in paths:
        names = notebook_parameters(path)
        found, _ = checks.problems(params, allowed=[*names, *checks.OPTIONAL], paths=False)
        if found:
            raise ReportError(f"{path.name}: " + "; ".join(found) + f" (its parameters: {', '.join(names)})")


@functools.cache
def kernel_manager() -> type:
    """The kernel manager of the report's runs: a finished notebook's kernel is shut down without an interrupt.

    jupyter_client interrupts a kernel (SIGINT) before asking it to shut down, and papermill shuts it
    down as soon as the kernel has replied to its last request, while the kernel may still be finishing
    that request: the kernel then logs "ERROR | KeyboardInterrupt caught in kernel." though the notebook
    ran through. Every cell has finished by then, so there is nothing to interrupt.
    """
    from jupyter_client.manager import AsyncKernelManager

    class FinishedKernelManager(AsyncKernelManager):
        """Shuts a kernel down without interrupting it first."""

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return FinishedKernelManager


def run_notebook(path: Path, output: Path, params: dict, cwd: Path) -> None:
    """Execute one notebook with papermill; raise ReportError naming it and the failing cell.

    The kernel runs with MULTIPOLAR_HEADLESS=1, so the notebooks show static tables instead of
    widgets.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    before = os.environ.get(HEADLESS_VARIABLE)
    os.environ[HEADLESS_VARIABLE] = "1"
    try:
        pm.execute_notebook(str(path), str(output), parameters=params, cwd=str(cwd), progress_bar=False,
                            log_output=False, report_mode=False, kernel_manager_class=kernel_manager())
    except PapermillExecutionError as e:
        raise ReportError(f"{path.name} failed in cell {e.exec_count}: {e.ename}: {e.evalue}") from e
    except Exception as e:  # kernel died, missing kernel, unreadable notebook, ...
        raise ReportError(f"{path.name} could not be run: {type(e).__name__}: {e}") from e
    finally:
        if before is None:
            os.environ.pop(HEADLESS_VARIABLE, None)
        else:
            os.environ[HEADLESS_VARIABLE] = before


def strip_volatile(nb) -> None:
    """Remove what changes from run to run: injected parameters, timings, papermill metadata; fix ids and counts."""
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    if "language_info" in nb.metadata:
        nb.metadata["language_info"].pop("version", None)
    seen: set[str] = set()
    count = 0
    for i, cell in enumerate(nb.cells):
        for key in ("papermill", "execution", "ExecuteTime", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        if not cell.metadata.get("tags", True):
            cell.metadata.pop("tags")
        cid = cell.get("id")
        if not cid or not re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", cid) or cid in seen:
            cid = f"cell-{i:02d}"
            while cid in seen:
                cid += "x"
            cell["id"] = cid
        seen.add(cid)
        if cell.cell_type == "code":
            if cell.source.strip():
                count += 1
                cell.execution_count = count
            else:
                cell.execution_count = None
            for out in cell.outputs:
                if "execution_count" in out:
                    out["execution_count"] = cell.execution_count
                out.get("metadata", {}).pop("execution", None)


def render_html(executed: Path, target: Path, title: str) -> None:
    """Render an executed notebook to HTML without code or prompts, loading nothing from a CDN."""
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                            template_file="offline.html.j2", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, mathjax_url="", require_js_url="")
    nb = nbformat.read(str(executed), as_version=4)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")


# --------------------------------------------------------------------------- the index


def _summary(params: dict, notebooks_dir: Path):
    """The corpus summary read from the store the notebooks used (None when unavailable)."""
    store = (notebooks_dir / params["store"]).resolve() if not os.path.isabs(params["store"]) else Path(params["store"])
    if not store.exists():
        return None
    try:
        with Store(store, read_only=True) as s:
            tables = analysis.between({"articles": s.table("articles", params["corpus"]),
                                       "problems": s.table("problems", params["corpus"])},
                                      params.get("since"), params.get("until"))
            tables = analysis.in_languages(tables, params.get("languages"))
    except Exception:  # a store from another version: the index still gets written
        return None
    return analysis.corpus_summary(tables["articles"], tables["problems"])


def write_index(out_dir: Path, pages: list[tuple[str, str]], params: dict, summary,
                defaults: dict[str, str] | None = None) -> Path:
    """Write index.html: the corpus summary, the parameters used, a link to each page (all escaped)."""
    e = html.escape
    style = ("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:52em;margin:2em auto;"
             "padding:0 1em;color:#222;line-height:1.5}table{border-collapse:collapse;margin:0.5em 0 1.5em}"
             "td,th{border-bottom:1px solid #ddd;padding:0.25em 0.8em;text-align:left;vertical-align:top}"
             "th{background:#f4f4f4}code{background:#f4f4f4;padding:0 3px}li{margin:0.3em 0}")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Multipolar report</title><style>{style}</style></head><body>",
             "<h1>Multipolar report</h1>",
             "<p>Each page below is one notebook run on the corpus named here, shown without its code.</p>",
             "<h2>Corpus</h2>"]
    if summary is None:
        parts.append("<p><em>No summary: the store could not be read.</em></p>")
    else:
        parts.append("<table>")
        for measure, value in summary.itertuples(index=False):
            parts.append(f"<tr><th>{e(str(measure))}</th><td>{e(str(value))}</td></tr>")
        parts.append("</table>")
    parts.append("<h2>Parameters</h2><table>")
    for name, value in params.items():
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        parts.append(f"<tr><th>{e(name)}</th><td><code>{e(shown)}</code></td></tr>")
    for name, value in (defaults or {}).items():
        if name not in params:
            parts.append(f"<tr><th>{e(name)}</th><td><code>{e(value)}</code> (the notebooks' default)</td></tr>")
    parts.append("</table><p>Paths are relative to the <code>notebooks/</code> folder.</p>")
    parts.append("<h2>Notebooks</h2><ol>")
    for filename, title in pages:
        parts.append(f'<li><a href="{e(filename, quote=True)}">{e(title or filename)}</a></li>')
    parts.append("</ol></body></html>")
    index = out_dir / "index.html"
    index.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return index


# --------------------------------------------------------------------------- the report


def build_report(corpus="seeds/", store=None, out_dir=None, params_extra: Iterable[str] = (),
                 in_place: bool = False, notebooks_dir=None, exec_dir=None) -> Path:
    """Run every notebook on `corpus`, render the HTML pages and the index; return the index path."""
    import nbformat

    nb_dir = Path(notebooks_dir or NOTEBOOKS_DIR).resolve()
    out = _out_path(out_dir) if out_dir else REPORTS_DIR
    work = _out_path(exec_dir) if exec_dir else BUILD_DIR / "notebooks"
    params = report_parameters(corpus, store, params_extra, nb_dir)
    paths = notebooks(nb_dir)
    if not paths:
        raise ReportError(f"no notebooks named NN_name.ipynb in {relative_to_notebooks(nb_dir, PROJ_ROOT)}")
    check_parameters(paths, params)
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    print(f"report: {len(paths)} notebooks on corpus {params['corpus']} (paths relative to notebooks/)", flush=True)
    pages: list[tuple[str, str]] = []
    for k, path in enumerate(paths, 1):
        started = time.time()
        step = f"[{k}/{len(paths)}] {path.name}"
        print(f"{step}: running", flush=True)
        if in_place:
            with tempfile.TemporaryDirectory(dir=work) as tmp:
                executed = Path(tmp) / path.name
                try:
                    run_notebook(path, executed, params, nb_dir)
                except ReportError:
                    print(f"{step}: failed", flush=True)
                    raise
                nb = nbformat.read(str(executed), as_version=4)
                strip_volatile(nb)
                nbformat.write(nb, str(executed))
                shutil.copyfile(executed, path)
            executed = path
        else:
            executed = work / path.name
            try:
                run_notebook(path, executed, params, nb_dir)
            except ReportError:
                print(f"{step}: failed", flush=True)
                raise
        title = _title(nbformat.read(str(executed), as_version=4)) or path.stem
        page = path.with_suffix(".html").name
        render_html(executed, out / page, title)
        pages.append((page, title))
        print(f"{step}: done in {time.time() - started:.1f} s -> {page}", flush=True)
    index = write_index(out, pages, params, _summary(params, nb_dir), notebook_defaults(paths[0]))
    return index
