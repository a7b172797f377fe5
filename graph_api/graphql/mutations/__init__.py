"""The schema's mutations."""
