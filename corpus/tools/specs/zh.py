"""Sample documents (zh)."""

DOCS = []
