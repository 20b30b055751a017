"""Shared fixtures: the project's paths and the shared corpus (tests needing it skip cleanly)."""

from __future__ import annotations

import pytest

import shutil
from pathlib import Path

from helpers.config import SEEDS_DIR, SHARED_CORPUS, SHARED_EVAL

SEED_FILE = SEEDS_DIR / "000_90f3d8e4bff38bac.txt"


def shared_file(path) -> "object":
    """Return a path under ../shared, or skip the test with the reason when it is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus is not beside this checkout)")
    return path


@pytest.fixture
def kremlin_file():
    return shared_file(SHARED_CORPUS / "kremlin_en.jsonl")


@pytest.fixture
def eval_dir():
    return shared_file(SHARED_EVAL)


@pytest.fixture(scope="session")
def annotator():
    from helpers.annotate import Annotator

    return Annotator()


@pytest.fixture(scope="session")
def seed_tables(annotator):
    """The seed loaded and annotated once per session."""
    from helpers.load import load

    articles, problems = load(SEED_FILE)
    article = articles.iloc[0].to_dict()
    return article, annotator.annotate(article)


def chromium_or_skip(checked: str) -> str:
    """The system's Chromium, or skip saying that `checked` was not checked in a browser."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        pytest.skip(f"headless Chromium is not installed (`make browser` installs Debian's chromium as root); "
                    f"{checked} was not checked in a browser")
    return path
