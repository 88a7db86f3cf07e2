"""What a hostile-input campaign broke in the content: each case ends in exit 1 (2 for the
command line) with a short message naming the file and the field, never a traceback, a hang or
exhausted memory, and the output folder as it was."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, copy_content, edit, refused

from expoprint.cli import main


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


@pytest.fixture
def content(tmp_path):
    return copy_content(tmp_path, FIXTURES / "minimal")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_an_empty_file(content, out, text):
    (content / "exhibition.yaml").write_text(text)
    refused(run("build", "--content", str(content), "--out", str(out)), out,
            "exhibition.yaml: is empty")


def test_nesting_ten_thousand_levels_deep(content, out):
    (content / "exhibition.yaml").write_text("schema: 1\ntitle: " + "[" * 10_000 + "]" * 10_000)
    refused(run("build", "--content", str(content), "--out", str(out)), out,
            "exhibition.yaml:2: is nested more than 24 levels deep")


@pytest.mark.parametrize(("value", "message"), [
    ("9" * 5000, "figures[1].value: 99999999999999999999… is too large a number to print"),
    ("²", "figures[1].value: should be a whole number, found '²'"),
])
def test_numbers_that_are_not_numbers(content, out, value, message):
    with (content / "timeline.yaml").open("a", encoding="utf-8") as timeline:
        timeline.write(f"figures:\n  - {{value: \"{value}\", label: morts}}\n")
    result = run("build", "--content", str(content), "--out", str(out))
    refused(result, out, message)
    assert len(result.output) < 1000


def test_an_alias_bomb_used_as_a_key_is_cheap_to_refuse(content, out, tmp_path):
    bomb = ["schema: 1", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, "
                    f"*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]")
    bomb.append("? *h\n: boom")
    (content / "exhibition.yaml").write_text("\n".join(bomb) + "\n")
    # In a child with 1 GB of address space: the old reader needed 2.9 GB and died.
    script = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
              "from expoprint.cli import main; sys.argv = ['expoprint'] + sys.argv[1:]; main()")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script, "build", "--content", str(content),
                             "--out", str(out)], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 600
    assert "exhibition.yaml" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]


def test_a_folder_named_like_a_content_file(content, out):
    (content / "artefacts.csv").mkdir()
    (content / "artefacts.yaml").unlink(missing_ok=True)
    refused(run("build", "--content", str(content), "--out", str(out)), out,
            "artefacts.csv: is a folder, not a file")


def test_a_pipe_named_like_a_content_file_does_not_hang(content, out):
    (content / "timeline.yaml").unlink()
    os.mkfifo(content / "timeline.yaml")
    started = time.monotonic()
    refused(run("build", "--content", str(content), "--out", str(out)), out,
            "timeline.yaml: is a pipe or a device, not a file")
    assert time.monotonic() - started < 10


def test_a_device_named_like_a_content_file(content, out):
    (content / "timeline.yaml").unlink()
    try:
        os.mknod(content / "timeline.yaml", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero
    except PermissionError:
        pytest.skip("creating a device needs root")
    refused(run("build", "--content", str(content), "--out", str(out)), out,
            "timeline.yaml: is a pipe or a device, not a file")


def test_a_file_that_is_not_content_is_never_echoed(content, out):
    secret = "\n".join(f"user{n}:x:{1000 + n}:{1000 + n}::/home/user{n}:/bin/bash" for n in range(40))
    (content / "timeline.yaml").write_text(secret + "\n")
    result = run("build", "--content", str(content), "--out", str(out))
    refused(result, out, "timeline.yaml")
    # At most 60 characters of the file are quoted, never its lines.
    assert not any(secret[i:i + 61] in result.output for i in range(len(secret) - 61))
    assert len(result.output) < 1000


@pytest.mark.parametrize("offset", [("nan", "0"), ("inf", "0"), ("0", "-inf"), ("1e400", "0")])
def test_offsets_that_are_not_millimetres_are_a_command_line_error(content, out, offset):
    result = run("build", "--content", str(content), "--out", str(out), "--only", "labels",
                 "--offset", *offset)
    assert result.exit_code == 2 and "give millimetres between" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("epoch", ["99999999999999", "²", "-5", "1e9"])
def test_source_date_epoch_out_of_range(content, out, epoch):
    result = run("build", "--content", str(content), "--out", str(out), "--only", "poster",
                 env={"SOURCE_DATE_EPOCH": epoch})
    refused(result, out, "SOURCE_DATE_EPOCH", "is not a moment between 1970 and 9999")


def test_a_huge_timeline_fails_fast_naming_its_longest_events(content, out):
    days = [f"19{40 + n // 300:02d}-{(n // 28) % 12 + 1:02d}-{n % 28 + 1:02d}" for n in range(100)]
    events = "".join(f"  - {{date: {day}, text: {'mot ' * 250}}}\n" for day in sorted(days))
    (content / "timeline.yaml").write_text(f"schema: 1\nheading: Trop\nevents:\n{events}")
    started = time.monotonic()
    refused(run("build", "--content", str(content), "--out", str(out)), out,
            "timeline.yaml:3: events: lists 100 events; the leaflet's timeline holds 40")
    assert time.monotonic() - started < 5
    events = "".join(f"  - {{date: {day}, text: {'mot ' * 250}}}\n" for day in sorted(days)[:30])
    (content / "timeline.yaml").write_text(f"schema: 1\nheading: Trop\nevents:\n{events}")
    started = time.monotonic()  # the leaflet alone: the other products have nothing to refuse
    refused(run("build", "--content", str(content), "--out", str(out), "--only", "leaflet"), out,
            "events: the events hold 29,970 characters", "shorten the longest: events[")
    assert time.monotonic() - started < 5


# --- text too wide for its box is never cut: it steps down to fit, or is an error ------------

def test_a_word_too_wide_for_a_figure_names_the_figure(tmp_path, out):
    content = copy_content(tmp_path)
    edit(content / "timeline.yaml", "{value: 28,", "{value: 1000000000,")
    refused(run("build", "--content", str(content), "--out", str(out), "--only", "leaflet"), out,
            "timeline.yaml:60: figures[1]: '1\u202f000\u202f000\u202f000 FFI' runs",
            "past the side of its box")


def test_a_word_too_wide_for_the_highlight_names_the_highlight(tmp_path, out):
    content = copy_content(tmp_path)
    edit(content / "exhibition.yaml", "  Des objets uniques", "  " + "M" * 90 + " Des objets uniques")
    refused(run("build", "--content", str(content), "--out", str(out), "--only", "poster"), out,
            "exhibition.yaml:24: highlight: 'MMMMMMMM", "past the side of its box")


def test_a_long_title_steps_down_inside_its_margins(tmp_path):
    import pikepdf
    from pdfread import box_mm, char_boxes

    content = copy_content(tmp_path)
    edit(content / "exhibition.yaml", "title: La Libération de Besançon",
         "title: Anticonstitutionnellement Besançon")
    result = run("build", "--content", str(content), "--out", str(tmp_path / "o"), "--only",
                 "poster")
    assert result.exit_code == 0, result.output
    poster = tmp_path / "o/poster/affiche-A3-297x420mm.pdf"
    with pikepdf.open(poster) as pdf:
        tx0, _, tx1, _ = box_mm(pdf.pages[0].obj.TrimBox)
    text = "".join(char for char, _ in char_boxes(poster))
    assert "Anticonstitutionnellement" in text
    for char, (left, _, right, _) in char_boxes(poster):
        assert tx0 + 5 <= left and right <= tx1 - 5, char
