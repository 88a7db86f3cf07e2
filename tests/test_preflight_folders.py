"""`check` on folders: an output folder to trust, each file judged by what the manifest says it
is for, and reports written for people."""

from __future__ import annotations

import json
import shutil

import hostile
from click.testing import CliRunner
from reportlab.lib.units import mm

from expoprint.cli import main
from expoprint.preflight import FileReport, report_json
from expoprint.preflight.report import pages_text


def check(*args) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--json", *map(str, args)])
    return result.exit_code, json.loads(result.output) if result.output.startswith("{") else {}


def test_our_output_folder_passes(default_kit):
    """Press rules for press files, office rules for the sheets: the manifest says which."""
    code, report = check(default_kit.out_dir)
    files = {f["path"].removeprefix(f"{default_kit.out_dir}/"): f for f in report["files"]}
    assert code == 0, [p for f in files.values() for p in f["problems"] if p["severity"] == "error"]
    pdfs = [o for o in default_kit.outputs if o.is_pdf]  # the installers' list also has a CSV
    assert set(files) == {o.path for o in pdfs}
    for output in pdfs:
        assert files[output.path]["profile"] == output.use
        assert files[output.path]["profile_from"] == "manifest"
    # The print-fidelity rules hold on our own kit: small text in one ink, reversed text large
    # and bold enough, the document rules of PDF/X-4 kept.
    codes = {p["code"] for f in files.values() for p in f["problems"]}
    assert not codes & {"pdfx-invalid", "small-text-multi-ink", "reversed-text-too-small"}, codes


SHEET = "labels/etiquettes-L7165-210x297mm.pdf"


def output_folder(tmp_path, default_kit, entries: dict[str, dict]) -> tuple:
    """A copy of two of our files, and a third made here, under a manifest of our choosing."""
    folder = tmp_path / "output"
    (folder / "labels").mkdir(parents=True)
    (folder / ".expoprint-staging").mkdir()
    sheet = SHEET
    shutil.copy(default_kit.out_dir / sheet, folder / sheet)
    shutil.copy(default_kit.out_dir / sheet, folder / ".expoprint-staging/half-written.pdf")
    hostile.register_fonts()

    def draw(canvas):
        canvas.setFillColorRGB(0.1, 0.2, 0.6)
        canvas.setFont("Lato-Regular", 12)
        canvas.drawString(20 * mm, 100 * mm, "Le dépliant, pour l'écran")

    (folder / "leaflet").mkdir()
    (folder / "leaflet/depliant-web.pdf").write_bytes(hostile.text_page(draw))
    outputs = [{"path": sheet, "product": "labels", "variant": "L7165", "bleed_mm": 0},
               {"path": "leaflet/depliant-web.pdf", "product": "leaflet", "variant": "A4-DL-web",
                "bleed_mm": 0}]
    for entry in outputs:
        entry.update(entries.get(entry["path"], {}))
    (folder / "manifest.json").write_text(json.dumps({"schema": 1, "outputs": outputs}))
    return folder, sheet


def test_use_decides_the_profile_and_screen_files_may_be_rgb(tmp_path, default_kit):
    folder, sheet = output_folder(tmp_path, default_kit, {
        "leaflet/depliant-web.pdf": {"use": "screen"}, SHEET: {"use": "office"}})
    code, report = check(folder)
    files = {f["path"].removeprefix(f"{folder}/"): f for f in report["files"]}
    assert set(files) == {sheet, "leaflet/depliant-web.pdf"}  # the staging folder is not searched
    web = files["leaflet/depliant-web.pdf"]
    assert web["profile"] == "screen" and web["problems"] == [] and code == 0
    (folder / "leaflet/depliant-web.pdf").write_bytes(hostile.text_page(lambda c: None, "Helvetica"))
    code, report = check(folder / "leaflet/depliant-web.pdf")  # fonts are still a must
    assert code == 1 and report["files"][0]["problems"][0]["code"] == "font-not-embedded"


def test_without_use_the_older_fields_decide(tmp_path, default_kit):
    """No `use` yet: a sheet variant or no bleed means office; the RGB file then fails as an
    office file only by a warning, and as a press file by errors."""
    folder, sheet = output_folder(tmp_path, default_kit, {})
    code, report = check(folder)
    profiles = {f["path"].removeprefix(f"{folder}/"): f["profile"] for f in report["files"]}
    assert profiles == {sheet: "office", "leaflet/depliant-web.pdf": "office"}, report
    assert code == 0, report
    code, report = check(folder, "--office")
    assert code == 0
    (folder / "manifest.json").write_text(json.dumps({"schema": 1, "outputs": [
        {"path": sheet, "use": "press"}]}))
    code, report = check(folder / sheet, folder / "leaflet/depliant-web.pdf")
    profiles = [(f["profile"], f["profile_from"]) for f in report["files"]]
    assert profiles == [("press", "manifest"), ("press", "default")] and code == 1
    code, report = check("--office", folder / sheet)  # named on the command line: as asked
    assert report["files"][0]["profile"] == "office" and code == 0


def test_an_empty_folder_is_a_wrong_command_line(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "no PDF" in result.output


def test_the_same_problem_on_many_pages_is_one_line(tmp_path):
    report = FileReport("run.pdf", pages=300)
    for page in [*range(3, 291), 295, 297]:
        report.add("text-too-small", page, "text at 5.0 pt, below 6 pt")
    report.add("damaged", 4, "operator `m` with no operands, expected 2 numbers")
    [grouped, single] = json.loads(report_json([report]))["files"][0]["problems"]
    assert grouped == {"severity": "warning", "code": "text-too-small", "page": 3,
                       "message": "text at 5.0 pt, below 6 pt",
                       "pages": [[3, 290], [295, 295], [297, 297]]}
    assert set(single) == {"severity", "code", "page", "message"} and single["page"] == 4
    assert pages_text([*range(3, 291), 295, 297]) == "3–290, 295, 297"


def test_a_person_reads_page_ranges(tmp_path):
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(100 * mm, 100 * mm))
    for _ in range(12):
        canvas.setFont("Helvetica", 4)
        canvas.drawString(10 * mm, 50 * mm, "Petit texte")
        canvas.showPage()
    canvas.save()
    run = tmp_path / "run.pdf"
    run.write_bytes(buffer.getvalue())
    result = CliRunner().invoke(main, ["check", "--office", str(run)])
    assert "1–12" in result.output and "text at 4.0 pt" in result.output
    assert result.output.count("text-too-small") == 1
