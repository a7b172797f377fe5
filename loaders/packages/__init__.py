"""Curated data packages (YAML) and the reference gazetteer, checked against the ontology."""
