"""The relation cues, as regular expressions over masked sentences ("integrada por ⟦0⟧, ⟦1⟧ y ⟦2⟧").

The cue phrases are data (schema/lexicon/es/relations.yaml); this module
compiles them into the frames' expressions: where the trigger is and on which
side its arguments are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import word_list, word_map

MENTION = r"⟦(\d+)⟧"
PIECE = re.compile(r"⟦\d+⟧|[(),;.:—–]|[^\s⟦(),;.:—–]+")
_ARTICLE = r"(?:(?:el|la|los|las)\s+)?"
_GROUP = re.compile(r"\{([^{}]*)\}")


def expand(phrase: str) -> list[str]:
    """Every phrase a pattern with "{a|b}" alternatives stands for."""
    match = _GROUP.search(phrase)
    if match is None:
        return [phrase]
    return [
        variant
        for option in match.group(1).split("|")
        for variant in expand(phrase[: match.start()] + option + phrase[match.end() :])
    ]


def alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of the phrases (longest first), words separated by any space.

    A word ending in "*" stands for any word it starts ("retorn*"), "~" for up to four words, and a
    punctuation mark may touch the words beside it ("causas, origenes").
    """
    variants = sorted({" ".join(v.split()) for p in phrases for v in expand(p)}, key=len, reverse=True)
    return "(?:" + "|".join(_phrase(v) for v in variants if v) + ")"


def _phrase(phrase: str) -> str:
    out = ""
    for word in phrase.split():
        if word == "~":
            out += (r"\s+" if out and not out.endswith("?") else "") + r"(?:[^\s.⟦]+\s+){0,4}?"
            continue
        if out and not out.endswith("?"):
            out += r"\s*" if not word[0].isalnum() else r"\s+"
        out += re.escape(word[:-1]) + r"\w*" if word.endswith("*") and len(word) > 1 else re.escape(word)
    return out


def _cue(key: str) -> str:
    return alternation(word_list("relations", key))


GLUE = frozenset(word_list("relations", "glue")) | frozenset(word_list("relations", "roles"))
LEADING_VERBS = frozenset(v for p in word_list("relations", "leading_verbs") for v in expand(p))

MEMBERS_AFTER = re.compile(rf"\b{_cue('members_after')}\b")
# The members come first and the body right after the verb: "⟦0⟧ y ⟦1⟧ se incorporaron a la ⟦2⟧".
MEMBERS_BEFORE = re.compile(rf"\b{_cue('members_before')}\s+{_ARTICLE}{MENTION}")
SUPPORT_NOUN = re.compile(rf"\b{_cue('support_nouns')}(?:\s+(?:tecnico|tecnica|financiero|financiera))?\s+(?:de|del)\b")
SUPPORT_VERB = re.compile(rf"\b{_cue('support_verbs')}\b")
# Where it ends (the verb after it) is looked up: `View.relative_subjects`.
RELATIVE_SUBJECT = re.compile(rf"{MENTION}\s*(?:\(\s*⟦\d+⟧\s*\)\s*)?,\s*(?:que|quien)\s*")
OWN_PROGRAMME = re.compile(rf"\bsus?\s+{MENTION}")
THROUGH = re.compile(rf"\ba\s+traves\s+de(?:l|\s+la|\s+los|\s+las)?\s+(?:(?:su|sus|este|esta)\s+)?{MENTION}")
UNIT_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (  # (pattern, parent group, unit group)
    (re.compile(rf"{MENTION}\s*\(\s*{MENTION}\s*\)"), 1, 2),
    (
        re.compile(rf"{MENTION}\s*(?:,\s*)?a\s+traves\s+de(?:l|\s+la|\s+los|\s+las)?\s+(?:(?:su|sus)\s+)?{MENTION}"),
        1,
        2,
    ),
    (
        re.compile(
            rf"{MENTION}\s*(?:\(\s*⟦\d+⟧\s*\)\s*)?(?:,\s*)?(?:(?:el|la|un|una)\s+)?{_cue('units_of')}\s+{MENTION}"
        ),
        2,
        1,
    ),
    (re.compile(rf"{MENTION}\s+(?:del|de\s+la|de)\s+{MENTION}"), 2, 1),
)
_RUNS = _cue("runs_verbs")
RUNS_PATTERNS: tuple[tuple[re.Pattern[str], int, int], ...] = (  # (pattern, runner group, programme group)
    (re.compile(rf"{MENTION}\s+{_RUNS}\s+(?:(?:el|la|su)\s+)?{MENTION}"), 1, 2),
    (re.compile(rf"{MENTION}\s*(?:,\s*)?{_cue('run_by')}\s+{_ARTICLE}{MENTION}"), 2, 1),
)
RUN_BY_SUBJECT = re.compile(rf"{MENTION}\s*(?:,\s*)?que\s+{_RUNS}\b")
LEADER_AFTER = re.compile(rf"\b{_cue('leader_after')}\s+{_ARTICLE}{MENTION}")
# The subject may be a unit named with its parent ("la ⟦0⟧ del ⟦1⟧ que oficia de secretaría ejecutiva del ⟦2⟧").
# The subject may carry its acronym and an apposition: "La ⟦0⟧ (⟦1⟧), organismo dependiente del ⟦2⟧, ejerce …".
_APPOSITION = r"(?:\s*\(\s*⟦\d+⟧\s*\))?(?:\s*,[^,;.]{1,120},)?"
LEADER_VERB = re.compile(
    rf"{MENTION}(?:\s+(?:del|de\s+la|de)\s+⟦\d+⟧)?{_APPOSITION}\s*,?\s+(?:[^\s⟦]+\s+){{0,2}}?(?P<verb>{_cue('leader_verbs')})\b(?:\s+[^\s⟦]+){{0,8}}?\s+{MENTION}"
)
LED_BY_OBJECT = re.compile(
    rf"{MENTION}\s*(?:,\s*)?(?:que|a\s+la\s+que|al\s+que)\s+(?:lidera|preside|encabeza|conduce|coordina)\s+"
    rf"{_ARTICLE}{MENTION}"
)
LEADER_CLAUSE = re.compile(rf"{MENTION}\s*(?:\(\s*⟦\d+⟧\s*\)\s*)?[,—–]\s*{_cue('leader_clauses')}\b")
LEADER_ROLE = re.compile(rf"{MENTION}{_APPOSITION}\s+{_cue('leader_roles')}\b(?!\s+(?:de|del)\b)")
CONVENER = (
    re.compile(rf"\b{_cue('convener_after')}\s+{_ARTICLE}{MENTION}"),
    re.compile(rf"{MENTION}\s+(?:[^\s⟦]+\s+){{0,2}}?{_cue('convener_verbs')}\b"),
    re.compile(rf"\bconvocatoria\s+(?:[^\s⟦]+\s+){{0,3}}?a\s+cargo\s+de(?:l|\s+la)?\s+{MENTION}"),
)
_MEETINGS = word_map("relations", "meeting_cues")
MEETING_CUE = re.compile(
    rf"\b(?:(?P<inauguration>{alternation(_MEETINGS['inauguration'])})"
    rf"|(?P<installation>{alternation(_MEETINGS['installation'])})"
    rf"|(?P<event>{alternation(_MEETINGS['event'])})"
    rf"|(?P<session>{alternation(_MEETINGS['session'])}))\b"
)
MEETING_TOPIC = re.compile(
    rf"^\W*(?:{_cue('meeting_topic_leads')}\s+)?(?:la|el|esta|este|dicha|dicho|su)\s+"
    rf"(?:[a-z]+\s+)?{_cue('meeting_topic_nouns')}\b"
)
SERVICE_CUE = re.compile(rf"\b{_cue('service_cues')}\b")
PARTICIPATION = re.compile(_cue("participation"))
# Where it ends (right before a placeholder) is looked up: `View.framework_ends`.
FRAMEWORK = re.compile(rf"\b{_cue('framework')}\s*(?=⟦)")
