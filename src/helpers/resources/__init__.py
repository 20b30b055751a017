"""The knowledge base, the codebook, the lexicons and the language packs, with the YAML files they are read from."""

from helpers.resources.codebook import Codebook, load_codebook, parse_codebook  # noqa: F401
from helpers.resources.kb import Actor, KnowledgeBase, Role, load_kb, parse_kb  # noqa: F401
from helpers.resources.lexicons import (  # noqa: F401
    LEXICONS_FILE,
    Lexicons,
    load_lexicons,
    parse_lexicons,
)
from helpers.resources.languages import (  # noqa: F401
    LanguagePack,
    available_languages,
    load_language_pack,
    parse_language_pack,
)
