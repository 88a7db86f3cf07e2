"""The hostile-input campaign: `check` survives any file, in bounded time and memory, and one bad
file never hides the report of the others.

Files that are merely malformed are checked in process (fast). Files built to exhaust memory or
time are checked by the real command in a child process held to 1 GB of address space and 30 s,
between two good files that must still be reported."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time

import hostile
import pikepdf
import pytest
from conftest import ROOT
from hostile import BAD_OPERATORS
from hypothesis import given, settings
from hypothesis import strategies as st

from expoprint.preflight import FileReport, Limits, check_files, check_pdf, find_targets
from expoprint.preflight.sandbox import run_child

GIB = 2**30


def codes(report) -> dict[str, str]:
    return {p.code: p.severity for p in report.problems}


def damage(report) -> list[str]:
    return [p.message for p in report.problems if p.code == "damaged"]


@pytest.mark.parametrize("case", list(BAD_OPERATORS))
def test_operators_with_wrong_operands(case):
    content, expected = BAD_OPERATORS[case]
    report = check_pdf(hostile.bad_operator(content), "ops.pdf")
    assert any(message.startswith(expected) for message in damage(report)), damage(report)
    assert all(p.page == 1 for p in report.problems if p.code == "damaged")


@pytest.mark.parametrize(("make", "expected"), [
    (hostile.trimbox_of_three_numbers, "TrimBox has 3 numbers, expected 4"),
    (lambda: hostile.output_intents(pikepdf.Dictionary(S=pikepdf.Name.GTS_PDFX)),
     "/OutputIntents is a dictionary, expected an array of output intents"),
    (lambda: hostile.output_intents(7), "/OutputIntents is an integer, expected an array"),
    (lambda: hostile.image_with_width(pikepdf.Name("/Foo")),
     "image /Im0: /Width is /Foo, expected a number of pixels"),
    (lambda: hostile.icc_with_n(pikepdf.Name("/Foo")), "an ICC colour space whose /N is /Foo"),
    (hostile.self_drawing_form, "form /Fm0 draws itself"),
], ids=["TrimBox of 3", "OutputIntents dict", "OutputIntents int", "Width /Foo", "ICC N /Foo",
        "form draws itself"])
def test_malformed_objects_are_named(make, expected):
    report = check_pdf(make(), "bad.pdf")
    assert any(message.startswith(expected) for message in damage(report)), report.problems
    assert not report.ok


def test_an_open_action_that_is_a_destination_is_legal():
    report = check_pdf(hostile.open_action_destination(), "opens-fitted.pdf")
    assert not {"javascript", "damaged", "pdfx-invalid"} & set(codes(report))


@pytest.mark.parametrize("place", ["page AA", "catalog AA", "link A", "widget AA",
                                   "OpenAction Next"])
def test_javascript_wherever_it_hides(place):
    report = check_pdf(hostile.javascript(place), "script.pdf")
    assert codes(report).get("javascript") == "error"


def test_an_action_chain_that_loops_ends():
    report = check_pdf(hostile.javascript("Next cycle"), "loop.pdf")
    assert "javascript" not in codes(report) and report.pages == 1


def test_messages_are_for_people():
    """No Python object repr, no second line, even from a library's own error."""
    truncated = b"%PDF-1.4 and nothing else"
    for data in (truncated, hostile.self_drawing_form(), hostile.bad_operator(b"m"),
                 hostile.icc_with_n(pikepdf.Name("/Foo"))):
        report = check_pdf(data, "cut.pdf")
        for problem in report.problems:
            assert "object at 0x" not in problem.message and "\n" not in problem.message
            assert "pikepdf." not in problem.message
    assert damage(check_pdf(truncated, "cut.pdf")) == [
        "the file is damaged and cannot be opened: unable to find trailer dictionary while "
        "recovering damaged file"]


# --- limits: sandbox, renderer, each file on its own -------------------------------------------

def test_a_child_is_held_to_its_limits():
    def boom(send):
        os.abort()

    def hog(send):
        send(("step", 1))
        memory = bytearray(3 * GIB)
        send(("step", len(memory)))

    def sleeper(send):
        time.sleep(30)

    received = []
    assert run_child(boom, received.append, memory=GIB, seconds=10).signal == signal.SIGABRT
    outcome = run_child(hog, received.append, memory=GIB, seconds=10)
    assert received == [("step", 1), ("error", "out of memory")] and not outcome.finished
    started = time.monotonic()
    assert run_child(sleeper, received.append, memory=GIB, seconds=0.5).timed_out
    assert time.monotonic() - started < 5


def test_a_check_made_meanwhile_can_refuse_the_child_s_work():
    """`meanwhile` runs in the parent while the child works; when it says no, the child is
    killed unheard, and the child's time counts from the check's end, not from the fork."""
    def slow_reader(send):
        time.sleep(0.4)
        send(("rows", 1))

    received: list[tuple] = []
    started = time.monotonic()
    outcome = run_child(slow_reader, received.append, memory=GIB, seconds=10,
                        meanwhile=lambda: False)
    assert outcome.refused and not outcome.finished and received == []
    assert time.monotonic() - started < 0.4  # killed, not waited for
    outcome = run_child(slow_reader, received.append, memory=GIB, seconds=0.3,
                        meanwhile=lambda: time.sleep(0.3) or True)
    assert outcome.finished and not outcome.refused and received == [("rows", 1)]


def three_page_pdf() -> bytes:
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page(page_size=(200, 200))
    for page in pdf.pages:
        page.obj.Contents = pdf.make_stream(b"0 0 0 1 k 10 10 50 50 re f")
    return hostile.save(pdf)


def test_a_renderer_crash_costs_one_page(monkeypatch):
    """pdfium dying on page 2 (as it does on some hostile files): pages 1 and 3 are still
    rendered, and page 2 says what happened."""
    from expoprint.preflight import render

    original = render.render_page

    def crash_on_page_2(document, job, limits):
        if job.index == 1:
            os.kill(os.getpid(), signal.SIGABRT)
        return original(document, job, limits)

    monkeypatch.setattr(render, "render_page", crash_on_page_2)
    report = check_pdf(three_page_pdf(), "three.pdf", "office")
    [limited] = [p for p in report.problems if p.code == "check-limited"]
    assert limited.page == 2 and "renderer stopped on it (signal SIGABRT)" in limited.message
    assert [f["page"] for f in report.facts] == [1, 2, 3]


def test_a_file_that_kills_its_check_leaves_the_others(monkeypatch, tmp_path):
    from expoprint.preflight import check

    original = check.check_structure

    def die_on_bad(pdf, index, *args):
        if pdf.filename.endswith("bad.pdf"):
            os.abort()
        return original(pdf, index, *args)

    monkeypatch.setattr(check, "check_structure", die_on_bad)
    for name in ("good.pdf", "bad.pdf", "good2.pdf"):
        (tmp_path / name).write_bytes(three_page_pdf())
    targets, _ = find_targets([tmp_path / n for n in ("good.pdf", "bad.pdf", "good2.pdf")], True)
    reports = check_files(targets, Limits())
    assert [r.ok for r in reports] == [True, False, True]
    [stopped] = [p for p in reports[1].problems if p.code == "damaged"]
    assert stopped.message.startswith("the check stopped while reading page 1: the file made a "
                                      "library fail or exceed 1024 MB of memory (signal SIGABRT)")
    assert reports[0].facts and reports[2].facts and not reports[1].facts


def test_limits_keep_a_check_in_process_bounded():
    """The interpreter's own budgets, without any child process."""
    limits = Limits(isolate=False, operators=10_000, content_bytes=2**20)
    report = check_pdf(hostile.content_bomb(4), "bomb.pdf", limits=limits)
    limited = [p.message for p in report.problems if p.code == "check-limited"]
    assert any("larger than 1 MB decompressed" in m for m in limited)
    assert any("more than 10,000 operators" in m for m in limited)


def run_check(*paths, timeout: float = 30) -> tuple[subprocess.CompletedProcess, float, int]:
    """`check --json` as a user runs it, under 1 GB of address space; elapsed time and the
    largest resident size any of its processes reached."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run([sys.executable, "generate.py", "check", "--json", *map(str, paths)],
                            capture_output=True, text=True, cwd=ROOT, timeout=timeout,
                            preexec_fn=limit)
    rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) * 1024
    return result, time.monotonic() - started, rss


HEAVY = {
    "form drawing itself 4 times": (lambda: hostile.self_drawing_form(4), 1, {"damaged"}),
    "form drawing itself 50 times": (lambda: hostile.self_drawing_form(50), 1, {"damaged"}),
    "100 MB content stream": (hostile.content_bomb, 0, {"check-limited"}),
    "20,000 × 20,000 image": (hostile.giant_image, 0, {"check-limited"}),
    "100,000 pages": (hostile.many_pages, 0, {"check-limited"}),
    "MediaBox 1e7": (hostile.huge_media, 0, {"check-limited"}),
}


@pytest.mark.parametrize("case", list(HEAVY))
def test_heavy_files_are_reported_in_bounded_time_and_memory(case, tmp_path):
    make, exit_code, expected = HEAVY[case]
    good = tmp_path / "good.pdf"
    good.write_bytes(three_page_pdf())
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make())
    result, elapsed, rss = run_check("--office", good, bad, good)
    assert result.returncode == exit_code, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == [str(good), str(bad), str(good)]
    assert files[0]["ok"] and files[2]["ok"]
    assert expected <= {p["code"] for p in files[1]["problems"]}
    assert elapsed < 30 and rss < GIB


def test_every_malformed_file_in_one_run(tmp_path, default_kit):
    """All the malformed files of this campaign in one `check`, between good files (one of our
    label sheets, an office file by its manifest): each is reported as promised, under the
    same limits as the heavy ones."""
    makers = {
        "trim3": (hostile.trimbox_of_three_numbers, "damaged"),
        "intents-dict": (lambda: hostile.output_intents(pikepdf.Dictionary()), "damaged"),
        "intents-int": (lambda: hostile.output_intents(3), "damaged"),
        "width-foo": (lambda: hostile.image_with_width(pikepdf.Name("/Foo")), "damaged"),
        "icc-foo": (lambda: hostile.icc_with_n(pikepdf.Name("/Foo")), "damaged"),
        "destination": (hostile.open_action_destination, None),
        **{f"op-{i}": (lambda c=content: hostile.bad_operator(c), "damaged")
           for i, (content, _) in enumerate(BAD_OPERATORS.values())},
        **{f"js-{i}": (lambda p=place: hostile.javascript(p), "javascript")
           for i, place in enumerate(["page AA", "catalog AA", "link A", "widget AA",
                                      "OpenAction Next"])},
    }
    good = default_kit.out_dir / "labels/etiquettes-L7163-210x297mm.pdf"
    bad = []
    for name, (make, _code) in makers.items():
        (tmp_path / f"{name}.pdf").write_bytes(make())
        bad.append(tmp_path / f"{name}.pdf")
    result, elapsed, rss = run_check(good, *bad, good, timeout=60)
    files = json.loads(result.stdout)["files"]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(files) == len(bad) + 2
    assert all(f["ok"] and f["pages"] == 1 for f in (files[0], files[-1]))
    for report, (name, (_make, code)) in zip(files[1:-1], makers.items(), strict=True):
        found = {p["code"] for p in report["problems"] if p["severity"] == "error"}
        if code:
            assert code in found, (name, report["problems"])
        else:
            assert not {"damaged", "javascript", "pdfx-invalid"} & found, report["problems"]
    assert elapsed < 30 and rss < GIB


def test_fifos_and_devices_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    good = tmp_path / "good.pdf"
    good.write_bytes(three_page_pdf())
    result, elapsed, _ = run_check("--office", good, fifo, "/dev/zero", good, timeout=60)
    files = json.loads(result.stdout)["files"]
    assert result.returncode == 1 and elapsed < 30
    assert [f["ok"] for f in files] == [True, False, False, True]
    assert files[1]["problems"][0]["message"].startswith("is a FIFO, not a PDF file")
    assert files[2]["problems"][0]["message"].startswith("is a device, not a PDF file")


def test_a_report_is_bounded():
    report = FileReport("many.pdf", max_problems=3)
    for page in range(10):
        report.add("damaged", page + 1, "same")
    assert len(report.problems) == 3 and report.dropped == 7 and not report.ok


TOKENS = ["q", "Q", "cm", "BT", "ET", "/F1", "Tf", "Tj", "TJ", "'", "Td", "TD", "T*", "Tm", "Tr",
          "Tz", "k", "g", "rg", "cs", "/CS0", "scn", "/Pattern", "Do", "/Fm0", "m", "l", "re",
          "c", "f", "S", "B", "n", "W", "gs", "(a)", "<41>", "[", "]", "<<", ">>", "1", "0.5",
          "-2", "7", "1e9", "9" * 50, "BI", "/W", "/H", "ID", "EI", "(", ")", "%", "\\", "true"]


@settings(max_examples=int(os.environ.get("EXPOPRINT_HYPOTHESIS_EXAMPLES", "40")), deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=80))
def test_any_content_is_reported_not_raised(tokens):
    """Random content, with our own files' guard off (`trusted`): any exception would surface."""
    pdf = hostile.one_page(" ".join(tokens).encode())
    resources = pdf.pages[0].obj.Resources
    resources.Font = pikepdf.Dictionary(F1=hostile.helvetica(pdf))
    resources.ColorSpace = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased,
                                                                 pdf.make_stream(b"", N=4)]))
    form = pdf.make_stream(b"0 0 0 1 k 0 0 10 10 re f", Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10])
    resources.XObject = pikepdf.Dictionary(Fm0=form)
    report = check_pdf(hostile.save(pdf), "random.pdf", "office", qr=False,
                       limits=Limits(isolate=False, trusted=True))
    assert report.pages == 1
    assert all("\n" not in p.message and "object at 0x" not in p.message for p in report.problems)


def test_a_large_image_is_measured_in_strips():
    """An 8-bit Flate CMYK image above the whole-decode cap is still measured for ink, a strip
    of rows at a time: the 400 % corner is found."""
    import zlib

    from PIL import Image

    picture = Image.new("CMYK", (3000, 2000), (0, 120, 0, 0))
    picture.paste((255, 255, 255, 255), (2800, 1800, 3000, 2000))
    pdf = hostile.one_page(b"q 500 0 0 400 40 40 cm /Im0 Do Q")
    pdf.pages[0].obj.Resources.XObject = pikepdf.Dictionary(Im0=hostile.flate_stream(
        pdf, zlib.compress(picture.tobytes(), 1), Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image, Width=3000, Height=2000,
        ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8))
    limits = Limits(isolate=False, image_pixels=1_000_000)
    report = check_pdf(hostile.save(pdf), "photo.pdf", "office", qr=False, limits=limits)
    assert codes(report) == {"ink-coverage": "error"}
    assert "400 %" in report.problems[0].message
