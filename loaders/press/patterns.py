"""The relation cues, as regular expressions over masked sentences ("integrada por ⟦0⟧, ⟦1⟧ y ⟦2⟧").

The cue phrases are data (schema/lexicon/es/relations.yaml); this module
compiles them into the frames' expressions: where the trigger is and on which
side its arguments are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.press.lexicon import word_list, word_map

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
    """A regular expression matching any of the phrases, words separated by any space.

    A word ending in "*" stands for any word it starts ("retorn*"), "~" for up to four words, and "{a|b|}"
    for one of the alternatives (or none). The alternatives become groups of the expression, not phrases of
    their own: "{celebró|realizó} ~ ~ {su|una} {primera |}{sesión|reunión}" is one small expression, where
    spelling out every phrase it stands for would make thousands to try at each character.
    """
    compiled = sorted({_compact(" ".join(p.split())) for p in phrases if p.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(compiled) + ")"


_GAP = r"(?:[^\s.⟦]+\s+){0,4}?"


def _split(text: str, separator: str) -> list[str]:
    """`text` cut at `separator` outside braces."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "{"
        depth -= char == "}"
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _compact(phrase: str) -> str:
    out = ""
    after_gap = False
    for unit in (u for u in _split(phrase, " ") if u):
        if unit == "~":
            out += (r"\s+" if out and not after_gap else "") + _GAP
            after_gap = True
            continue
        expression, optional = _unit(unit)
        separator = "" if not out or after_gap else (r"\s*" if _starts_with_mark(unit) else r"\s+")
        out += f"(?:{separator}{expression})?" if optional else separator + expression
        after_gap = False
    return out


def _unit(unit: str) -> tuple[str, bool]:
    """A word's expression, and whether it is one group that may be left out ("{nacional|}")."""
    out = ""
    k = 0
    whole_optional = False
    while k < len(unit):
        char = unit[k]
        if char == "{":
            close = k
            depth = 0
            for close in range(k, len(unit)):
                depth += unit[close] == "{"
                depth -= unit[close] == "}"
                if depth == 0:
                    break
            options = _split(unit[k + 1 : close], "|")
            converted = sorted({_option(o) for o in options if o}, key=len, reverse=True)
            group = "(?:" + "|".join(converted) + ")"
            empty = "" in options
            if empty and k == 0 and close == len(unit) - 1:
                whole_optional = True
            elif empty:
                group += "?"
            out += group
            k = close + 1
        elif char == "*" and k == len(unit) - 1 and k > 0:
            out += r"\w*"
            k += 1
        else:
            out += re.escape(char)
            k += 1
    return out, whole_optional


def _option(option: str) -> str:
    """An alternative's expression: a phrase, with the space it may end or start with."""
    inner = _compact(" ".join(option.split()))
    return (r"\s+" if option.startswith(" ") else "") + inner + (r"\s+" if option.endswith(" ") else "")


def _starts_with_mark(unit: str) -> bool:
    """Whether a word starts with a punctuation mark (so it may touch the word before it: "causas, orígenes")."""
    if unit.startswith("{"):
        options = [o for o in _split(unit[1 : unit.index("}")], "|") if o]
        return bool(options) and all(not o[0].isalnum() for o in options)
    return not unit[0].isalnum()


def _cue(key: str) -> str:
    return alternation(word_list("relations", key))


# A cue these words come right before is denied or wished, not stated ("no forma parte de").
NOT_STATED = re.compile(
    rf"\b{_cue('not_stated')}\s*(?:(?:se|lo|la|es|son|sera|seran|fue|fueron|esta|estan|estara|estaran|seria|serian"
    rf"|ha\s+sido|han\s+sido)\s+)?$"
)
# A clause opening with "si" is a condition: "Si el ⟦0⟧ formara parte de la ⟦1⟧ …".
CONDITION = re.compile(r"(?:^|[,;:(])\s*(?:y\s+|pero\s+)?si\s+[^,;:]*$")
AFTER_MEMBER = frozenset(word_list("relations", "after_member"))
UNNAMED_GROUP = re.compile(rf"\b{_cue('unnamed_groups')}\b(?![^⟦]*⟦)")
OBSERVERS = re.compile(rf"[^.;⟦]{{0,20}}{_cue('observers')}")
# "…; la ⟦1⟧, por su parte, supervisa": a clause of its own starts at the member before these words.
CLAUSE_MARKERS = tuple(tuple(p.split()) for p in word_list("relations", "clause_markers"))
# "… se sumará a la ⟦1⟧ si lo decide su consejo": a condition after the body.
CONDITION_AFTER = re.compile(r"\s*,?\s*(?:solo\s+)?si\s")
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
    rf"{MENTION}(?:\s+(?:del|de\s+la|de)\s+⟦\d+⟧)?{_APPOSITION}\s*,?\s+(?:[^\s⟦]+\s+){{0,2}}?(?P<verb>{_cue('leader_verbs')})\b(?:\s+(?!que\b)[^\s⟦]+){{0,8}}?\s+{MENTION}"
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
