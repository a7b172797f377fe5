"""Facts about migration-policy actors, extracted from Spanish press releases.

`extract(doc, gazetteer)` turns a `SourceDocument` into an `Extraction`: the
actors the text names and the relationships it states between them, in the
labels and relationship types of schema/ontology.yaml, each with its evidence
(the sentence and its character offsets into `doc.text`). It is a pure stage:
no store, no network, no model; plain Spanish patterns over a gazetteer.

How it reads a document (one module per stage):

1. `country`: the country it is about — its front matter's, else its
   dateline, publisher and the places and demonyms it names, else the
   country of the actors it names that only one country has; none when
   unclear.
2. `sentences`: the text cut into sentences; a dash list stays with the line
   that announces it. The title is read for names only.
3. `reader` (with `gazetteer`, `names`, `plurals`, `figures`): each sentence's
   mentions, left to right — enumerations under a plural head ("las
   direcciones regionales de Salud, Trabajo y Educación": one actor per item,
   named in full), population figures, known actors (`Gazetteer`: the
   graph's and the reference gazetteer's names, aliases and acronyms,
   accent- and case-insensitive, a name several countries share resolved by
   the document's or the mention's country and never another's), the
   document's own acronyms ("(OIM)"), and new actors by the shape of their
   names ("Superintendencia Nacional de …"), which become candidates. Short
   references ("la Mesa", "el programa") resolve to the actor named in full
   elsewhere. This runs twice, so that an acronym defined late is known early
   too.
4. `view`, `patterns`, `relations`, `dates`, `themes`: each mention becomes a
   placeholder, and frames over the masked sentence read the relationships —
   a trigger and the side its arguments are on ("integrada por ⟦0⟧, ⟦1⟧ (⟦2⟧)
   y ⟦3⟧", "⟦0⟧ y ⟦1⟧ se incorporaron a la ⟦2⟧"). A sentence without the body
   it talks about refers to the body under discussion, at a lower confidence.

The Spanish words of every stage are data: schema/lexicon/es/*.yaml (`lexicon`).

`Extraction.actors` holds every node a fact points at: institutions,
programmes and coordination bodies, the meetings and populations the text
gives (with their dates and sizes), and the policy themes (by their ids in
schema/vocabularies/policy_themes.yaml). A node the gazetteer does not know is
a candidate, never a silently confirmed actor; one it knows from the reference
gazetteer only is `reference`, with the properties to write it with. A fact stated several times (a
paragraph repeated verbatim) is one fact with several evidence spans. Facts
below `CANDIDATE_THRESHOLD`, and facts touching a candidate, are candidates.

A day given without a year ("el 11 de agosto") takes the year of the
document's publication date (front matter, else its dateline "Lima, 4 de
marzo de 2015") and is marked `year_inferred`; with neither, it stays
"--08-11" with `year_known: False`.

Only Spanish documents are handled: `extract` raises DocumentError for a
document declared in another language or that looks English, and for one that
names no institution, programme or coordination body.
"""

from loaders.press.gazetteer import Gazetteer, KnownActor
from loaders.press.records import CANDIDATE_THRESHOLD, Evidence, ExtractedActor, ExtractedFact, Extraction
from loaders.press.stage import extract

__all__ = [
    "CANDIDATE_THRESHOLD",
    "Evidence",
    "ExtractedActor",
    "ExtractedFact",
    "Extraction",
    "Gazetteer",
    "KnownActor",
    "extract",
]
