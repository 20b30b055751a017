"""Analysts' records: read, anchor, merge over the annotator's output, agreement, export."""

from helpers.review.records import (  # noqa: F401
    ALIASES, ANALYST_VIA, ANCHORS, ANCHOR_COLUMNS, AnnotationError, CONTEXT, EXPORT_COLUMNS, FIELDS,
    FUZZY_MIN, FUZZY_MIN_LENGTH, HEADLESS_NOTE, KINDS, LOCATED, MACHINE, OUTCOME_COLUMNS, PROBLEM_COLUMNS,
    RECORD_COLUMNS, Review, SPAN_TARGETS, SUFFIXES, TARGETS, agreement, analyst_file, anchor, append_record,
    apply_to_article, check_names, coding_form, cohen_kappa, command, decisions, describe, disagreements,
    document_texts, document_view, export, export_folder, export_table, feedback, feedback_summary,
    first_annotated, krippendorff_alpha, locate, make_record, merge, merged_html, merged_tables, orphans,
    print_problems, read_records, records_table, review, summary, validate, with_decisions,
)
