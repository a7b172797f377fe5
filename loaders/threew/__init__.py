"""'Who does what where' (3W) sheets: reading, checking and importing them."""
