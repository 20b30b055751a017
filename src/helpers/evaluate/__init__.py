"""Scoring against gold files, the baseline beside it, and the benchmark."""

from helpers.evaluate.scores import (  # noqa: F401
    Baseline, ERROR_COLUMNS, FIGURES, TARGETS, available, describe_available, dev_files,
    empty_errors, empty_theme_table, errors, errors_with_sentences, exports, main, predict, read_jsonl, reported_speech, run,
    score_all, scorer, seed_text, targets_text, theme_table,
)
