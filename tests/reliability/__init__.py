"""Regression tests that run the attacks and failures of reliability and security issues."""
