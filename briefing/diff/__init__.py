"""Editions: what changed since the last brief, for a person (text) and for scripts (JSON)."""
