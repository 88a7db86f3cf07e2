"""The variety corpus's measures, asserted on a subset that crosses every photo shape (landscape,
portrait, square, panorama, tall, none), logo counts from 0 to 12 and the organiser's own logo,
the short, the long and the one-word titles, and the brand palettes (`tests/variety.py`;
`benchmarks/variety.py` prints the whole table). Only what the measures read is built: the
poster at A3 and 120×176 cm, and the leaflet, whose cover must take every title.

Floors, per format (the title at its reference size is 37 mm, 105 pt, on A3):
- the title at least 60 pt on A3 and 240 pt on the 120×176 cm poster (never squeezed by a
  portrait photo, nor by a 25-letter word under 0.6 of its size);
- the facts' hierarchy on A3: title > dates > venue;
- no flat empty rectangle over 15 % of the trim, on either poster;
- the build's own preflight silent on its press files, so `--strict` can pass.
"""

from __future__ import annotations

import pytest
from variety import corpus, largest_empty_share, size_of, trim_picture, write

from expoprint.build import run_build
from expoprint.content import load_content
from expoprint.errors import Report
from expoprint.facts import facts

# 0 landscape, no logos, « Ô »; 1 portrait, 3 logos + the organiser's SVG, orange brand;
# 2 square, 8 logos, « Anticonstitutionnellement », yellow brand; 3 panorama, the long title;
# 4 tall, 12 logos; 5 no photo, 5 logos + organiser; 9 panorama with the one-word title.
CHOSEN = (0, 1, 2, 3, 4, 5, 9)
FORMATS = ("A3", "120x176cm")
TITLE_FLOOR_PT = {"A3": 60.0, "120x176cm": 240.0}
PT_PER_READ = 0.75  # pdfium reads WeasyPrint's sizes in CSS px (its pages are scaled by 3/4)
EMPTY_MOST = 0.15


@pytest.fixture(scope="module", params=CHOSEN, ids=lambda n: corpus()[n].name)
def built(request, tmp_path_factory):
    exhibition = corpus()[request.param]
    folder = tmp_path_factory.mktemp(exhibition.name)
    content = write(exhibition, folder / "content")
    result = run_build(content, folder / "out", only=("poster", "leaflet"), formats=FORMATS)
    posters = {variant: next((result.out_dir / "poster").glob(f"affiche-{variant}-*.pdf"))
               for variant in FORMATS}
    loaded = load_content(content, Report())
    assert loaded is not None
    return exhibition, result, posters, loaded.exhibition


def test_every_format_and_the_leaflet_are_built(built):
    _exhibition, result, posters, _ex = built
    assert all(path.exists() for path in posters.values())
    assert list((result.out_dir / "leaflet").glob("depliant-*.pdf"))


def test_the_build_preflight_finds_nothing_in_its_own_files(built):
    _exhibition, result, _posters, _ex = built
    own = [str(w) for w in result.warnings if w.message.startswith("[")]
    assert own == []


@pytest.mark.parametrize("variant", FORMATS)
def test_the_title_keeps_a_poster_size(built, variant):
    _exhibition, _result, posters, ex = built
    assert size_of(posters[variant], ex.title.main) * PT_PER_READ >= TITLE_FLOOR_PT[variant]


def test_title_outranks_dates_which_outrank_the_venue(built):
    _exhibition, _result, posters, ex = built
    title = size_of(posters["A3"], ex.title.main)
    dates = size_of(posters["A3"], str(facts(ex, "fr")["dates"]))
    venue = size_of(posters["A3"], ex.venue.name)
    assert title > dates > venue


@pytest.mark.parametrize("variant", FORMATS)
def test_no_large_area_is_left_empty(built, variant):
    _exhibition, _result, posters, _ex = built
    assert largest_empty_share(trim_picture(posters[variant])) <= EMPTY_MOST
