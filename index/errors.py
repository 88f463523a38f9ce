"""Errors written for the user: the CLI prints them as one line, the web as a page or JSON."""


class SherlocError(Exception):
    """Base of every error a user may see; its message is the whole explanation."""


class NotFound(SherlocError):
    """An id that names nothing in the store."""


class BadRequest(SherlocError):
    """Parameters a user gave that cannot be understood."""
