"""The questions the notebooks ask, one function per table or figure."""

from helpers.analysis.core import (  # noqa: F401
    ASPECTS, CURRENCY_UNITS, FRAMES, GROUP_ORDER, HEADLINES_GROUP, MEETING_WORDS, METADATA_COLUMNS,
    NOT_A_MEETING, NOT_BILATERAL, OFFICIAL_GROUPS, OTHER_GROUP, OUTLET_NAMES, PAIR, PAIR_NAMES,
    RELATIONSHIP_WORDS, TERM_SHORT, TRADE, UNKNOWN_OUTLET, WORLD_ORDER_TERMS, actor_network, actor_sides,
    actors_table, as_records, as_text, aspect_examples, aspects_by_speaker, aspects_over_time, attention,
    attention_summary, between, check_corpus, co_mentions, cooccurrence_pairs, corpus_summary, dates_table,
    describe_update, doc_themes_table, document, document_info, documents_by_theme, domain, evidence,
    figure_clause, figure_year, figures_table, format_number, framing, framing_examples, framing_table, kwic,
    length_figure, lengths, load_corpus, meeting_mentions, meetings, metadata_table, money, needs,
    network_table, outlet_name, peaks, prevalence_by, prevalence_over_time, problems_table,
    relationship_sentences, relationship_statements, source_group, speaker_actor, speaker_actor_pairs,
    speech_units, statement_mentions, statements_overview, statements_table, store_path, term_examples,
    term_summary, term_uses, theme_cooccurrence, theme_evidence, theme_labels, theme_prevalence, theme_terms,
    trade_figures, trade_table, uses_by,
)
