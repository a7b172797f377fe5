"""Benchmarks and scale measurements; run from the repository root with `python -m bench.<name>`."""
