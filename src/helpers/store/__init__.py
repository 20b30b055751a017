"""The DuckDB store: schema, transactions, incremental update."""

from helpers.store.store import (  # noqa: F401
    ANNOTATION_TABLES, ARROW_TYPES, BATCH_DOCS, BATCH_WORDS, DEFAULT_WAIT, MAX_ANNOTATED_CHARS, PARALLEL_FROM,
    Run, SCHEMA, Store, StoreBusy, StoreError, UpdateStats, annotate_article, annotate_batch, batch_tables,
    columns, corpus_key, create_tables, frame, insert_frame, unchanged_check,
)
