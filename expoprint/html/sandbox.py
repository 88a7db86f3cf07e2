"""The renderer's only way out: `file:` URLs inside the project's own folders, nothing else.

A layout or a content text that points at `/etc/passwd`, `../`, a symlink out of the folder or
the network is refused, and remembered, so the build fails naming what was tried. Pictures the
build converted itself are `served` from memory under the exact addresses it gave them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..i18n import _


class SandboxFetcher(URLFetcher):
    """Serves `file:` URLs inside the allowed folders; refuses everything else."""

    def __init__(self, roots: list[Path], served: dict[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols={"file"})
        self.roots = [root.resolve() for root in roots]
        self.served = served or {}  # address → (bytes, media type)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url in self.served:
            data, media_type = self.served[url]
            return URLFetcherResponse(url, data, headers={"Content-Type": media_type})
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                return URLFetcherResponse(url, path.read_bytes())
        self.refused.append(url)
        raise ValueError(_("expoprint renders offline from its own folders; refused {address}").format(
            address=url))
