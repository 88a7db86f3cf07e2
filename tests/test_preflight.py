"""`check` on PDFs this project did not make: each fault a printer rejects carries its code."""

from __future__ import annotations

import io
import json
import shutil

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from expoprint.cli import main
from expoprint.preflight import check_pdf
from expoprint.qr import encode


def codes(report) -> dict[str, str]:
    return {p.code: p.severity for p in report.problems}


def reportlab_pdf(draw, boxes: bool = True, **canvas_options) -> bytes:
    """A one-page A5 PDF drawn by `draw(canvas)`, with honest boxes unless told otherwise."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(160 * mm, 222 * mm), **canvas_options)
    if boxes:
        canvas.setBleedBox((3 * mm, 3 * mm, 157 * mm, 219 * mm))
        canvas.setTrimBox((6 * mm, 6 * mm, 154 * mm, 216 * mm))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_rgb_text_and_an_unembedded_helvetica():
    def draw(canvas):
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.setFont("Helvetica", 12)
        canvas.drawString(20 * mm, 100 * mm, "Texte en RVB")

    report = check_pdf(reportlab_pdf(draw), "rgb.pdf")
    assert codes(report)["rgb-colour"] == "error"
    assert codes(report)["font-not-embedded"] == "error"
    assert codes(report)["no-output-intent"] == "error"
    assert not report.ok


def test_no_trimbox():
    report = check_pdf(reportlab_pdf(lambda c: c.rect(0, 0, 10, 10), boxes=False), "nobox.pdf")
    assert codes(report)["no-trimbox"] == "error"


def test_bleed_too_small():
    def draw(canvas):
        canvas.setBleedBox((5 * mm, 5 * mm, 155 * mm, 217 * mm))  # 1 mm around the trim

    report = check_pdf(reportlab_pdf(draw), "thin-bleed.pdf")
    assert codes(report)["no-bleed"] == "error"
    assert "1.0 mm" in next(p.message for p in report.problems if p.code == "no-bleed")


@pytest.mark.parametrize(("pixels", "width_mm", "severity"),
                         [(284, 100, "error"), (500, 60, "warning")])
def test_image_resolution_at_placed_size(pixels, width_mm, severity):
    """284 px over 100 mm is 72 ppi (an error); 500 px over 60 mm is 212 ppi (a warning)."""
    image = Image.new("CMYK", (pixels, pixels), (0, 60, 0, 0))

    def draw(canvas):
        canvas.drawImage(ImageReader(image), 20 * mm, 20 * mm, width_mm * mm, width_mm * mm)

    report = check_pdf(reportlab_pdf(draw), "image.pdf")
    assert codes(report)["low-resolution-image"] == severity
    message = next(p.message for p in report.problems if p.code == "low-resolution-image")
    assert f"{pixels / (width_mm / 25.4):.0f} ppi" in message


def test_total_ink_over_300_percent():
    def draw(canvas):
        canvas.setFillColor(CMYKColor(1, 1, 1, 1))
        canvas.rect(20 * mm, 20 * mm, 50 * mm, 50 * mm, fill=1, stroke=0)

    report = check_pdf(reportlab_pdf(draw), "ink.pdf")
    assert codes(report)["ink-coverage"] == "error"


def test_small_text_and_placeholder():
    def draw(canvas):
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
        canvas.setFont("Helvetica", 4)
        canvas.drawString(20 * mm, 100 * mm, "Lorem ipsum dolor sit amet")

    report = check_pdf(reportlab_pdf(draw), "small.pdf")
    assert codes(report)["text-too-small"] == "warning"
    assert codes(report)["placeholder"] == "warning"


def test_qr_code_one_centimetre_wide():
    code = encode("https://musee.test/objets/casque-adrian-1915")

    def draw(canvas):
        module = 10 * mm / code.total_modules
        canvas.addLiteral(f"q 0 0 0 1 k {module} 0 0 {-module} {40 * mm + 4 * module} "
                          f"{120 * mm - 4 * module} cm {code.pdf_path} f Q")

    report = check_pdf(reportlab_pdf(draw), "qr.pdf")
    assert codes(report)["qr-too-small"] == "error"
    found = report.facts[0]["qr_codes"]
    assert found[0]["text"] == "https://musee.test/objets/casque-adrian-1915"
    assert found[0]["module_mm"] < 0.4


def test_weasyprint_own_crop_marks_lie_in_the_bleed():
    """PRINT.md: WeasyPrint's `marks: crop` draws inside the bleed; a printer would cut them."""
    from weasyprint import HTML

    pdf = HTML(string="<style>@page { size: A5; bleed: 3mm; marks: crop; margin: 10mm }</style>"
               "<p>Affiche</p>").write_pdf()
    report = check_pdf(pdf, "weasy-marks.pdf")
    assert codes(report)["marks-in-bleed"] == "error"


def test_not_a_pdf_damaged_and_encrypted(tmp_path):
    assert codes(check_pdf(b"Bonjour, ceci n'est pas un PDF", "a.txt")) == {"not-a-pdf": "error"}
    good = reportlab_pdf(lambda c: c.rect(0, 0, 10, 10))
    assert codes(check_pdf(good[: len(good) // 3], "cut.pdf")).get("damaged") == "error"
    encrypted = io.BytesIO()
    with pikepdf.open(io.BytesIO(good)) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="o", user="u"))
    assert codes(check_pdf(encrypted.getvalue(), "locked.pdf")) == {"encrypted": "error"}


def test_our_own_files_pass(default_kit):
    for output in (o for o in default_kit.outputs if o.is_pdf):  # not the CSV, the pages, the images
        report = check_pdf(output.data, output.path, "press" if output.press else "office")
        errors = [p for p in report.problems if p.severity == "error"]
        assert errors == [], output.path


def test_check_command_json_and_exit_codes(tmp_path, default_kit):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(reportlab_pdf(lambda c: (c.setFillColorRGB(1, 0, 0), c.drawString(10, 10, "RVB"))))
    good = default_kit.out_dir / "poster/affiche-A3-297x420mm.pdf"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing else")
    result = CliRunner().invoke(main, ["check", str(good), str(bad), str(broken), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    files = {f["path"]: f for f in data["files"]}
    assert files[str(good)]["ok"] is True and files[str(good)]["pages"] == 1
    assert files[str(bad)]["ok"] is False
    problem = next(p for p in files[str(bad)]["problems"] if p["code"] == "rgb-colour")
    assert set(problem) == {"severity", "code", "page", "message"} and problem["page"] == 1
    assert files[str(broken)]["problems"][0]["code"] == "damaged"
    table = CliRunner().invoke(main, ["check", str(good)])
    assert table.exit_code == 0 and "A3" in table.output and "OK" in table.output


def test_a_path_that_does_not_exist_is_a_wrong_command_line(tmp_path):
    """A mistyped path is the command line's fault (exit 2), named before anything is checked."""
    result = CliRunner().invoke(main, ["check", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert "missing.pdf" in result.output and "does not exist" in result.output


def test_build_refuses_its_own_rgb(tmp_path):
    """A layout that slips an RGB colour in fails the build at the preflight, by page."""
    from conftest import ROOT

    from expoprint.build import run_build
    from expoprint.errors import ExpoprintError

    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "expoprint" / "layouts", layouts)
    template = layouts / "poster.html.j2"
    red_in_rgb = ".cta { color: rgb(200, 0, 0) !important; margin"
    template.write_text(template.read_text().replace(".cta { margin", red_in_rgb))
    with pytest.raises(ExpoprintError) as caught:
        run_build(ROOT / "content", tmp_path / "out", only=("poster",), layouts=layouts)
    assert "[rgb-colour]" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_cmyk_image_ink_and_document_facts():
    image = Image.new("CMYK", (600, 600), (255, 255, 255, 255))  # 400 % everywhere

    def draw(canvas):
        canvas.drawImage(ImageReader(image), 20 * mm, 20 * mm, 40 * mm, 40 * mm)

    report = check_pdf(reportlab_pdf(draw), "black.pdf")
    assert codes(report)["ink-coverage"] == "error"
    assert "400 %" in next(p.message for p in report.problems if p.code == "ink-coverage")


def test_facts_a_printer_reads(default_kit):
    poster = default_kit.out_dir / "poster/affiche-120x176cm-1200x1760mm.pdf"
    report = check_pdf(poster.read_bytes(), str(poster))
    assert report.document["output_intent"] == "FOGRA39"
    assert report.document["pdfx_version"] == "PDF/X-4"
    assert report.document["fonts"] and all(f["embedded"] and f["subset"]
                                            for f in report.document["fonts"])
    page = report.facts[0]
    assert page["trim_mm"] == [1200, 1760] and page["format"] == "120x176cm"
    assert page["bleed_mm"] == {"left": 5, "bottom": 5, "right": 5, "top": 5}


def test_office_sheets_are_checked_as_office_files(default_kit, tmp_path):
    """Named inside its output folder, a sheet is an office file by the manifest; copied out of
    it, it is judged as a press file unless --office says otherwise."""
    sheet = default_kit.out_dir / "labels/etiquettes-L7165-210x297mm.pdf"
    alone = tmp_path / sheet.name
    alone.write_bytes(sheet.read_bytes())
    as_press = CliRunner().invoke(main, ["check", str(alone), "--json"])
    assert as_press.exit_code == 1  # no bleed, no output intent: not a press file
    for args in ([str(sheet)], ["--office", str(alone)]):
        as_office = CliRunner().invoke(main, ["check", *args, "--json"])
        assert as_office.exit_code == 0, as_office.output
        report = json.loads(as_office.output)["files"][0]
        assert report["profile"] == "office"
        codes_found = {p["code"] for p in report["problems"]}
        assert codes_found == {"placeholder"}  # the example.org QR addresses of the default content
        qr = report["pages_info"][0]["qr_codes"]
        assert len(qr) == 5 and all(code["with_quiet_zone_mm"] >= 20 for code in qr)


@pytest.mark.skipif(not (shutil.which("qpdf") and shutil.which("gs")), reason="needs qpdf and gs")
def test_independent_readers_agree_with_the_preflight(default_kit):
    """qpdf finds no damage where the preflight finds none; Ghostscript's ink coverage counts
    the same pages, and shows several inks on every page the preflight warns about small text
    in several inks."""
    import subprocess

    for output in (o for o in default_kit.outputs if o.is_pdf):  # not the installers' CSV
        path = default_kit.out_dir / output.path
        report = check_pdf(path, output.path, "press" if output.press else "office", qr=False)
        assert "damaged" not in report.codes()
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
        inkcov = subprocess.run(["gs", "-q", "-o", "-", "-sDEVICE=inkcov", str(path)],
                                capture_output=True, text=True).stdout.splitlines()
        assert len(inkcov) == report.pages, output.path
        for page in {p.page for p in report.problems if p.code == "small-text-multi-ink"}:
            channels = [float(v) for v in inkcov[page - 1].split()[:4]]
            assert sum(v > 0 for v in channels) >= 2, (output.path, page, inkcov[page - 1])


def test_a_long_file_s_pages_are_found_in_one_walk(monkeypatch):
    """Every page of a long file is searched for JavaScript, but pikepdf's `pdf.pages[i]` lists
    all the pages again at each call (a 10,000-label run: 4.4 s): only the pages checked one by
    one may be reached that way; the others come from a single walk of the page list."""
    pdf = pikepdf.new()
    for _ in range(300):
        pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    page_list = type(pdf.pages)
    indexed = []
    original = page_list.__getitem__

    def counted(self, key):
        indexed.append(key)
        return original(self, key)

    monkeypatch.setattr(page_list, "__getitem__", counted)
    report = check_pdf(buffer.getvalue(), "long.pdf", "office")
    sampled = [p for p in report.problems if p.code == "check-limited"]
    assert sampled and "300 pages: 40 were checked" in sampled[0].message
    assert len(indexed) <= 40
