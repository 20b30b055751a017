"""Load documents: decode, read each format, clean with an offset map back to the raw text, record problems."""

from helpers.load.articles import (  # noqa: F401
    content_hash,
    detect_language,
    iter_articles,
    language_name,
    load,
    problems_frame,
    to_article,
)
from helpers.load.clean import OffsetMap, clean  # noqa: F401
from helpers.load.decode import decode  # noqa: F401
from helpers.load.documents import (  # noqa: F401
    ARTICLE_COLUMNS,
    PROBLEM_COLUMNS,
    SUPPORTED,
    Document,
    LoadError,
    Problem,
)
from helpers.load.metadata import load_metadata_yaml, parse_date  # noqa: F401
from helpers.load.readers import iter_documents  # noqa: F401
