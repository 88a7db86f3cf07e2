"""Readers shared by the content files: prose with its English, the schema line, limits."""

from __future__ import annotations

from ..i18n import _
from ..yamlnodes import Mapping
from .model import Prose

SCHEMA = 1
MAX_TITLE = 200
MAX_PARAGRAPH = 1500


def prose(m: Mapping, key: str, required: bool = False, example: str = "…",
          max_len: int = MAX_TITLE) -> Prose | None:
    fr = m.text(key, required=required, example=example, max_len=max_len, prose=True)
    en = m.text(f"{key}_en", max_len=max_len, prose=True)
    if fr is None:
        if en is not None and not required and not m.present(key):  # else reported already
            m.error(f"{key}_en", _("has an English text but {name} (French) is missing").format(
                name=m.name_of(key)), m.fill_hint(key, "…"))
        return None
    return Prose(fr, en)


def prose_keys(*keys: str) -> list[str]:
    return [k for key in keys for k in (key, f"{key}_en")]


def check_schema(m: Mapping) -> None:
    if not m.present("schema"):
        m.missing("schema", str(SCHEMA))
    elif m.integer("schema") not in (SCHEMA, None):
        m.error("schema", _("this version of expoprint reads schema {schema}").format(
            schema=SCHEMA), _("write `schema: {schema}`").format(schema=SCHEMA))



def folder_url(url: str | None) -> str | None:
    """`qr_base_url` names the folder the web site is uploaded to, and an artefact's id is
    appended to it: `…/objets` means `…/objets/`, else every code would open `…/objetsliberation`.
    An address with a query or a fragment (`…?id=`) is someone else's scheme and kept as it is."""
    if url is None or url.endswith("/") or "?" in url or "#" in url:
        return url
    return url + "/"
