"""Why a picture cannot be used: the one exception every picture reader raises.

Kept apart from the readers so that the dispatcher (`source`) and the readers of SVG and PDF logos
it calls import it from below, and none of them imports another.
"""

from __future__ import annotations


class Refused(Exception):
    """A picture the build cannot use; the message completes '<file> …' (a predicate, as every
    problem's message completes its field: "'logo.png' is encrypted")."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint
