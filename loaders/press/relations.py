"""The relationships each masked sentence states, read from its cues."""

from __future__ import annotations

import bisect
from typing import Any

from loaders.press.dates import dates_in
from loaders.press.patterns import (
    CONDITION,
    CONDITION_AFTER,
    CONVENER,
    LEADER_AFTER,
    LEADER_CLAUSE,
    LEADER_ROLE,
    LEADER_VERB,
    LED_BY_OBJECT,
    MEETING_CUE,
    MEETING_TOPIC,
    MEMBERS_AFTER,
    MEMBERS_BEFORE,
    NOT_STATED,
    OBSERVERS,
    OWN_PROGRAMME,
    PARTICIPATION,
    RUN_BY_SUBJECT,
    RUNS_PATTERNS,
    SERVICE_CUE,
    SUPPORT_NOUN,
    SUPPORT_VERB,
    THROUGH,
    UNIT_PATTERNS,
    UNNAMED_GROUP,
)
from loaders.press.reader import Reader
from loaders.press.records import (
    BODY,
    FROM_CONTEXT,
    INSTITUTION,
    POPULATION,
    PROGRAM,
    SERVES_BY_PROXIMITY,
    STATED,
    STATED_WEAKLY,
    THEME_FROM_CONTEXT,
    THEME_STATED,
)
from loaders.press.text import DETERMINERS
from loaders.press.themes import OWN_PURPOSE, PURPOSE, THEMES
from loaders.press.view import View, list_after, list_before


def relate(reader: Reader, view: View) -> None:
    """Every relationship the sentence states."""
    held = held_meetings(reader, view)
    topic = topic_meeting(reader, view)
    relate_memberships(reader, view, held or topic)
    relate_units(reader, view)
    relate_support(reader, view)
    relate_runs(reader, view)
    relate_leadership(reader, view)
    relate_convening(reader, view)
    relate_service(reader, view)
    # What a session discussed is the session's, unless the body it is of is the sentence's subject ("el comité
    # sesionó … y acordó …"); what an installation states is the body's purpose.
    is_session = held is not None and reader.drafts[held].name.split()[0] in {"Sesión", "Reunión"}
    session = held if is_session and not opens_with_body(view) else None
    relate_themes(reader, view, session or topic)
    bodies = view.indexes(BODY)
    if bodies:
        reader.focus = view.ref(bodies[-1])


def body_for(reader: Reader, view: View, pos: int, **where: bool) -> tuple[str | None, float]:
    """The body a pattern at `pos` is about: the nearest named in the sentence, else the one under discussion."""
    k = view.nearest([BODY], pos, **where)
    if k is None and where:
        k = view.nearest([BODY], pos)
    if k is not None:
        return view.ref(k), STATED
    return reader.focus, FROM_CONTEXT


def held_meetings(reader: Reader, view: View) -> str | None:
    """ "La Mesa … se inauguró el 11 de agosto": a Meeting the body HELD."""
    dates = dates_in(view.masked, reader.published)
    places = [p for p, _ in dates]
    found = None
    for cue in MEETING_CUE.finditer(view.masked):
        later, earlier = bisect.bisect_right(places, cue.start()), bisect.bisect_left(places, cue.start())
        date = dates[later][1] if later < len(dates) else (dates[earlier - 1][1] if earlier else None)
        body, confidence = body_for(reader, view, cue.start())
        if date is None:
            continue
        if cue.group("event"):
            body = _body_of_event(view, cue.end())
        if body is None:
            # "El 13 y 14 de marzo tuvo lugar la Reunión de Coordinación …": a dated meeting no named body holds.
            if not (cue.group("session") or cue.group("event")):
                continue
            found = reader.meeting(None, "Reunión", date)
            evidence = view.sentence.evidence
            reader.drafts[found].evidence.setdefault((evidence.start, evidence.end), evidence)
            reader.last_meeting = found
            continue
        if cue.group("inauguration"):
            kind = "Inauguración"
        elif cue.group("installation"):
            kind = "Instalación"
        else:
            kind = "Sesión"
        found = reader.meeting(body, kind, date)
        reader.fact("HELD", body, found, view, confidence)
        reader.meetings[body] = found
        reader.last_meeting = found
    return found


def _body_of_event(view: View, end: int) -> str | None:
    """The body an event is of when named with it ("la reunión del ⟦0⟧ tuvo lugar"), else none."""
    k = view.nearest([BODY], end)
    if k is None:
        return None
    between = view.masked[min(end, view.position(k)) : max(end, view.position(k))]
    return view.ref(k) if len(between.split()) <= 6 else None


def topic_meeting(reader: Reader, view: View) -> str | None:
    """ "En la inauguración, …": the sentence reports a meeting already named."""
    if not MEETING_TOPIC.match(view.masked):
        return None
    return reader.meetings.get(reader.focus or "") or reader.last_meeting


def relate_memberships(reader: Reader, view: View, meeting: str | None) -> None:
    since = reader.drafts[meeting].properties.get("date") if meeting else None
    for cue in MEMBERS_AFTER.finditer(view.masked):
        if not_stated(view, cue.start()) or CONDITION.search(view.masked, 0, cue.start()):
            continue
        items = list_after(view, cue.end())
        if items and OBSERVERS.match(view.masked, view.position(items[-1][0]) + len(f"⟦{items[-1][0]}⟧")):
            continue  # "con la participación del ⟦0⟧ y de la ⟦1⟧, en calidad de observadores"
        listed = {index for index, units in items} | {u for _, units in items for u in units}
        before = view.nearest([BODY], cue.start(), before=True)
        body: str | None
        if before is not None and UNNAMED_GROUP.search(view.masked, view.position(before), cue.start()):
            continue  # "la ⟦0⟧ y un grupo técnico conformado por …": the unnamed group's members
        if before is not None:
            body, confidence = view.ref(before), STATED
        elif PARTICIPATION.match(cue.group()):
            # "Con la participación de X y de Y se realizó un taller": who attended, not a body's members.
            continue
        else:
            # The body named after its members ("… integran la Mesa"), never one of the members themselves.
            after = [k for k in view.indexes(BODY) if view.position(k) > cue.start() and k not in listed]
            body, confidence = (view.ref(after[0]), STATED) if after else (reader.focus, FROM_CONTEXT)
        add_members(reader, view, items, body, confidence, since)
    for cue in MEMBERS_BEFORE.finditer(view.masked):
        if not_stated(view, cue.start()) or CONDITION.search(view.masked, 0, cue.start()):
            continue  # "el ⟦0⟧ no forma parte de la ⟦1⟧", "si el ⟦0⟧ formara parte de la ⟦1⟧"
        joined = int(cue.group(1))
        if CONDITION_AFTER.match(view.masked, cue.end()):
            continue  # "el ⟦0⟧ se sumará a la ⟦1⟧ si lo decide su consejo"
        if view.label(joined) == BODY:
            add_members(reader, view, list_before(view, cue.start()), view.ref(joined), STATED, since)


def add_members(
    reader: Reader, view: View, items: list[tuple[int, list[int]]], body: str | None, confidence: float, since: Any
) -> None:
    if body is None:
        return
    for index, units in items:
        reader.fact("MEMBER_OF", view.ref(index), body, view, confidence, valid_from=since)
        for unit in units:
            add_unit(reader, view, index, unit)
        # "… y el Director del ⟦6⟧, quien lo preside": the member that chairs the body the list is of.
        if LEADER_CLAUSE.match(view.masked, view.position(index)):
            reader.fact("LEADS", view.ref(index), body, view, confidence)


def add_unit(reader: Reader, view: View, parent: int, unit: int) -> None:
    """A unit named with its parent: PART_OF between institutions, RUNS for a programme."""
    if view.label(parent) == INSTITUTION and view.label(unit) == PROGRAM:
        reader.fact("RUNS", view.ref(parent), view.ref(unit), view, STATED)
    else:
        reader.fact("PART_OF", view.ref(unit), view.ref(parent), view, STATED)


def relate_units(reader: Reader, view: View) -> None:
    for pattern, parent, unit in UNIT_PATTERNS:
        for match in pattern.finditer(view.masked):
            add_unit(reader, view, int(match.group(parent)), int(match.group(unit)))


def relate_support(reader: Reader, view: View) -> None:
    """ "con el apoyo de X a través del Programa P" (X RUNS P, P SUPPORTS the body), "X apoya a la Mesa"."""
    through = [int(m.group(1)) for m in THROUGH.finditer(view.masked) if view.label(int(m.group(1))) == PROGRAM]
    for cue in SUPPORT_NOUN.finditer(view.masked):
        k = view.nearest([BODY], cue.start(), before=True)
        k = view.nearest([PROGRAM], cue.start(), before=True) if k is None else k
        target, confidence = (view.ref(k), STATED) if k is not None else (reader.focus, FROM_CONTEXT)
        add_supporters(reader, view, list_after(view, cue.end()), through, target, confidence)
    for cue in SUPPORT_VERB.finditer(view.masked):
        k = view.nearest([BODY, PROGRAM], cue.end(), after=True)
        if k is None:
            continue
        supporters = list_before(view, cue.start())
        relative = view.relative_subjects.get(cue.start())
        if not supporters and relative is not None:  # "la ⟦OIM⟧ (⟦OIM⟧), que financia el ⟦P⟧"
            supporters = [(relative, [])]
        add_supporters(reader, view, supporters, through, view.ref(k), STATED)


def add_supporters(
    reader: Reader,
    view: View,
    items: list[tuple[int, list[int]]],
    through: list[int],
    target: str | None,
    confidence: float,
) -> None:
    if target is None:
        return
    for index, units in items:
        programmes = [u for u in units if view.label(u) == PROGRAM] or through
        if view.label(index) == INSTITUTION and programmes:
            for programme in programmes:
                reader.fact("RUNS", view.ref(index), view.ref(programme), view, STATED)
                reader.fact("SUPPORTS", view.ref(programme), target, view, confidence)
        else:
            reader.fact("SUPPORTS", view.ref(index), target, view, confidence)


def relate_runs(reader: Reader, view: View) -> None:
    for pattern, runner, programme in RUNS_PATTERNS:
        for match in pattern.finditer(view.masked):
            reader.fact("RUNS", view.ref(int(match.group(runner))), view.ref(int(match.group(programme))), view, STATED)
    for match in OWN_PROGRAMME.finditer(view.masked):  # "… a través de su programa P": the subject's
        programme = int(match.group(1))
        owner = view.nearest([INSTITUTION], view.position(programme), before=True)
        if owner is not None and view.label(programme) == PROGRAM:
            reader.fact("RUNS", view.ref(owner), view.ref(programme), view, STATED_WEAKLY)
    for match in RUN_BY_SUBJECT.finditer(view.masked):
        programme = int(match.group(1))
        subject = view.nearest([INSTITUTION], view.position(programme), before=True)
        if subject is not None:
            reader.fact("RUNS", view.ref(subject), view.ref(programme), view, STATED_WEAKLY)


def relate_leadership(reader: Reader, view: View) -> None:
    """ "a iniciativa de X", "presidida por X", "X instaló la Mesa", "la Mesa, que lidera X"."""
    for match in LEADER_AFTER.finditer(view.masked):
        if not_stated(view, match.start()):
            continue  # "no será presidida por …"
        body, confidence = body_for(reader, view, match.start(), before=True)
        if body is None:
            continue
        # "encabezada por el ⟦1⟧, el ⟦2⟧ y la ⟦3⟧": each of them.
        leaders = [k for k, _ in list_after(view, view.position(int(match.group(1))))] or [int(match.group(1))]
        for leader in leaders:
            if view.label(leader) == INSTITUTION:
                reader.fact("LEADS", view.ref(leader), body, view, confidence)
    for match in LEADER_VERB.finditer(view.masked):
        subject, led = int(match.group(1)), int(match.group(3))
        if view.label(led) == BODY and not not_stated(view, match.start("verb")):
            reader.fact("LEADS", view.ref(subject), view.ref(led), view, STATED)
    for match in LED_BY_OBJECT.finditer(view.masked):
        reader.fact("LEADS", view.ref(int(match.group(2))), view.ref(int(match.group(1))), view, STATED)
    for match in LEADER_ROLE.finditer(view.masked):  # "El ⟦0⟧ ejerce la secretaría técnica.": of the body at hand
        body, confidence = body_for(reader, view, match.start(), before=True)
        if body is not None:
            reader.fact("LEADS", view.ref(int(match.group(1))), body, view, confidence)
    for match in LEADER_CLAUSE.finditer(view.masked):  # "… con la participación del X, que lo preside, …"
        if any(cue.start() < match.start() for cue in MEMBERS_AFTER.finditer(view.masked)):
            continue  # in a member list: the list's body, read with the members
        body, confidence = body_for(reader, view, match.start(), before=True)
        if body is not None:
            reader.fact("LEADS", view.ref(int(match.group(1))), body, view, confidence)


def relate_convening(reader: Reader, view: View) -> None:
    for pattern in CONVENER:
        for match in pattern.finditer(view.masked):
            convener = int(match.group(1))
            body, confidence = body_for(reader, view, match.start())
            if body is not None:
                reader.fact("CONVENES", view.ref(convener), body, view, confidence)


def relate_service(reader: Reader, view: View) -> None:
    """A body, programme or institution acting for a population named in the same sentence."""
    if not SERVICE_CUE.search(view.masked):
        return
    for population in view.indexes(POPULATION):
        pos = view.position(population)
        k = view.nearest([BODY], pos) if view.indexes(BODY) else view.nearest([PROGRAM], pos)
        confidence = STATED_WEAKLY
        if k is None:
            k, confidence = view.nearest([INSTITUTION], pos, before=True), SERVES_BY_PROXIMITY
        if k is not None:
            reader.fact("SERVES", view.ref(k), view.ref(population), view, confidence)


def not_stated(view: View, pos: int) -> bool:
    """Whether the words right before `pos` deny the cue there or make it a wish ("no", "solicitó", "podría")."""
    return NOT_STATED.search(view.masked[max(0, pos - 60) : pos]) is not None


def opens_with_body(view: View) -> bool:
    """Whether the sentence starts with a body ("El ⟦0⟧ sesionó …"): its subject."""
    if not view.mentions or view.label(0) != BODY:
        return False
    return set(view.masked[: view.position(0)].split()) <= DETERMINERS


def relate_themes(reader: Reader, view: View, meeting: str | None) -> None:
    """Policy themes the sentence says someone works on: ADDRESSES from the meeting, body, programme or subject."""
    themes = [theme for theme, pattern in THEMES if pattern.search(view.masked)]
    if not themes or not PURPOSE.search(view.masked):
        return
    # A body named only as the framework ("en el marco de la Mesa") is not what the sentence is about.
    named = [k for k in view.indexes(BODY) + view.indexes(PROGRAM) if view.position(k) not in view.framework_ends]
    subjects: list[str] = []
    confidence = THEME_STATED
    if meeting is not None:
        subjects = [meeting]
    elif reader.focus is not None and OWN_PURPOSE.search(view.masked) and not opens_with_body(view):
        subjects = [reader.focus]  # "entre sus funciones figura …": the body under discussion's
    elif named:
        subjects = [view.ref(named[0])]
    else:
        # The institutions the sentence opens with: "La ⟦0⟧ y el ⟦1⟧ suscribieron un convenio para…".
        subjects = [view.ref(i) for i, _ in list_after(view, 0) if view.label(i) == INSTITUTION]
        if not subjects and reader.focus is not None and reader.focus in reader.main_bodies:
            # A sentence naming no one speaks of the body under discussion, if the document is about it.
            subjects, confidence = [reader.focus], THEME_FROM_CONTEXT
    for subject in subjects:
        for theme in themes:
            reader.fact("ADDRESSES", subject, reader.theme(theme), view, confidence)
