"""Analysts' records: read, anchor, merge over the annotator's output, agreement, feedback, export."""

from helpers.review.agreement import (  # noqa: F401
    agreement,
    cohen_kappa,
    disagreements,
    krippendorff_alpha,
)
from helpers.review.anchor import (  # noqa: F401
    ANCHOR_COLUMNS,
    ANCHORS,
    FUZZY_MIN,
    FUZZY_MIN_LENGTH,
    LOCATED,
    anchor,
    document_texts,
    locate,
    occurrences,
    orphans,
)
from helpers.review.export import (  # noqa: F401
    EXPORT_COLUMNS,
    export,
    export_folder,
    export_table,
    write_table,
)
from helpers.review.feedback import feedback, feedback_summary  # noqa: F401
from helpers.review.merge import (  # noqa: F401
    ANALYST_VIA,
    MACHINE,
    OUTCOME_COLUMNS,
    apply_to_article,
    decisions,
    merge,
    with_decisions,
)
from helpers.review.read import (  # noqa: F401
    ALIASES,
    FIELDS,
    KINDS,
    PROBLEM_COLUMNS,
    RECORD_COLUMNS,
    SPAN_TARGETS,
    SUFFIXES,
    TARGETS,
    AnnotationError,
    check_names,
    describe,
    print_problems,
    read_records,
    validate,
)
from helpers.review.result import (  # noqa: F401
    Review,
    first_annotated,
    merged_tables,
    records_table,
    review,
    summary,
)
from helpers.review.write import CONTEXT, analyst_file, append_record, make_record  # noqa: F401
