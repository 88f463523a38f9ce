"""Generator scripts for the bundled sample documents (run once by maintainers, output committed)."""
