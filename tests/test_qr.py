"""QR codes drawn as rectangles (expoprint/qr.py): exactly the dark modules, each once."""

import numpy as np
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from expoprint.qr import encode, rectangles


def covered(rows) -> np.ndarray:
    size = max((x + w for x, _y, w, _h in rows), default=0), max((y + h for _x, y, _w, h in rows),
                                                                  default=0)
    count = np.zeros((size[1], size[0]), dtype=int)
    for x, y, w, h in rows:
        count[y:y + h, x:x + w] += 1
    return count


@settings(max_examples=200, deadline=None)
@given(arrays(bool, st.tuples(st.integers(1, 12), st.just(0)).map(lambda s: (s[0], s[0]))))
def test_rectangles_cover_the_dark_cells_once(dark):
    rows = rectangles(dark).tolist()
    count = covered(rows)
    assert count.max(initial=0) <= 1  # no cell drawn twice
    assert count.sum() == dark.sum()  # as many cells drawn as there are dark ones…
    for x, y, w, h in rows:
        assert dark[y:y + h, x:x + w].all()  # …and only dark ones


def test_a_drawn_code_reads_back_as_its_address():
    code = encode("https://musee.test/liberation-besancon/objets/citadelle")
    rows = [tuple(map(int, rect.split()[:4])) for rect in code.pdf_path.split(" re ") if rect]
    modules = covered(rows)
    assert modules.shape[0] <= code.size and modules.shape[1] <= code.size
    # Drawn back at 4 pixels a module with its quiet zone, the bitmap scans as the address.
    image = np.full(((code.size + 8) * 4,) * 2, 255, dtype=np.uint8)
    for x, y, w, h in rows:
        image[(y + 4) * 4:(y + h + 4) * 4, (x + 4) * 4:(x + w + 4) * 4] = 0
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [code.text]
