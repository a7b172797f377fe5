"""Schema extensions: limits, cost, error codes, persisted queries."""
