"""Content is text and stays text: it prints literally, and it cannot make the renderer read
files outside the project's folders or reach the network."""

from __future__ import annotations

import os

import pytest
from conftest import FIXTURES, ROOT, copy_content, edit, squash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfread import page_text

from expoprint.build import run_build
from expoprint.errors import ExpoprintError
from expoprint.html import SandboxFetcher

HOSTILE = ["file:///etc/passwd", "../../../../etc/passwd", "http://169.254.169.254/latest/",
           '<img src="file:///etc/passwd">', "{{ config }}{% include '/etc/passwd' %}",
           "<b>gras</b> &amp; <script>alert(1)</script>", "url(file:///etc/passwd)"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data",
                                 "https://example.org/font.ttf", "data:text/plain,hello"])
def test_fetcher_refuses_anything_but_project_files(url):
    fetcher = SandboxFetcher([ROOT / "expoprint" / "layouts", ROOT / "expoprint" / "fonts"])
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_escapes_and_links_out(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "ok.ttf").write_bytes(b"font")
    (fonts / "passwd.ttf").symlink_to("/etc/passwd")
    fetcher = SandboxFetcher([fonts])
    assert fetcher.fetch((fonts / "ok.ttf").as_uri()).read() == b"font"
    for url in ((fonts / "passwd.ttf").as_uri(), fonts.as_uri() + "/../../../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_hostile_text_prints_literally_and_reads_nothing(tmp_path, monkeypatch):
    import yaml

    import expoprint.html

    content = copy_content(tmp_path, FIXTURES / "minimal")
    timeline = yaml.safe_load((content / "timeline.yaml").read_text())
    timeline["heading"] = " ".join(HOSTILE[3:6])
    timeline["events"][0]["text"] = f"{HOSTILE[0]} {HOSTILE[1]} {HOSTILE[2]} {HOSTILE[6]}"
    (content / "timeline.yaml").write_text(yaml.safe_dump(timeline, allow_unicode=True))
    fetched = []
    original = expoprint.html.SandboxFetcher.fetch

    def spy(self, url, *args, **kwargs):
        fetched.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(expoprint.html.SandboxFetcher, "fetch", spy)
    from expoprint.html.render import font_faces

    font_faces.cache_clear()  # loaded once a process: this build must read its fonts itself
    run_build(content, tmp_path / "out", only=("leaflet",))
    assert fetched and all(url.startswith((ROOT / "expoprint" / "fonts").as_uri()) for url in fetched)
    text = squash(page_text(tmp_path / "out/leaflet/depliant-A4-DL-297x210mm.pdf", 1))
    for literal in ("<b>gras</b>", "<script>alert(1)</script>", "{% include", "{{ config }}",
                    "file:///etc/passwd", "http://169.254.169.254/latest/"):
        assert squash(literal) in text, literal
    assert "root:" not in text


def test_content_file_linked_from_outside_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((FIXTURES / "minimal" / "timeline.yaml").read_text())
    content = copy_content(tmp_path, FIXTURES / "minimal")
    (content / "timeline.yaml").unlink()
    (content / "timeline.yaml").symlink_to(outside)
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("leaflet",))
    assert "timeline.yaml: is a link to a file outside the content folder" in str(caught.value)


def test_scripts_the_fonts_lack_are_named_not_boxed(tmp_path):
    content = copy_content(tmp_path, FIXTURES / "minimal")
    edit(content / "artefacts.yaml", "title: Premier objet", "title: 北京の兜")
    with pytest.raises(ExpoprintError) as caught:
        run_build(content, tmp_path / "out", only=("labels",))
    message = str(caught.value)
    assert "artefacts.yaml:3: artefact 'objet-1'.title: has characters the fonts cannot print" in \
        message
    assert "'京' (U+4EAC)" in message


PROSE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


@settings(max_examples=int(os.environ.get("EXPOPRINT_HYPOTHESIS_EXAMPLES", "30")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=PROSE, description=PROSE, heading=PROSE)
def test_any_unicode_builds_or_fails_cleanly(tmp_path_factory, title, description, heading):
    """Arbitrary text in prose fields: a PDF or a clean message, never a traceback."""
    import yaml

    folder = tmp_path_factory.mktemp("prop")
    content = copy_content(folder, FIXTURES / "minimal")
    artefacts = yaml.safe_load((content / "artefacts.yaml").read_text())
    artefacts["artefacts"][1].update(title=title, description=description)
    (content / "artefacts.yaml").write_text(yaml.safe_dump(artefacts, allow_unicode=True))
    timeline = yaml.safe_load((content / "timeline.yaml").read_text())
    timeline["heading"] = heading
    (content / "timeline.yaml").write_text(yaml.safe_dump(timeline, allow_unicode=True))
    out = folder / "out"
    try:
        run_build(content, out, only=("labels",), sheets=("L7165",))
    except ExpoprintError as error:
        assert error.problems and all(p.file and p.message for p in error.problems)
        assert not out.exists()
    else:
        assert (out / "manifest.json").exists()


@settings(max_examples=int(os.environ.get("EXPOPRINT_HYPOTHESIS_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(heading=PROSE, text=PROSE)
def test_any_unicode_through_the_html_renderer(tmp_path_factory, heading, text):
    """The same promise for the HTML path (WeasyPrint), with the leaflet."""
    import yaml

    folder = tmp_path_factory.mktemp("prop-html")
    content = copy_content(folder, FIXTURES / "minimal")
    timeline = yaml.safe_load((content / "timeline.yaml").read_text())
    timeline["heading"], timeline["events"][0]["text"] = heading, text
    (content / "timeline.yaml").write_text(yaml.safe_dump(timeline, allow_unicode=True))
    out = folder / "out"
    try:
        run_build(content, out, only=("leaflet",))
    except ExpoprintError as error:
        assert error.problems and all(p.file and p.message for p in error.problems)
        assert not out.exists()
    else:
        assert (out / "manifest.json").exists()


def test_a_layout_reaching_outside_fails_by_name(tmp_path):
    import shutil

    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "expoprint" / "layouts", layouts)
    template = layouts / "poster.html.j2"
    template.write_text(template.read_text().replace(
        "<body>", '<body><img src="file:///etc/passwd"><img src="http://169.254.169.254/x.png">'))
    with pytest.raises(ExpoprintError) as caught:
        run_build(ROOT / "content", tmp_path / "out", only=("poster",), layouts=layouts)
    message = str(caught.value)
    assert "the layout tried to read file:///etc/passwd" in message
    assert "the layout tried to read http://169.254.169.254/x.png" in message


def test_a_font_face_reaching_outside_fails_by_name(tmp_path):
    """The font faces are loaded once a process, outside any document: by the same sandbox."""
    import shutil

    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "expoprint" / "layouts", layouts)
    faces = layouts / "_fonts.css.j2"
    faces.write_text(faces.read_text() + '@font-face { font-family: "Stolen"; '
                     'src: url("file:///etc/passwd"); }\n')
    with pytest.raises(ExpoprintError) as caught:
        run_build(ROOT / "content", tmp_path / "out", only=("poster",), layouts=layouts)
    assert "_fonts.css.j2: the layout tried to read file:///etc/passwd" in str(caught.value)
    assert not (tmp_path / "out" / "poster").exists()


def test_layouts_without_their_font_faces_take_the_bundled_ones(tmp_path):
    """A museum's layouts replace the bundled ones file by file: a folder copied before the
    fonts had a file of their own still builds, with the bundled font faces."""
    import shutil

    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "expoprint" / "layouts", layouts)
    (layouts / "_fonts.css.j2").unlink()
    result = run_build(ROOT / "content", tmp_path / "out", only=("poster",), formats=("A3",),
                       layouts=layouts)
    assert [output.path for output in result.outputs] == ["poster/affiche-A3-297x420mm.pdf"]
