"""Print fidelity, round 2: the PDF/X-4 document rules, small text in several inks, and reversed
text too small or too thin. Faulty files are made here, from our own output or with ReportLab."""

from __future__ import annotations

import io

import pikepdf
import pytest
from hostile import NAVY, WHITE, text_on
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from expoprint.preflight import check_pdf


def messages(report, code: str) -> list[str]:
    return [p.message for p in report.problems if p.code == code]


@pytest.fixture(scope="module")
def poster(default_kit) -> bytes:
    return (default_kit.out_dir / "poster/affiche-A3-297x420mm.pdf").read_bytes()


def edited(data: bytes, change, **save) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out, **save)
    return out.getvalue()


def test_our_press_files_keep_the_pdfx4_document_rules(default_kit):
    for output in default_kit.outputs:
        if output.press:
            report = check_pdf(output.data, output.path, qr=False)
            assert messages(report, "pdfx-invalid") == [], output.path
            with pikepdf.open(io.BytesIO(output.data)) as pdf:
                assert pdf.trailer.Info.Trapped == pikepdf.Name("/False")


def test_trapped_written_as_false_underscore(poster):
    """pikepdf's Name.False_ writes /False_: the pitfall PRINT.md warns about."""
    def change(pdf):
        pdf.trailer.Info.Trapped = pikepdf.Name.False_

    report = check_pdf(edited(poster, change), "trapped.pdf", qr=False)
    assert "Info /Trapped is /False_, PDF/X-4 wants /True or /False" in messages(report, "pdfx-invalid")
    assert not report.ok


def test_info_and_xmp_must_agree(poster):
    def change(pdf):
        pdf.trailer.Info.Title = "Une autre affiche"
        pdf.trailer.Info.ModDate = "D:20240921020000+02'00'"  # the XMP's instant, in Paris time
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["xmp:CreateDate"] = "2023-01-01T00:00:00Z"
            meta["xmp:ModifyDate"] = "2024-09-21T00:00:00Z"
            meta["pdf:Trapped"] = "True"

    found = messages(check_pdf(edited(poster, change), "disagree.pdf", qr=False), "pdfx-invalid")
    assert any(m.startswith("the title differs: Info /Title is Une autre affiche") for m in found)
    assert any(m.startswith("the creation date differs") for m in found)
    assert not any("modification date" in m for m in found)  # same instant, other time zone
    assert any(m.startswith("the trapping differs") for m in found)


def test_version_above_1_6_and_boxes_outside_their_parent(poster):
    def change(pdf):
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        bleed = [float(v) for v in pdf.pages[0].obj.BleedBox]
        pdf.pages[0].obj.TrimBox = [trim[0], trim[1], trim[2], bleed[3] + 1]  # 0.35 mm too high
        pdf.pages[0].obj.BleedBox = [bleed[0] + 0.02, *bleed[1:]]  # 0.007 mm: within tolerance

    found = messages(check_pdf(edited(poster, change, force_version="1.7"), "v17.pdf", qr=False),
                     "pdfx-invalid")
    assert "the header says PDF 1.7; PDF/X-4 allows at most 1.6" in found
    assert any(m.startswith("the TrimBox reaches outside the BleedBox") for m in found)
    assert not any("BleedBox reaches outside" in m for m in found)


def test_transfer_functions_and_actions(poster):
    def change(pdf):
        page = pdf.pages[0].obj
        page.Resources.ExtGState = pikepdf.Dictionary(
            GSt=pikepdf.Dictionary(TR=pikepdf.Name.Identity),
            GSd=pikepdf.Dictionary(TR2=pikepdf.Name.Default))
        page.Annots = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://musee.test"))))])
        pdf.Root.OpenAction = pikepdf.Array([page, pikepdf.Name.Fit])

    report = check_pdf(edited(poster, change), "actions.pdf", qr=False)
    found = messages(report, "pdfx-invalid")
    assert "graphics state /GSt sets a transfer function (/TR); PDF/X-4 forbids them" in found
    assert not any("/GSd" in m for m in found)
    assert "a link has a URI action; PDF/X-4 allows none" in found
    assert not any("open action" in m for m in found)  # a destination is not an action
    assert "javascript" not in report.codes()


# --- small text ----------------------------------------------------------------------------------

def test_small_text_in_four_inks():
    report = check_pdf(text_on(None, NAVY, 8), "navy-8pt.pdf")
    [message] = messages(report, "small-text-multi-ink")
    assert message.startswith("8 pt text printed in 4 inks (C100 M80 Y25 K35)")
    assert "“Entrée libre tous les jours”" in message
    assert {p.severity for p in report.problems if p.code == "small-text-multi-ink"} == {"warning"}


@pytest.mark.parametrize(("colour", "size"), [(NAVY, 14), (CMYKColor(0, 0, 0, 1), 8),
                                              (CMYKColor(0, 1, 0, 0), 8)],
                         ids=["14 pt four-colour", "8 pt K only", "8 pt M100"])
def test_text_in_one_ink_or_large_enough(colour, size):
    report = check_pdf(text_on(None, colour, size), "fine.pdf")
    assert "small-text-multi-ink" not in report.codes()


def test_reversed_text_too_small():
    report = check_pdf(text_on(NAVY, WHITE, 7), "white-7pt.pdf")
    [message] = messages(report, "reversed-text-too-small")
    assert message.startswith("7 pt reversed text (white, C0 M0 Y0 K0 on a dark ground)")
    assert "Entrée libre" in message and "at least 9 pt" in message


def test_reversed_text_too_thin():
    report = check_pdf(text_on(NAVY, WHITE, 10, font="Lato-Light"), "white-10pt-light.pdf")
    [message] = messages(report, "reversed-text-too-small")
    assert message.startswith("10 pt reversed text in a light weight (Lato-Light)")
    assert "regular weight or heavier" in message


@pytest.mark.parametrize(("ground", "size", "font"), [
    (NAVY, 10, "Lato-Bold"), (NAVY, 10, "Lato-Regular"), (None, 7, "Lato-Regular")],
    ids=["10 pt bold on navy", "10 pt regular on navy", "white on white paper"])
def test_reversed_text_that_passes(ground, size, font):
    report = check_pdf(text_on(ground, WHITE, size, font=font), "fine.pdf")
    assert "reversed-text-too-small" not in report.codes()


def test_reversed_text_over_a_picture():
    """The ground is read from the rendered page, so a dark photo counts like a dark box."""
    from hostile import register_fonts, text_page

    register_fonts()
    photo = Image.new("CMYK", (400, 120), (230, 200, 60, 140))

    def draw(canvas):
        canvas.drawImage(ImageReader(photo), 20 * mm, 90 * mm, 120 * mm, 36 * mm)
        canvas.setFillColor(WHITE)
        canvas.setFont("Lato-Regular", 7)
        canvas.drawString(25 * mm, 100 * mm, "Légende sur la photo")

    report = check_pdf(text_page(draw), "photo.pdf")
    [message] = messages(report, "reversed-text-too-small")
    assert "“Légende sur la photo”" in message


def test_letter_spaced_words_read_as_words():
    """Capitals spaced by positioning (as WeasyPrint draws letter-spacing) keep their word gaps:
    "EXPO TO", neither "EXPOTO" nor "E X P O T O"."""
    import hostile

    pdf = hostile.one_page(b"BT /F1 8 Tf 1 0 0 1 50 100 Tm 0.2 0.9 0.8 0.1 k "
                           b"[(E) -400 (X) -400 (P) -400 (O) -1300 (T) -400 (O)] TJ ET")
    pdf.pages[0].obj.Resources.Font = pikepdf.Dictionary(F1=hostile.helvetica(pdf))
    [message] = messages(check_pdf(hostile.save(pdf), "spaced.pdf"), "small-text-multi-ink")
    assert "“EXPO TO”" in message
