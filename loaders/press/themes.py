"""Policy themes a sentence names, and the cues that say someone works on them (schema/lexicon/es/themes.yaml)."""

from __future__ import annotations

import re
from functools import cache

from graph_api.model.ontology import load_ontology
from loaders.press.lexicon import word_list, word_map
from loaders.press.patterns import alternation

THEMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (str(theme), re.compile(rf"\b{alternation(phrases)}")) for theme, phrases in word_map("themes", "themes").items()
)
# A theme counts only where the text says someone acts on it, not where it describes a situation.
PURPOSE = re.compile(rf"\b{alternation(word_list('themes', 'purpose'))}\b")


OWN_PURPOSE = re.compile(rf"\b{alternation(word_list('themes', 'own_purpose'))}\b")


@cache
def theme_names() -> dict[str, str]:
    return {term.id: term.es for term in load_ontology().vocabularies["policy_themes"].terms}
