"""The model: records, the ontology, names and text, dates, errors. Imports nothing of the project above it."""
