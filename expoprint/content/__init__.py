"""The content of an exhibition: the model every product reads, and the readers that build it.

`model` holds the types; `exhibition`, `timeline` and `artefacts` read one file each (with
`fields`, what they share); `folder` reads a whole content folder, all problems at once.
"""

from .folder import load_content
from .model import (
    PLACEHOLDER_RE,
    Artefact,
    Content,
    EasyRead,
    Event,
    Exhibition,
    Figure,
    Prose,
    Timeline,
    Venue,
    walk_text,
)

__all__ = ["PLACEHOLDER_RE", "Artefact", "Content", "EasyRead", "Event", "Exhibition", "Figure",
           "Prose", "Timeline", "Venue", "load_content", "walk_text"]
