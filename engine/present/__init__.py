"""Presenters: the same decision as JSON or as a readable summary."""
