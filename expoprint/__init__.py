"""expoprint: press-ready exhibition printed matter from structured content."""

__version__ = "0.1.0"
