"""The schema's query fields."""
