"""The dev gold's split: fixed by a hash of the document id, about a third for validation, errors shown for tune alone."""

from __future__ import annotations

import pytest

from helpers.evaluate import split


def test_a_document_keeps_its_part():
    ids = [f"doc{k}" for k in range(3000)]
    first = [split.part_of("news", i) for i in ids]
    assert first == [split.part_of("news", i) for i in ids]
    share = first.count("validation") / len(first)
    assert 0.30 < share < 0.37, share
    assert set(first) == set(split.PARTS)


def test_only_keeps_one_part_and_none_keeps_all():
    docs = {f"d{k}": {"id": f"d{k}"} for k in range(60)}
    tune, validation = split.only(docs, "f", "tune"), split.only(docs, "f", "validation")
    assert set(tune) | set(validation) == set(docs) and not set(tune) & set(validation)
    assert split.only(docs, "f", None) == docs
    with pytest.raises(ValueError, match="part 'test'"):
        split.only(docs, "f", "test")


def test_errors_are_shown_for_the_tune_part_alone():
    from helpers.evaluate import available, errors

    files = available()
    if not files:
        pytest.skip("the shared evaluation set is absent")
    # No prediction for any gold document (the one entry keeps the annotator from running): every gold statement is an error.
    empty = {name: {"no such document": {}} for name, _, _ in files}
    errs = errors(predictions=empty)
    assert len(errs) > 0
    assert {split.part_of(f, d) for f, d in zip(errs["file"], errs["doc_id"])} == {"tune"}
