"""libyaml reads the content, PyYAML's own parser tells its faults: the trees must be the same.

`yamlnodes.compose_fast` takes libyaml's tree when it can. Everything the readers and the YAML
traps look at — tags, values, styles, the line, column and character offset of each node and the
text its marks point into — must be what PyYAML's parser gives, on every YAML file of the
repository and on the traps a hand-written file falls into.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from expoprint.yamlnodes import FAST_LOADER, compose_fast

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(path for pattern in ("expoprint/**/*.yaml", "tests/fixtures/**/*.yaml",
                                    "content/**/*.yaml")
               for path in ROOT.glob(pattern))
TRAPS = {
    "comma in a flow mapping": "admission:\n  - {label: Plein tarif, price: 6,00 €}\n",
    "comment cutting a text": "title: Le siège #2 de la ville\nvenue: Hôtel\n",
    "colon in a sentence": "description:\n  Attention: fragile\n",
    "block scalars": "a: |\n  deux\n  lignes\nb: >-\n  plié\n  ici\n",
    "quotes": "a: 'l''aube'\nb: \"« guillemets »\"\n",
    "anchors and aliases": "x: &x {a: 1}\ny: *x\nz: [*x, *x]\n",
    "hours and booleans": "opening: 10:00\nfree: Non\nday: 2024-02-30\n",
    "astral characters": "title: 𝔅esançon 🎖️\n",
}


def tree(node: yaml.Node) -> list:
    marks = (node.start_mark, node.end_mark)
    facts = [type(node).__name__, node.tag, getattr(node, "style", None),
             getattr(node, "flow_style", None),
             [(m.line, m.column, m.index, m.pointer, m.buffer) for m in marks]]
    if isinstance(node, yaml.ScalarNode):
        return [*facts, node.value]
    if isinstance(node, yaml.SequenceNode):
        return [*facts, [tree(item) for item in node.value]]
    return [*facts, [(tree(key), tree(value)) for key, value in node.value]]


@pytest.mark.skipif(FAST_LOADER is None, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", [path.read_text(encoding="utf-8") for path in FILES]
                         + list(TRAPS.values()),
                         ids=[str(path.relative_to(ROOT)) for path in FILES] + list(TRAPS))
def test_libyaml_gives_pyyaml_s_tree(text: str) -> None:
    fast = compose_fast(text)
    assert fast is not None, "libyaml refused a file PyYAML reads"
    assert tree(fast) == tree(yaml.compose(text, Loader=yaml.SafeLoader))


def test_the_repository_s_files_are_all_compared() -> None:
    assert len(FILES) > 30


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a:\n\tb: 1\n", "a: Attention: fragile\n", "- [" * 30 + "\n",
                                  "", "# only a comment\n"])
def test_what_libyaml_refuses_goes_to_pyyaml(text: str) -> None:
    """A broken file, one nested past the structure check's limit, an empty one: no tree, so
    that PyYAML's parser reads it again and its words and line are the ones told."""
    assert compose_fast(text) is None
