"""The command line's longer help texts (`--help`): what each command reads and writes, with examples.

The epilogs are laid out as printed (argparse's RawDescriptionHelpFormatter), within 100 columns.
"""

from __future__ import annotations

__all__ = [
    "API_KEY_EPILOG",
    "DRY_RUN_HELP",
    "EXPORT_EPILOG",
    "INGEST_EPILOG",
    "INGEST_METADATA",
    "LOAD_EPILOG",
    "SERVE_EPILOG",
    "THREEW_EPILOG",
]

DRY_RUN_HELP = (
    "read and check everything, then print what would be written (nodes by label, relationships by type, how many "
    "are new) and write nothing; problems are reported as without it"
)
INGEST_METADATA = {
    "title": "title",
    "publisher": "publisher (who issued it)",
    "published": "publication date, YYYY-MM-DD (or YYYY-MM, YYYY)",
    "url": "address on the web",
    "language": "language, as a code: es (only Spanish documents are read)",
}
SERVE_EPILOG = """\
GraphQL (GraphiQL in a browser) is at /graphql, the explorer at /explore, health at /healthz.
Settings come from MIGRAGRAPH_* environment variables (see the README); the flags override them.

examples:
  migragraph serve                                 the embedded store in your data directory
  migragraph serve --store bolt://localhost:7687   a Neo4j server (NEO4J_USER, NEO4J_PASSWORD)
"""
LOAD_EPILOG = """\
A data package is a YAML file of `nodes` (label, id, properties, sources) and `relationships`
(type, from, to, sources, properties), checked against schema/ontology.yaml and what the store
holds. Every problem is reported with its file and line, and nothing is written unless there
are none. Loading the same packages again changes nothing.

examples:
  migragraph load data/                        every package under data/
  migragraph load --dry-run new-actors.yaml    check a package and see what it would add
"""
INGEST_EPILOG = """\
Documents are plain text (.txt), Markdown (.md) or HTML (.html), in Spanish, in UTF-8 (or
cp1252 / Latin-1). YAML front matter between two `---` lines may give title, publisher,
published, url, language and country; the flags override it.

Actors the graph knows get a mention of the document; facts between them become relationships
quoting the sentence. Unknown actors, and facts read with low confidence, become candidates for
staff to review (GraphQL `candidates`), unless --accept-new. If any document fails, nothing is
written; ingesting a document again changes nothing.

examples:
  migragraph ingest --country PE nota-de-prensa.txt
  migragraph ingest --dry-run --accept-new notas/*.md    what a first ingest would add
"""
THREEW_EPILOG = """\
A 3W ("who does what where") sheet has a row of HXL hashtags within its first 25 rows (usually
under a row of headers) and one activity a row below it. The hashtags read (a field that several
columns hold takes the first filled one; those that are all filled must agree):

  #org, #org+name          the reporting organisation's name (required, or #org+id; not its
                           +acronym, +code, +id, +type, +funder, +donor or +impl columns)
  #org+acronym             tried when the name matches no actor
  #org+id                  an actor's id or IATI identifier, tried first
  #org+impl (+acronym)     the implementing partner: PARTNER_OF the reporting organisation
  #sector                  the migrant need (required): a term of the migrant_needs vocabulary
                           (schema/vocabularies/), by its id, its Spanish or English label, or
                           an R4V sector's name or code
  #subsector               a sub-need of the row's sector
  #adm1                    the first-level region: a name, or its ISO 3166-2 code or OCHA p-code
                           (PE-TUM or PE24)
  #adm2                    the province: a name or its OCHA p-code (PE2403); in the row's #adm1
  #country                 the place when no region is given: a name, or an ISO 3166-1 code
  #activity                what is done (free text)
  #date+start, #date+end   the period; or #date for a single date (#date+reported is not read)
  #population, #reached,   numbers of people (plain, +total or +ind; 1.250 and 1,250 read as
  #targeted                1250): reached and targeted are kept on the coverage fact
  #beneficiary, #status    free text, kept on the coverage fact
Columns with other hashtags are named in a warning.

Dates are written YYYY-MM-DD (or YYYY-MM, MM/YYYY, YYYY), or DD/MM/YYYY or MM/DD/YYYY (also with
dots or dashes). Which of the two is decided per sheet from the dates that tell (14/05/2024 is
day-first); a sheet whose dates do not tell is refused at its first ambiguous date unless
--date-order (or MIGRAGRAPH_3W_DATE_ORDER) says. XLSX cells must hold values, not formulas.
Abbreviated names ("Min. de Salud", "Gob. Reg. de Tumbes") are spelt out before matching.

Organisations that match no actor become candidates for review (GraphQL `candidates`), with
the closest known names; their rows count once an import after the review resolves them, and a
rejected one is not proposed again. A sheet with any bad row writes
nothing, every problem reported as <file>:row <n>: column <tag> (<header>): <message>.
Importing the same sheet again changes nothing.

examples:
  migragraph import-3w samples/3w/peru-3w-2024.xlsx
  migragraph import-3w samples/3w/peru-5w-2024.csv     a 5W sheet: p-codes, partners, day-first
  migragraph import-3w --date-order month-first us-sheet.csv
  migragraph import-3w --dry-run 3w-lima.csv    its problems, or what it would write
"""
API_KEY_EPILOG = """\
The key is printed once and not stored: the configuration holds its SHA-256, in an entry for
MIGRAGRAPH_API_KEYS (comma-separated) or the file MIGRAGRAPH_API_KEYS_FILE names. Clients send
`Authorization: Bearer <key>`.

example:
  migragraph api-key elena editor
"""
EXPORT_EPILOG = """\
Candidates (actors and facts awaiting review) are left out unless --include-candidates.

examples:
  migragraph export -o graph.json
  migragraph export --format graphml -o graph.graphml                open it in Gephi
  migragraph export --format csv -o tables/                          nodes.csv and edges.csv
  migragraph export --format coverage-hxl --body pe-mesa-migraciones   the Mesa's members' coverage
"""
