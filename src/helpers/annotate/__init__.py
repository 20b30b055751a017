"""Annotate documents: sentences, actors, statements, figures, dates, themes."""

from helpers.annotate.annotator import (  # noqa: F401
    ANSWER_LABELS, Annotator, CHINA_SIDE, CURRENCIES, DATE_RE, EVENT_NOUNS, FAST_LEX_ATTRS,
    FIGURE_RE, HONORIFIC, IN_WORDS, MAX_ROUNDS, MODEL_OPS, MONTHS, MONTH_NUMBERS, NER_CONTEXT, NOT_SPEAKERS,
    NUM, ORDINALS, PARSE_BATCH, POSSESSIVE_SPEECH, PRONOUNS, QUESTION_LABELS, QUOTE_PAIRS, Quote,
    RELEVANT_SHARE, RUSSIA_SIDE, SCALES, SCARE_DETERMINERS, SPEECH_FORMS, SPEECH_LEMMAS, SPEECH_NOUNS,
    Sentence, TABLES, TITLE_EVIDENCE, TITLE_WORDS, TOKENIZER_CACHE, TURN, UNIT_WORDS, WEEKDAYS,
    WEEKDAY_NUMBERS, annotate_articles, annotate_parallel, annotated_text, annotator_for, chunked,
    default_annotator, document_export, even_chunks, find_quotes, first_words, has_speech_verb, is_relevant,
    is_speech_verb, sentences, sentences_of, split_sentences,
)
