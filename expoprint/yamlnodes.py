"""Read YAML as nodes, so every value keeps its line number and its text exactly as typed.

PyYAML's own types are a trap for content written by hand: `10:00` becomes the integer 600,
`Non` becomes False, `2024-02-30` raises deep inside the parser. Reading the node tree instead lets
each field decide how to interpret the text it was given, and say where it was: `mapping.Mapping`
reads a mapping's fields from the tree this module reads, bounded in size, depth and aliases.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from .errors import Report
from .i18n import _
from .yamltraps import explain, quote

NULL_TAG = "tag:yaml.org,2002:null"
MAX_YAML_BYTES = 16 * 1024 * 1024  # a content file is a few kilobytes; this is far beyond
MAX_DEPTH = 24  # the content's own structure is 4 levels deep
MAX_ALIASES = 100


def read_regular_file(path: Path, shown: str, report: Report, max_bytes: int) -> bytes | None:
    """The bytes of a regular file, or None with the reason reported.

    A folder, a pipe or a device named like a content file would make a reader fail, hang or
    exhaust memory: only a regular file of a sensible size is read. The check is made on the
    opened file, so a file swapped between a check and the read cannot slip through.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        report.error(shown, None, "", _("is a folder, not a file"),
                     _("give a file of that name, or rename the folder"))
        return None
    except OSError as exc:
        report.error(shown, None, "", _("cannot be read: {reason}").format(reason=exc.strerror))
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = _("is a folder, not a file") if stat.S_ISDIR(status.st_mode) else \
                _("is a pipe or a device, not a file")
            report.error(shown, None, "", kind,
                         _("put an ordinary file of that name in the content folder"))
            return None
        if status.st_size > max_bytes:
            report.error(shown, None, "",
                         _("is {size:.0f} MB, more than the {limit:.0f} MB a content file may "
                           "be").format(size=status.st_size / 1e6, limit=max_bytes / 1e6),
                         _("check it is the right file"))
            return None
        with os.fdopen(descriptor, "rb") as handle:
            descriptor = -1  # the file object closes it now
            data = handle.read(max_bytes + 1)
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > max_bytes:
        report.error(shown, None, "", _("is more than the {limit:.0f} MB a content file may "
                                        "be").format(limit=max_bytes / 1e6),
                     _("check it is the right file"))
        return None
    return data


def read_yaml(path: Path, shown: str, report: Report) -> yaml.Node | None:
    """Parse a file into a node tree; syntax errors are reported with their line.

    The structure is checked from PyYAML's event stream before any tree is built: a document
    nested thousands of levels deep, or aliases multiplying a node, is refused with its line
    instead of exhausting the stack or the memory.

    A short file that read is remembered with its text (the trees are only read, never
    changed): each part of a build reads its layout again, and `serve` reads every file again
    at each save, most of them unchanged.
    """
    data = read_regular_file(path, shown, report, MAX_YAML_BYTES)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(shown, None, "", _("is not UTF-8 text (byte {offset})").format(
            offset=exc.start), _("save the file as UTF-8"))
        return None
    if (known := READ.get(shown)) is not None and known[0] == text:
        READ[shown] = READ.pop(shown)  # the most recently read goes last
        return known[1]
    node = compose_fast(text)
    try:
        if node is None and not check_structure(text, shown, report):
            return None
        node = node or yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line, message, hint = explain(exc, text)
        report.error(shown, line, "", message, hint)
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses anywhere in the file
        report.error(shown, text.count("\n", 0, exc.position) + 1, "",
                     _("holds an invisible control character (U+{code})").format(
                         code=f"{exc.character:04X}" if isinstance(exc.character, int) else "?"),
                     _("retype the text of that line, or paste it as plain text"))
        return None
    except yaml.YAMLError:  # none other is raised in reading today; never a traceback if one is
        report.error(shown, None, "", _("is not valid YAML: YAML cannot read this line"),
                     _("check its indentation (spaces, like the lines around it), its colons and "
                       "its quotes"))
        return None
    if node is None:
        report.error(shown, None, "", _("is empty (or holds only comments)"),
                     _("start it with `schema: 1` and the keys the README lists"))
        return None
    READ.pop(shown, None)  # its previous text, if any
    if len(text) <= REMEMBERED_CHARACTERS:
        if len(READ) >= REMEMBERED_FILES:
            del READ[next(iter(READ))]  # the least recently read
        READ[shown] = (text, node)
    return node


READ: dict[str, tuple[str, yaml.Node]] = {}  # file → the text it last held that read, its tree
# The layouts and the content's YAML are a few kilobytes each; a tree takes 15 to 280 bytes a
# character, so the files remembered hold at most tens of megabytes.
REMEMBERED_FILES, REMEMBERED_CHARACTERS = 16, 16_000


FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml's, when PyYAML was built with it


def compose_fast(text: str) -> yaml.Node | None:
    """The node tree from libyaml's parser, ten times faster than PyYAML's own, or None: no
    libyaml, an empty file, or a file it refuses or the structure check does. The pure parser
    then reads the file again, so a fault is always told in its words and at its line.

    The two give the same trees (values, tags, lines, columns and character offsets: a test
    compares them on every YAML file of the repository), but for what the yaml traps read
    besides: a plain scalar's style ('' in libyaml, None in PyYAML) and the text a mark points
    into (none in libyaml's marks), both set here as PyYAML sets them."""
    if FAST_LOADER is None:
        return None
    try:
        if not check_structure(text, "", Report(), FAST_LOADER):
            return None
        node = yaml.compose(text, Loader=FAST_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    buffer = text + "\0"  # as PyYAML's reader holds it
    stack, seen = [node] if node is not None else [], set()
    while stack:  # each node once: an alias shares its node, and aliases of aliases multiply
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        start, end = current.start_mark, current.end_mark  # libyaml's own are read-only
        current.start_mark = yaml.Mark(start.name, start.index, start.line, start.column, buffer,
                                       start.index)
        current.end_mark = yaml.Mark(end.name, end.index, end.line, end.column, buffer, end.index)
        if isinstance(current, yaml.ScalarNode):
            current.style = current.style or None
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value
        elif isinstance(current, yaml.MappingNode):
            stack += [part for pair in current.value for part in pair]
    return node


def check_structure(text: str, shown: str, report: Report,
                    loader: type = yaml.SafeLoader) -> bool:
    depth = aliases = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                report.error(shown, event.start_mark.line + 1, "",
                             _("is nested more than {depth} levels deep").format(depth=MAX_DEPTH),
                             _("content files are a few levels of `key: value` and lists"))
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                report.error(shown, event.start_mark.line + 1, "",
                             _("uses more than {count} aliases (*name)").format(count=MAX_ALIASES),
                             _("write the values out instead of repeating them with aliases"))
                return False
    return True


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return _("a mapping (key: value)")
    if isinstance(node, yaml.SequenceNode):
        return _("a list")
    return f"'{quote(node.value)}'"


