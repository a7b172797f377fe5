"""migragraph: a knowledge graph of the actors of migration policy, served through GraphQL."""

__version__ = "0.1.0"
