"""Finishing for press, shared by every product: boxes, marks, colour, PDF/X-4, reproducible bytes.

A product hands over pages drawn at bleed size (trim + bleed on every side) in DeviceCMYK. This
module grows each page by a slug, draws crop and fold marks there in the registration colour,
sets TrimBox and BleedBox, embeds the CMYK output intent and the PDF/X-4 metadata, and saves with
identifiers derived from the content so that identical input gives identical bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from .errors import ExpoprintError, Problem
from .i18n import _

PT_PER_MM = 72 / 25.4


def mm(value: float) -> float:
    return value * PT_PER_MM


@dataclass(frozen=True)
class PressProfile:
    """The print condition: ICC output intent and the geometry of marks (layouts/press.yaml)."""

    icc: Path
    output_condition: str = "FOGRA39"
    output_condition_info: str = "Coated FOGRA39 (ISO 12647-2:2004), built from FOGRA39L.ti3"
    mark_length_mm: float = 5.0
    mark_gap_mm: float = 3.0
    mark_width_pt: float = 0.25
    slug_margin_mm: float = 2.0
    bleed_mm: float = 3.0


@dataclass(frozen=True)
class PressJob:
    """What one press PDF needs besides its pages."""

    title: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    created: datetime
    # Per page: x positions of the folds from the trim's left edge (a leaflet's two faces differ).
    folds_mm: tuple[tuple[float, ...], ...] = ()
    language: str = "fr"


def slug_mm(job: PressJob, profile: PressProfile) -> float:
    """How far the media extends beyond the bleed: room for marks that never touch the bleed."""
    gap = max(profile.mark_gap_mm, job.bleed_mm)
    return gap - job.bleed_mm + profile.mark_length_mm + profile.slug_margin_mm


@dataclass(frozen=True)
class Geometry:
    """A press page in points: media = trim + bleed + slug on every side, origin at bottom left."""

    media: tuple[float, float]
    slug: float  # where the bleed box starts, on both axes
    bleed_box: tuple[float, float, float, float]
    trim_box: tuple[float, float, float, float]


def geometry(job: PressJob, profile: PressProfile) -> Geometry:
    slug = mm(slug_mm(job, profile))
    bleed = mm(job.bleed_mm)
    trim_w, trim_h = mm(job.trim_mm[0]), mm(job.trim_mm[1])
    media_w, media_h = trim_w + 2 * (bleed + slug), trim_h + 2 * (bleed + slug)
    trim = slug + bleed
    return Geometry((round(media_w, 4), round(media_h, 4)), round(slug, 4),
                    tuple(round(v, 4) for v in (slug, slug, media_w - slug, media_h - slug)),
                    tuple(round(v, 4) for v in (trim, trim, media_w - trim, media_h - trim)))


def mark_lines(job: PressJob, profile: PressProfile,
               folds: tuple[float, ...] = ()) -> list[tuple[float, float, float, float, bool]]:
    """Crop marks at the four corners and fold marks (dashed: True), as (x0, y0, x1, y1) in
    points. They start at the bleed edge or further out, never inside it."""
    g = geometry(job, profile)
    left, bottom, right, top = g.trim_box
    gap = mm(max(profile.mark_gap_mm, job.bleed_mm))
    length = mm(profile.mark_length_mm)
    lines = []
    for x, direction in ((left, -1), (right, 1)):
        for y in (bottom, top):
            lines.append((x + direction * gap, y, x + direction * (gap + length), y, False))
    for y, direction in ((bottom, -1), (top, 1)):
        for x in (left, right):
            lines.append((x, y + direction * gap, x, y + direction * (gap + length), False))
    for fold in folds:
        x = left + mm(fold)
        lines.append((x, bottom - gap, x, bottom - gap - length, True))
        lines.append((x, top + gap, x, top + gap + length, True))
    return lines


FOLD_DASH_MM = (1.5, 1.0)


def registration_colour(pdf):
    """`/Separation /All`: a mark in it prints on every plate, as crop marks must."""
    import pikepdf

    tint = pdf.make_indirect(pikepdf.Dictionary(
        FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1))
    return pdf.make_indirect(pikepdf.Array(
        [pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint]))


def marks_stream(job: PressJob, profile: PressProfile, folds: tuple[float, ...] = (),
                 space: str = "Reg") -> bytes:
    """The marks in the registration colour, which the page's resources name `space` (a
    Separation: its tint is set by SCN, which ISO 32000-1 asks for beyond device spaces)."""
    ops = [f"q /{space} CS 1 SCN {profile.mark_width_pt:.2f} w 0 J [] 0 d"]
    dash = f"[{mm(FOLD_DASH_MM[0]):.3f} {mm(FOLD_DASH_MM[1]):.3f}] 0 d"
    lines = mark_lines(job, profile, folds)
    for wanted, style in ((False, None), (True, dash)):  # solid crop marks, then dashed folds
        if style and any(line[4] for line in lines):
            ops.append(style)
        ops += [f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S"
                for x0, y0, x1, y1, dashed in lines if dashed == wanted]
    ops.append("Q")
    return "\n".join(ops).encode()


def convert_groups_to_cmyk(pdf) -> None:
    """Transparency groups named DeviceRGB blend in RGB; a CMYK job blends in CMYK."""
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            group = obj.get("/Group")
            if isinstance(group, pikepdf.Dictionary) and group.get("/CS") == pikepdf.Name.DeviceRGB:
                group.CS = pikepdf.Name.DeviceCMYK


def document_uuid(seed: bytes) -> str:
    return f"uuid:{uuid.UUID(bytes=hashlib.sha256(seed).digest()[:16])}"


def pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")


def finish(data: bytes, job: PressJob, profile: PressProfile, placed: bool = False) -> bytes:
    """Turn CMYK pages into a PDF/X-4 press file.

    HTML products hand over pages drawn at bleed size: `place_pages` grows them to the media
    and adds the marks. The label run draws the final geometry itself (`placed=True`, from
    `geometry` and `marks_stream`), since a run of ten thousand pages is cheaper drawn once.
    """
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    if not placed:
        place_pages(pdf, job, profile)
    finish_fonts(pdf, dehint=placed)
    set_output_intent(pdf, profile)
    set_metadata(pdf, job, hashlib.sha256(data).digest(), pdfx=True)
    return save(pdf)


def place_pages(pdf, job: PressJob, profile: PressProfile) -> None:
    """Grow bleed-size pages by the slug and draw the marks there. Each page's own content
    stream is left as it is: a shared prefix moves it, a shared suffix draws the marks.

    A page may be taller than trim plus bleed (the HTML products lay out with room below, to
    measure an overflow whole): its top part is the drawing, and the prefix clips to it, so
    nothing but the drawing reaches the bleed, the slug or the marks."""
    import pikepdf

    g = geometry(job, profile)
    expected_w = mm(job.trim_mm[0] + 2 * job.bleed_mm)
    expected_h = mm(job.trim_mm[1] + 2 * job.bleed_mm)
    reg = registration_colour(pdf)
    tagged = "/StructTreeRoot" in pdf.Root  # a tagged document (the booklet) keeps its tags whole
    prefixes: dict[float, pikepdf.Object] = {}
    suffixes: dict[tuple[float, ...], pikepdf.Object] = {}
    for index, page in enumerate(pdf.pages):
        width = float(page.mediabox[2]) - float(page.mediabox[0])
        height = float(page.mediabox[3]) - float(page.mediabox[1])
        if abs(width - expected_w) > 0.5 or height < expected_h - 0.5:
            raise ExpoprintError(Problem(
                job.title, None, _("page size"),
                _("the layout drew {width:.1f}×{height:.1f} mm, expected {expected_width:.1f}×"
                  "{expected_height:.1f} mm (trim plus bleed)").format(
                    width=width / PT_PER_MM, height=height / PT_PER_MM,
                    expected_width=expected_w / PT_PER_MM, expected_height=expected_h / PT_PER_MM),
                _("check the @page size in the layout")))
        folds = job.folds_mm[index] if index < len(job.folds_mm) else ()
        if folds not in suffixes:
            marks = marks_stream(job, profile, folds)
            if tagged:  # production aids, outside the document's structure (ISO 32000-1, 14.8.2.2)
                marks = b"/Artifact <</Type /Page>> BDC\n" + marks + b"\nEMC"
            suffixes[folds] = pdf.make_indirect(pdf.make_stream(b"\nQ\n" + marks))
        below = round(float(page.mediabox[1]) + height - expected_h, 4)  # the room under the drawing
        if below not in prefixes:
            prefixes[below] = pdf.make_indirect(pdf.make_stream(
                f"q 1 0 0 1 {g.slug:.4f} {g.slug - below:.4f} cm "
                f"0 {below:.4f} {expected_w:.4f} {expected_h:.4f} re W n\n".encode()))
        contents = page.obj.Contents
        own = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        page.obj.Contents = pikepdf.Array([prefixes[below], *own, suffixes[folds]])
        if "/Annots" in page.obj:
            del page.obj.Annots  # links mean nothing on paper, and X-4 checks their placement
        page.obj.MediaBox = [0, 0, *g.media]
        page.obj.BleedBox, page.obj.TrimBox = list(g.bleed_box), list(g.trim_box)
        for key in ("/CropBox", "/ArtBox"):
            if key in page.obj:
                del page.obj[key]
        if "/Resources" not in page.obj:
            page.obj.Resources = pikepdf.Dictionary()
        if "/ColorSpace" not in page.obj.Resources:
            page.obj.Resources.ColorSpace = pikepdf.Dictionary()
        page.obj.Resources.ColorSpace.Reg = reg
    convert_groups_to_cmyk(pdf)  # stray RGB is left for the preflight to report, by page


def finish_office(data: bytes, title: str, created: datetime, language: str = "fr") -> bytes:
    """Office-printer files (label sheets): no bleed, no marks, but the same honest metadata
    and reproducible bytes; TrimBox is the sheet."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    finish_fonts(pdf, dehint=True)
    for page in pdf.pages:
        page.obj.TrimBox = page.mediabox
    set_metadata(pdf, PressJob(title, (0, 0), 0, created, language=language),
                 hashlib.sha256(data).digest(),
                 pdfx=False)
    return save(pdf)


SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def finish_fonts(pdf, dehint: bool = False) -> None:
    """Name each font subset by its glyphs, and strip hinting where asked.

    ReportLab names every subset `AAAAAA+…`: two label files imposed together would then hold
    two different fonts under one name, and the RIP may take one for the other. The tag is
    derived from the font program itself, so equal subsets share it and different ones never do.
    Hinting instructions are for screens at small sizes; ReportLab's subsets keep them in a form
    Ghostscript fails to interpret ("Failed to interpret TT instructions"), so those files
    (`dehint`) embed their outlines without them.
    """
    import pikepdf

    renamed: dict[str, str] = {}
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.FontDescriptor:
            continue
        program = obj.get("/FontFile2")
        name = str(obj.get("/FontName", "")).lstrip("/")
        if program is None or not SUBSET_TAG.match(name):
            continue
        if dehint:
            data = strip_hinting(program.read_bytes())
            program.write(data)
            program.Length1 = len(data)
        digest = hashlib.sha256(program.read_bytes()).digest()
        tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
        renamed[name] = f"{tag}+{name[7:]}"
        obj.FontName = pikepdf.Name("/" + renamed[name])
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font:
            base = str(obj.get("/BaseFont", "")).lstrip("/")
            for old, new in renamed.items():
                if base.startswith(old):  # a Type0 font's name is its descendant's plus a suffix
                    obj.BaseFont = pikepdf.Name("/" + new + base[len(old):])
                    break


def strip_hinting(data: bytes) -> bytes:
    import logging

    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # ReportLab leaves `created` at 0
    # The same bytes for the same font. The glyphs stay compact: their instructions are cut
    # from the stored bytes, their outlines and boxes are never decoded (ten times faster).
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    for tag in ("cvt ", "fpgm", "prep", "hdmx", "VDMX", "LTSH"):
        if tag in font:
            del font[tag]
    font["glyf"].removeHinting()
    maxp = font["maxp"]
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def save(pdf) -> bytes:
    import pikepdf

    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, force_version="1.6",
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def set_output_intent(pdf, profile: PressProfile) -> None:
    import pikepdf

    stat = profile.icc.stat()
    icc = pikepdf.Stream(pdf, compressed_profile(profile.icc, stat.st_mtime_ns, stat.st_size))
    icc.Filter, icc.N = pikepdf.Name.FlateDecode, 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=profile.output_condition,
        OutputCondition=profile.output_condition_info,
        RegistryName="http://www.color.org", Info=profile.output_condition_info,
        DestOutputProfile=icc)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


@lru_cache(maxsize=4)
def compressed_profile(icc: Path, _mtime_ns: int, _size: int) -> bytes:
    """The profile compressed once a process (`serve` sees a new one by its date and size): each
    press file embeds the same quarter of a megabyte, which pikepdf would compress again at every
    save, 12 ms a file."""
    import zlib

    return zlib.compress(icc.read_bytes())


def set_metadata(pdf, job: PressJob, seed: bytes, pdfx: bool) -> None:
    import pikepdf

    from . import __version__

    stamp = pdf_date(job.created)
    producer = f"expoprint {__version__} (WeasyPrint, ReportLab, pikepdf)"
    info = pikepdf.Dictionary(Title=job.title, Creator=f"expoprint {__version__}",
                              Producer=producer, CreationDate=stamp, ModDate=stamp,
                              Trapped=pikepdf.Name("/False"))  # Name.False_ writes /False_
    if pdfx:
        info.GTS_PDFXVersion = "PDF/X-4"
    pdf.docinfo = pdf.make_indirect(info)
    iso = job.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = job.title
        meta["dc:language"] = [job.language]
        meta["xmp:CreateDate"] = iso
        meta["xmp:ModifyDate"] = iso
        meta["xmp:MetadataDate"] = iso
        meta["xmp:CreatorTool"] = f"expoprint {__version__}"
        meta["pdf:Producer"] = producer
        meta["pdf:Trapped"] = "False"
        if pdfx:
            meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
        meta["xmpMM:DocumentID"] = document_uuid(seed)
        meta["xmpMM:InstanceID"] = document_uuid(seed + b"instance")
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
