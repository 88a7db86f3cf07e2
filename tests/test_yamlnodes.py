"""Content YAML is read by libyaml when PyYAML has it (yamlnodes.compose): its nodes must be the
ones PyYAML's own parser makes, since the messages and the traps read them."""

from pathlib import Path

import pytest
import yaml

from expoprint.errors import Report
from expoprint.yamlnodes import FAST_LOADER, compose

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("content/*.yaml"), *ROOT.glob("tests/fixtures/*/*.yaml"),
                *ROOT.glob("layouts/*.yaml")])
TRICKY = ("title: Un titre # avec un commentaire\n"
          "about:\n  - A cette occasion : une délégation\n  - 'cité'\n  - >-\n    plié\n"
          "dates: [2024-09-21, 2024-09-22]\nhours: 10:00\nfree: Non\nsame: &a {x: 1}\nagain: *a\n")


def shape(node: yaml.Node, seen=None) -> tuple:
    seen = set() if seen is None else seen
    marks = tuple((m.index, m.line, m.column, m.buffer[m.index:m.index + 20])
                  for m in (node.start_mark, node.end_mark))
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if id(node) in seen:
        return ("again", marks)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return ("mapping", node.tag, node.flow_style, marks,
                tuple((shape(k, seen), shape(v, seen)) for k, v in node.value))
    return ("sequence", node.tag, node.flow_style, marks, tuple(shape(i, seen) for i in node.value))


@pytest.mark.skipif(FAST_LOADER is None, reason="PyYAML without libyaml reads with its own parser")
@pytest.mark.parametrize("text", [TRICKY, *(path.read_text(encoding="utf-8") for path in FILES)],
                         ids=["tricky", *(path.name for path in FILES)])
def test_libyaml_makes_the_nodes_pyyaml_makes(text):
    fast = compose(text, "file.yaml", Report())
    plain = compose(text, "file.yaml", Report(), yaml.SafeLoader)
    assert shape(fast) == shape(plain)


def test_a_file_libyaml_refuses_gets_pyyaml_s_own_words():
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        compose("title: La Libération\nabout: Le 8 septembre : la ville\n", "file.yaml", Report())
    assert caught.value.problem == "mapping values are not allowed here"
