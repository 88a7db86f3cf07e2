"""The preflight's tokenizer reads plain instructions ("0 0 0 1 k") in one match: that shortcut
must read every stream exactly as the token-by-token path does, hostile ones included."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from expoprint.preflight import tokens

PIECES = ["0", "1", "-2.5", "+3", ".5", "4.", "1e5", "1.2.3", "9" * 60, "9" * 400, "re", "k",
          "T*", "'", '"', "Tj", "re0", "true", "null", "BI", "ID", "EI", "/F1", "/a#20b", "(a(b)c)",
          "<4a4b>", "[", "]", "<<", ">>", "{", "%note\n", "\x00", "\t", "\r\n", " ", "  ", ")"]


def read(data: bytes) -> tuple[list, list]:
    problems = tokens.Problems()
    return list(tokens.instructions(data, problems)), list(problems)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from([" ", "", "\n"]))
def test_the_shortcut_reads_as_the_token_path(pieces, joint):
    data = joint.join(pieces).encode("latin-1")
    fast = read(data)
    shortcut = tokens.PLAIN_INSTRUCTION
    tokens.PLAIN_INSTRUCTION = re.compile(rb"(?!)")  # never matches: every token the slow way
    try:
        slow = read(data)
    finally:
        tokens.PLAIN_INSTRUCTION = shortcut
    assert fast == slow


def test_the_shortcut_reads_a_label_page():
    data = b"q 0 0 0 1 k 2.07 0 0 -2.07 328.6 107.9 cm 0 1 1 5 re 0 8 1 1 re f Q\nBT /F1 9.5 Tf ET"
    assert read(data)[0] == [
        ([], "q"), ([0.0, 0.0, 0.0, 1.0], "k"), ([2.07, 0.0, 0.0, -2.07, 328.6, 107.9], "cm"),
        ([0.0, 1.0, 1.0, 5.0], "re"), ([0.0, 8.0, 1.0, 1.0], "re"), ([], "f"), ([], "Q"),
        ([], "BT"), (["/F1", 9.5], "Tf"), ([], "ET")]


def test_numbers_without_an_operator_are_read_in_linear_time():
    import time

    for data in (b"9" * 50_000 + b" [", b"1 " * 50_000 + b"[", b"1.5 " * 50_000 + b"/a"):
        started = time.perf_counter()
        read(data)
        assert time.perf_counter() - started < 2.0  # quadratic: minutes
