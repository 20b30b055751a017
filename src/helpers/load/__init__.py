"""Load documents: decode, read each format, clean with an offset map, record problems."""

from helpers.load.corpus import (  # noqa: F401
    ARTICLE_COLUMNS, Document, ENGLISH_WORDS, HTML_FEW_WORDS, LANGUAGE_CONFIDENCE, LANGUAGE_MIN_LETTERS,
    LANGUAGE_NAMES, LANGUAGE_SAMPLE, LoadError, MAX_META_NODES, META_FIELDS, PROBLEM_COLUMNS, Problem,
    SUPPORTED, TEXT_COLUMNS, TEXT_SUFFIXES, content_hash, decode, detect_language, iter_articles,
    iter_documents, language_name, load, load_metadata_yaml, parse_date, problems_frame, to_article,
)
