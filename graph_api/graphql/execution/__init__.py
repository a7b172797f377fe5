"""Faster execution paths that answer exactly as graphql-core's executor does."""
