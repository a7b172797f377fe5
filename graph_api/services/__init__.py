"""What the API does with a store: filtering, coverage, analytics, exports, audit retries, keys and roles."""
