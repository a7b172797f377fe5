"""Loaders that turn source material into graph records: read → extract → resolve → write."""
