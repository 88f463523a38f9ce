"""The faces of sherloc-search: the Flask UI, the JSON API and the `sherloc` command."""
