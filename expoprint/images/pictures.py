"""The build's pictures: every file read once at the start, every conversion made once.

Contract: `load_pictures(content, icc, report)` reads and checks every picture the content
names (the exhibition's `image`, the partners' logos, the artefacts' `image`) before anything is
rendered, so a bad file stops the build at once with its key. The `Pictures` it returns serves
the products:
- `check(source, placements, report)`: the effective resolution at each placed size — an error
  under the placement's floor (150 ppi unless its layout says otherwise) naming the file, where
  it is placed and the largest size it prints well, a warning under its target (300 ppi);
- `needs(source, placement)`: the pixels a picture lacks for a placement's floor, so that a
  poster format it is too small for is left out before anything is checked or rendered;
- `ready(source, sizes, ground)`: what a template draws — a converted raster picture at 300 ppi
  of the largest of `sizes` (never more pixels than the file has), an SVG drawing, or a PDF logo
  to overlay. Each poster format asks for its picture at the largest size the posters of the
  build place it at: the conversion is made once per file and size (`cache`), not per format;
  the leaflet, whose cover is smaller, has its own;
- `served`: the bytes behind each URL `ready` hands out, the only pictures the renderer may
  read (`SandboxFetcher(served=…)`): no file path of the content ever reaches a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content import Content
from ..errors import ExpoprintError, Report
from ..i18n import _
from ..mapping import grouped
from . import place
from .convert import Converted, convert
from .source import Source, Use, read_source

URL_PREFIX = "expoprint:picture/"


@dataclass(frozen=True)
class Placement:
    """One place a picture is printed: the box it fills (cover) or fits in (contain)."""

    where: str  # "the A3 poster", "the leaflet's cover": the words of a message
    box_mm: tuple[float, float]
    fit: str = "cover"
    # The effective resolution under which it is refused, and under which it is soft: a poster
    # read from metres away needs fewer pixels an inch than a leaflet in the hand.
    ppi: tuple[float, float] = (place.PPI_FLOOR, place.PPI_GOOD)

    def drawn_mm(self, aspect: float) -> tuple[float, float]:
        return place.drawn(aspect, *self.box_mm, self.fit)

    def resolution(self, source: Source) -> float:
        return round(place.ppi(source.size, self.drawn_mm(source.aspect)), 3)


@dataclass(frozen=True)
class Ready:
    """What a template needs to draw a picture."""

    kind: str  # raster, svg or pdf
    url: str = ""  # raster and svg: the address the sandbox serves it under
    pixels: tuple[int, int] = (0, 0)
    data: bytes = b""  # the JPEG or the SVG text
    logo: object = None  # pdf.Logo, drawn by overlay after the layout


@dataclass
class Pictures:
    folder: Path
    icc: Path
    sources: dict[str, Source] = field(default_factory=dict)  # by key: image, partners[2].logo…
    served: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # url → (bytes, type)
    cache: bool = True  # off: every request converts again (the benchmark's comparison)
    conversions: int = 0  # how many this process made (the tests count them)

    def get(self, key: str) -> Source | None:
        return self.sources.get(key)

    @property
    def fonts(self) -> list[Path]:
        """The font files the logos' live text was drawn with: inputs of the build as much as
        the logos (a system font changed changes the outlines)."""
        return sorted({font for source in self.sources.values() for font in source.fonts})

    def check(self, source: Source, placements: list[Placement], report: Report) -> bool:
        """Report a picture printed under a placement's floor (an error) or its target (a
        warning); False if it is too small for one of them."""
        if source.kind != "raster":
            return True
        sharp = True
        use, pixels = source.use, source.size
        for placement in placements:
            floor, good = placement.ppi
            resolution = placement.resolution(source)
            if resolution >= good:
                continue
            facts = dict(picture=shown(source), ppi=resolution, where=placement.where,
                         good=f"{good:g}", floor=f"{floor:g}")
            if resolution >= floor:
                report.warn(use.shown, use.line, use.key,
                            _("{picture} prints at {ppi:.0f} ppi on {where} ({good} ppi "
                              "wanted)").format(**facts),
                            _("it will look soft from close up; a larger file prints sharper"))
                continue
            width_cm, height_cm = place.largest_print_cm(pixels, floor)
            if use.role == "logo":
                hint = _("ask the partner for a larger file, or for the logo as SVG or PDF (vector)")
            else:
                hint = _("print it at most {width}×{height} cm: use a larger file (at least {floor} "
                         "ppi, {good} wanted)").format(width=width_cm, height=height_cm, **facts)
            report.error(use.shown, use.line, use.key,
                         _("{picture} prints at {ppi:.0f} ppi on {where}, under the {floor} ppi a "
                           "print needs").format(**facts), hint)
            sharp = False
        return sharp

    def needs(self, source: Source, placement: Placement) -> tuple[int, int] | None:
        """The pixels `source` would need to print at `placement`'s floor, or None when it has
        them (or is a drawing, sharp at any size)."""
        if source.kind != "raster" or placement.resolution(source) >= placement.ppi[0]:
            return None
        return place.pixels_for(placement.drawn_mm(source.aspect), placement.ppi[0])

    def ready(self, source: Source, sizes_mm: list[tuple[float, float]], report: Report,
              ground: tuple[float, ...] | None = None) -> Ready:
        """The picture converted for the largest of the drawn `sizes_mm`, ready to draw."""
        if source.kind == "pdf":
            return Ready("pdf", logo=source.vector)
        if source.kind == "svg":
            url = f"{URL_PREFIX}{source.sha256[:24]}.svg"
            data = source.vector.text.encode()
            self.served[url] = (data, "image/svg+xml")
            return Ready("svg", url, data=data)
        if source.mode not in ("RGBA", "LA"):
            ground = None  # only transparency shows the ground: one conversion serves all
        wanted = [place.pixels_for(size) for size in sizes_mm]
        needed = (min(max(w for w, _ in wanted), source.size[0]),
                  min(max(h for _, h in wanted), source.size[1]))
        try:
            converted = self.converted(source, needed, ground)
        except MemoryError as exc:
            # Past what PICTURE_MEMORY foresees (a machine with less memory, a limit set on the
            # process): the picture is named, not a traceback.
            source.release()
            use = source.use
            report.error(use.shown, use.line, use.key,
                         _("{name} ({width} × {height} px) could not be converted for print: the "
                           "memory ran out").format(name=use.name, width=grouped(source.size[0]),
                                                    height=grouped(source.size[1])),
                         _("save a smaller copy: 300 ppi at the printed size is enough"))
            raise ExpoprintError(report.errors, report.warnings) from exc
        limited = _("{picture} carries more than 300 % ink in places; its darkest areas were "
                    "reduced to the press's limit").format(picture=source.use.name)
        if converted.ink_limited and not any(p.message == limited and p.field == source.use.key
                                             for p in report.warnings):
            report.warn(source.use.shown, source.use.line, source.use.key, limited,
                        _("ask for a file separated for this press (FOGRA39, at most 300 % total "
                          "ink)"))
        tone = "" if ground is None else "-" + "-".join(f"{v:g}" for v in ground)
        url = (f"{URL_PREFIX}{source.sha256[:24]}-{converted.pixels[0]}x{converted.pixels[1]}"
               f"{tone}.jpg")
        self.served[url] = (converted.data, "image/jpeg")
        return Ready("raster", url, converted.pixels, converted.data)

    def converted(self, source: Source, pixels: tuple[int, int],
                  ground: tuple[float, ...] | None) -> Converted:
        """Converted once per file, size, ground and profile in a build (`cache`)."""
        key = (source.sha256, source.crop, source.use.role, pixels, ground, self.icc)
        if self.cache and key in CONVERTED:
            CONVERTED[key] = CONVERTED.pop(key)  # the most recently used goes last
            return CONVERTED[key]
        result = convert(source, pixels, ground, self.icc)
        source.release()  # decoded again only if another size is asked for
        self.conversions += 1
        CONVERTED[key] = result
        while len(CONVERTED) > KEEP_CONVERTED:
            del CONVERTED[next(iter(CONVERTED))]
        return result


def shown(source: Source) -> str:
    """A picture in a message: its file and its size in pixels."""
    return f"{source.use.name} ({grouped(source.size[0])} × {grouped(source.size[1])} px)"


# Conversions are kept by the process, not the build: a worker that makes two poster formats,
# and `serve` rebuilding after each save, convert a picture once for each size.
CONVERTED: dict[tuple, Converted] = {}
KEEP_CONVERTED = 8


def load_pictures(content: Content, icc: Path, report: Report) -> Pictures:
    """Read and check every picture the content names; problems go to `report`. The files
    join the content's files: they are part of its fingerprint and of its date."""
    pictures = Pictures(content.folder, icc)
    exhibition = content.exhibition
    shown = str(content.folder / "exhibition.yaml")
    uses: list[tuple[str, Use]] = []
    if exhibition.image:
        picture = exhibition.image
        uses.append(("image", Use(shown, picture.line, picture.key, picture.file, "photo")))
    for partner in (*exhibition.partners, *filter(None, [exhibition.logo])):
        uses.append((partner.key, Use(shown, partner.line, partner.key, partner.logo, "logo")))
    for artefact in content.artefacts or ():
        if artefact.image:
            key = artefact.field("image")
            uses.append((key, Use(artefact.source, artefact.line, key, artefact.image,
                                  "thumbnail", artefact.id)))
    for key, use in uses:
        if (source := read_source(content.folder, use, report, icc)) is not None:
            pictures.sources[key] = source
            if source.path not in content.files:  # a new picture is new content
                content.files.append(source.path)
    return pictures
