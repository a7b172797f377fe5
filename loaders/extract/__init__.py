"""Facts about migration-policy actors, extracted from Spanish press releases.

`extract(doc, gazetteer)` turns a `SourceDocument` into an `Extraction`: the
actors the text names and the relationships it states between them, in the
labels and relationship types of schema/ontology.yaml, each with its evidence
(the sentence and its character offsets into `doc.text`). It is a pure stage:
no store, no network, no model; plain Spanish patterns over a gazetteer.

How it reads a document:

1. The text is cut into sentences.
2. Each sentence's mentions are found, left to right: enumerations of short
   ministry names ("los Ministerios de Salud, Educación y del Interior"),
   population figures ("casi tres millones de peruanos…"), known actors
   (`Gazetteer`: names, aliases, acronyms; accent- and case-insensitive),
   the document's own acronyms ("(OIM)"), and unknown institutions by the
   shape of their names ("Superintendencia Nacional de …"), which become
   candidates. Short references ("la Mesa", "el programa") resolve to the
   actor named in full elsewhere in the document. This runs twice, so that an
   acronym defined late ("… (RENIEC)") is known in the title too.
3. Each mention is replaced by a placeholder and regular expressions over the
   masked sentence find the relationships ("integrada por ⟦0⟧, ⟦1⟧ (⟦2⟧) y ⟦3⟧").
   A sentence without the body it talks about refers to the body under
   discussion (the last one named), at a lower confidence.

`Extraction.actors` holds every node a fact points at: institutions,
programmes and coordination bodies, the meetings and populations the text
gives (with their dates and sizes), and the policy themes (by their ids in
schema/vocabularies/policy_themes.yaml). A node the gazetteer does not know is
a candidate, never a silently confirmed actor. A fact stated several times (a
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

from .gazetteer import Gazetteer, KnownActor
from .records import CANDIDATE_THRESHOLD, Evidence, ExtractedActor, ExtractedFact, Extraction
from .stage import extract

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
