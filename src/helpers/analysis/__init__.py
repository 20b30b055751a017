"""The questions the notebooks ask, one function per table or figure."""

from helpers.analysis.corpus import (  # noqa: F401
    METADATA_COLUMNS, between, check_corpus, corpus_summary, describe_update, in_languages, language_codes,
    language_name, languages_table, lengths, load_corpus, metadata_table, problems_table, store_path, translation_summary,
    translations,
)
from helpers.analysis.document import (  # noqa: F401
    actors_table, dates_table, doc_themes_table, document, figures_table, statements_table, theme_evidence,
)
from helpers.analysis.relationship import (  # noqa: F401
    ASPECTS, FRAMES, MIRROR, PAIR, actor_sides, aspect_examples, aspects_by_speaker, aspects_over_time, framing,
    framing_examples, framing_table, mirror_statements, relationship_sentences, relationship_statements,
    side_statements,
)
from helpers.analysis.sources import (  # noqa: F401
    GROUP_ORDER, HEADLINES_GROUP, OFFICIAL_GROUPS, OTHER_GROUP, OUTLET_NAMES, UNKNOWN_LANGUAGE, UNKNOWN_OUTLET, count_words,
    document_info, document_language, document_words, domain, outlet_name, source_group,
)
from helpers.analysis.speakers import (  # noqa: F401
    actor_network, co_mentions, network_table, speaker_actor, speaker_actor_pairs, speech_units, statement_mentions,
    statements_by_kind, statements_overview,
)
from helpers.analysis.tables import as_records, as_text, format_number, money, needs  # noqa: F401
from helpers.analysis.themes import (  # noqa: F401
    cooccurrence_pairs, document_relevance, documents_by_theme, evidence, kwic, peaks, prevalence_by,
    prevalence_over_time, relevance_summary, relevant_only, theme_cooccurrence, theme_labels, theme_prevalence,
    theme_share_table, theme_shares, theme_terms,
)
from helpers.analysis.timeline import PAIR_NAMES, attention, attention_summary, meeting_mentions, meetings  # noqa: F401
from helpers.analysis.trade import CURRENCY_UNITS, figure_clause, figure_year, trade_figures, trade_table  # noqa: F401
from helpers.analysis.world_order import (  # noqa: F401
    TERM_SHORT, WORLD_ORDER_TERMS, term_examples, term_summary, term_uses, theme_rates, uses_by,
)
