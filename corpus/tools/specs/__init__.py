"""Sample document specs, one module per language. Every text here is invented sample wording."""
