"""Stores: the protocol both stores keep, the embedded store, the Neo4j store, and opening one from a setting."""
