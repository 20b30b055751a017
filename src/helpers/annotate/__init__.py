"""Annotate documents: sentences, actors, statements, figures, dates, themes."""

from helpers.annotate.dates import DATE_RE, MONTHS, WEEKDAYS  # noqa: F401
from helpers.annotate.export import document_export  # noqa: F401
from helpers.annotate.figures import FIGURE_RE  # noqa: F401
from helpers.annotate.models import FAST_LEX_ATTRS, MODEL_OPS, NER_CONTEXT, TOKENIZER_CACHE  # noqa: F401
from helpers.annotate.parallel import (  # noqa: F401
    annotate_articles,
    annotate_parallel,
    annotator_for,
    chunked,
    default_annotator,
    even_chunks,
)
from helpers.annotate.pipeline import MAX_ROUNDS, PARSE_BATCH, Annotator  # noqa: F401
from helpers.annotate.quotes import Quote, annotated_text, find_quotes, first_words  # noqa: F401
from helpers.annotate.record import ANNOTATION_TABLES, TABLES, Record  # noqa: F401
from helpers.annotate.relevance import is_relevant  # noqa: F401
from helpers.annotate.sentences import Sentence, sentences, sentences_of, split_sentences  # noqa: F401
from helpers.annotate.speech import has_speech_verb, is_speech_verb  # noqa: F401
