"""Sample documents (ar)."""

DOCS = []
