"""The GraphQL object types over graph nodes and their relationships, one module per concern.

`TYPE_BY_LABEL` maps each label of the ontology to its type once every module here is imported, as this
package does.
"""

from graph_api.graphql.types.actors import (
    Actor,
    CoMember,
    CoordinationBody,
    Institution,
    LocalizedText,
    Meeting,
    Program,
    co_members,
)
from graph_api.graphql.types.audit import AuditEntryType
from graph_api.graphql.types.candidates import Candidate
from graph_api.graphql.types.entity import TYPE_BY_LABEL, Document, Entity, Link, RelayNode, wrap
from graph_api.graphql.types.topics import MigrantNeed, Place, PolicyTheme, Population

__all__ = [
    "TYPE_BY_LABEL",
    "Actor",
    "AuditEntryType",
    "Candidate",
    "CoMember",
    "CoordinationBody",
    "Document",
    "Entity",
    "Institution",
    "Link",
    "LocalizedText",
    "Meeting",
    "MigrantNeed",
    "Place",
    "PolicyTheme",
    "Population",
    "Program",
    "RelayNode",
    "co_members",
    "wrap",
]
