"""Load documents: decode, read each format, clean with an offset map back to the raw text, record problems."""

from helpers.load.articles import content_hash, iter_articles, load, problems_frame, to_article  # noqa: F401
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
from helpers.load.language import count_words, detect_language, language_code, language_name  # noqa: F401
from helpers.load.metadata import load_metadata_yaml, parse_date  # noqa: F401
from helpers.load.readers import iter_documents  # noqa: F401
