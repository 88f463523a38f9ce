"""Sample documents (ru)."""

DOCS = []
