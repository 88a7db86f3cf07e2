"""Text read from files reaches the terminal with its control characters shown (`\\x1b`), never
sent: a PDF's font name in `check`'s report, a warning kept in the build cache, any message."""

from __future__ import annotations

import json

import pikepdf
from click.testing import CliRunner
from conftest import FIXTURES, copy_content
from hostile import helvetica, one_page, save

from expoprint.cli import main, print_problems
from expoprint.errors import Problem
from expoprint.terminal import printable

TITLE = "\x1b]0;owned\x07"  # sets the terminal window's title
RED = "\x1b[31m"
CSI = "\x9b2J"  # the one-byte form of ESC [: clears the screen on some terminals


def test_control_characters_are_shown_escaped():
    assert printable(f"a{TITLE}b{RED}c{CSI}\r\u202ed\n\te") == \
        "a\\x1b]0;owned\\x07b\\x1b[31mc\\x9b2J\\r\\u202ed\n\te"
    assert printable("Musée — « Libération »") == "Musée — « Libération »"


def test_a_font_name_in_checks_report_is_shown_escaped(tmp_path):
    """The name's bytes are raw in the file (a PDF name may hold any byte but delimiters):
    ESC c resets the terminal, BEL rings, 0x9b starts a sequence."""
    pdf = one_page(b"BT /F1 12 Tf 10 10 Td (x) Tj ET")
    font = helvetica(pdf)
    font.BaseFont = pikepdf.Name("/EvilQQQQQQ")
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    (tmp_path / "evil.pdf").write_bytes(save(pdf).replace(b"QQQQQQ", b"\x1bc\x07\xc2\x9bX"))
    result = CliRunner().invoke(main, ["check", str(tmp_path / "evil.pdf")], color=True)
    assert "font Evil\\x1bc\\x07\\x9bX: NOT embedded" in result.output
    assert "\x1bc" not in result.output and not {"\x07", "\x9b"} & set(result.output)
    as_json = CliRunner().invoke(main, ["check", "--json", str(tmp_path / "evil.pdf")])
    assert not {"\x1b", "\x07", "\x9b"} & set(as_json.output)
    [font] = json.loads(as_json.output)["files"][0]["fonts"]
    assert font["name"] == "Evil\x1bc\x07\x9bX"  # the same text to a JSON reader


def test_a_cached_message_is_shown_escaped(capsys):
    print_problems([Problem("content/artefacts.csv", 3, "title", f"kept{TITLE}{CSI}", RED)])
    error = capsys.readouterr().err
    assert "\x1b" not in error and "\x9b" not in error and "\x07" not in error
    assert "kept\\x1b]0;owned\\x07\\x9b2J (\\x1b[31m)" in error


def test_the_content_echoed_by_a_build_is_shown_escaped(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    text = (content / "exhibition.yaml").read_text(encoding="utf-8")
    (content / "exhibition.yaml").write_text(text + '\n"\\e[31mkey": x\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out",
                                       str(tmp_path / "out"), "--only", "poster"], color=True)
    assert result.exit_code == 1
    assert "\\x1b[31mkey" in result.output and "\x1b[31mkey" not in result.output
