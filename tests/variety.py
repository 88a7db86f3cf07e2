"""A corpus of generated exhibitions as museums announce them, and what is measured on each.

Titles from « Ô » to a subtitle-length sentence and one 25-letter word, photos of every shape
(3:2, 2:3, 1:1, 3:1, 1:2, none) and size, 0 to 12 partner logos (and, one exhibition in four,
the organiser's own logo: an SVG with live text, converted to outlines), brand palettes (an orange or a
yellow accent a museum cannot change), and facts from a weekend to a museum's year (seasons, a
lunch break, a price list). Each exhibition is one row of the table: its values cycle through
lists of co-prime lengths, so every value appears and meets many others; nothing is random.

Used by `tests/test_variety.py` (the measures asserted) and `benchmarks/variety.py` (the table
printed). The measures read the built PDFs as a printer or a visitor would: the title's size, the
hierarchy of the facts, the largest empty area of each poster.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pictures import FONT, jpeg, scene
from PIL import Image, ImageDraw, ImageFont

TITLES = [
    ("Ô", "Oh"),
    ("Le Débarquement", "The Landing"),
    ("Anticonstitutionnellement", "Anticonstitutionally"),
    ("Les Origines du monde. L'invention de la nature au XIXᵉ siècle",
     "The Origins of the World. The Invention of Nature in the 19th Century"),
    ("Horlogers", "Watchmakers"),
    ("Cinquante ans de photographie amateur en Franche-Comté",
     "Fifty Years of Amateur Photography in Franche-Comté"),
    ("Vauban, l'architecte du roi", "Vauban, the King's Architect"),
]
# (width, height) in pixels; None: no photo
PHOTOS = [(5000, 3333), (3333, 5000), (4000, 4000), (6000, 2000), (2500, 5000), None,
          (3000, 2000), (1800, 2700), None, (5000, 1667), (2000, 2000)]
LOGOS = [0, 3, 8, 1, 12, 5]
PALETTES = [
    None,
    {"primary": [1, 0.8, 0.25, 0.35], "accent": [0, 0.45, 1, 0], "paper": [0, 0, 0.04, 0]},
    {"primary": [0.9, 0.3, 0.95, 0.4], "accent": [0, 0.1, 0.95, 0], "paper": [0, 0, 0, 0]},
    {"primary": [0.15, 0.95, 0.75, 0.5], "accent": [0, 0.2, 0.6, 0], "paper": [0.02, 0.02, 0.06, 0]},
    {"primary": [0.75, 0.6, 0.5, 0.8], "accent": [0.95, 0, 0.35, 0], "paper": [0, 0, 0, 0]},
]
FACTS = ["weekend", "museum", "season", "free-text"]


@dataclass(frozen=True)
class Exhibition:
    number: int
    title: tuple[str, str]
    photo: tuple[int, int] | None
    logos: int
    palette: dict | None
    facts: str

    @property
    def organiser(self) -> bool:
        """One in four has its own logo, an SVG whose word is live text in the kit's Lato."""
        return self.number % 4 == 1

    @property
    def name(self) -> str:
        shape = "none" if self.photo is None else shape_name(*self.photo)
        return f"{self.number:02d}-{shape}-{self.logos}logos-{self.facts}"


def shape_name(width: int, height: int) -> str:
    ratio = width / height
    return ("panorama" if ratio >= 2.5 else "landscape" if ratio > 1.2 else
            "square" if ratio >= 0.85 else "portrait" if ratio >= 0.6 else "tall")


def corpus(count: int = 33) -> list[Exhibition]:
    return [Exhibition(i, TITLES[i % len(TITLES)], PHOTOS[i % len(PHOTOS)], LOGOS[i % len(LOGOS)],
                       PALETTES[i % len(PALETTES)], FACTS[i % len(FACTS)]) for i in range(count)]


FACTS_YAML = {
    "weekend": """dates: [2025-09-20, 2025-09-21]
hours: {open: "10:00", close: "18:00"}
admission: Entrée libre
admission_en: Free admission
venue: {name: Salle des fêtes, city: Dole}
""",
    "museum": """dates: {from: 2025-03-01, to: 2025-12-31}
closed: [lundi, 2025-05-01, 2025-11-01]
hours:
  - {days: [mardi..dimanche], periods: ["10:00-12:00", "14:00-18:00"]}
  - {days: [jeudi], periods: ["10:00-12:00", "14:00-21:00"]}
admission:
  - {label: Plein tarif, label_en: Full price, price: "8,00 €"}
  - {label: Tarif réduit, label_en: Reduced price, price: 5}
  - {label: Famille (2 adultes et enfants), label_en: Family (2 adults and children), price: "19.50"}
  - {label: Moins de 18 ans, label_en: Under 18, price: gratuit}
venue: {name: Musée des Beaux-Arts et d'Archéologie, address: 1 place de la Révolution,
        postcode: "25000", city: Besançon}
accessibility: Accessible aux personnes à mobilité réduite
accessibility_en: Accessible to people with reduced mobility
contact: {phone: "03 81 87 80 67", email: musee@example.test}
""",
    "season": """dates: {from: 2025-04-01, to: 2025-10-31}
closed: [mardi]
hours:
  - {periods: ["10:00-12:30", "13:30-18:00"]}
  - {months: [juillet, août], periods: ["10:00-19:00"]}
admission:
  - {label: Plein tarif, label_en: Full price, price: 6}
  - {label: Moins de 12 ans, label_en: Under 12, price: 0}
venue: {name: Maison du patrimoine, address: 2 rue de l'Église, postcode: "25500", city: Morteau}
""",
    "free-text": """dates: {from: 2025-06-14, to: 2025-09-14}
hours_text: Tous les jours de 9 h à 19 h, nocturnes le vendredi jusqu’à 22 h en juillet
hours_text_en: Daily 9 am–7 pm, late opening on Fridays until 10 pm in July
admission: Entrée libre
admission_en: Free admission
venue: {name: Citadelle, city: Besançon}
""",
}


def write(exhibition: Exhibition, folder: Path) -> Path:
    """The content folder of one exhibition of the corpus, with its pictures."""
    folder.mkdir(parents=True, exist_ok=True)
    title, title_en = exhibition.title
    lines = ["schema: 1", "kind: Exposition", "kind_en: Exhibition",
             f"title: {quoted(title)}", f"title_en: {quoted(title_en)}",
             "subtitle: Une exposition du corpus de variété",
             "subtitle_en: An exhibition of the variety corpus",
             FACTS_YAML[exhibition.facts].rstrip("\n")]
    if exhibition.palette:
        lines.append("style:")
        lines += [f"  {role}: {values}" for role, values in exhibition.palette.items()]
    if exhibition.photo:
        (folder / "images").mkdir(exist_ok=True)
        (folder / "images" / "affiche.jpg").write_bytes(jpeg(scene(exhibition.photo)))
        lines.append("image: {file: images/affiche.jpg, credit: Photo du corpus, credit_en: Corpus photo, "
                     "alt: Un paysage de collines sous le soleil, "
                     "alt_en: A landscape of hills under the sun}")
    if exhibition.organiser:
        (folder / "logos").mkdir(exist_ok=True)
        (folder / "logos" / "organisateur.svg").write_text(ORGANISER, encoding="utf-8")
        lines.append("logo: {file: logos/organisateur.svg, name: Musée du corpus}")
    if exhibition.logos:
        (folder / "logos").mkdir(exist_ok=True)
        lines += ["partners:", "  heading: Avec le soutien de", "  logos:"]
        for index in range(exhibition.logos):
            name = f"logos/partenaire-{index + 1}.png"
            logo(folder / name, index)
            lines.append(f"    - {{name: Partenaire {index + 1}, logo: {name}}}")
    lines += ["about:", "  - Une exposition faite pour mesurer la mise en page sur des contenus "
              "variés.", "about_en:", "  - An exhibition made to measure the layout on varied "
              "content."]
    (folder / "exhibition.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "timeline.yaml").write_text(TIMELINE, encoding="utf-8")
    (folder / "artefacts.yaml").write_text(ARTEFACTS, encoding="utf-8")
    return folder


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def logo(path: Path, index: int) -> None:
    """A partner's logo of its own shape: wide, square or tall marks with a word."""
    shapes = [(900, 300), (400, 400), (300, 600), (1200, 240)]
    width, height = shapes[index % len(shapes)]
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    hue = [(0, 60, 140), (200, 30, 40), (20, 120, 60), (90, 40, 120)][index % 4]
    draw.ellipse((0, 0, min(width, height), min(width, height)), fill=(*hue, 255))
    if width > height:
        size = max(20, height // 3)
        draw.text((min(width, height) + 20, height // 3), f"P{index + 1}",
                  font=ImageFont.truetype(str(FONT), size), fill=(*hue, 255))
    image.save(path)


ORGANISER = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 90">
<rect x="0" y="5" width="80" height="80" fill="#7a1f2b"/>
<text x="95" y="62" font-family="Lato" font-weight="bold" font-size="44" fill="#7a1f2b">Musée</text>
</svg>
"""
TIMELINE = """schema: 1
heading: Repères
heading_en: Milestones
events:
  - {date: 1850, text: Premier repère du corpus., text_en: First milestone of the corpus.}
  - {date: vers 1900, text: Deuxième repère., text_en: Second milestone.}
  - {date: 1914-08, text: Troisième repère., text_en: Third milestone.}
  - {date: 1944-09-08, text: Quatrième repère., text_en: Fourth milestone.}
"""
ARTEFACTS = """schema: 1
artefacts:
  - {id: objet-1, title: Premier objet, title_en: First object, date: vers 1900,
     description: Un texte court sur le premier objet., description_en: A short text on the first object.,
     url: "https://musee.test/objets/objet-1/"}
  - {id: objet-2, title: Second objet, title_en: Second object, lender: Collection privée,
     description: Un second texte court., description_en: A second short text.}
"""


# --- measures read from a built poster ------------------------------------------------------------

def largest_empty_share(image: Image.Image, cell: int = 8, tolerance: float = 6.0) -> float:
    """The largest axis-aligned rectangle of flat colour (cells of `cell` px whose pixels all lie
    within `tolerance` of one colour, the same for the whole rectangle's cells), as a share of
    the page: an area a designer left empty, whatever its colour."""
    grey = image.convert("L")
    columns, rows = grey.width // cell, grey.height // cell
    pixels = grey.load()
    flat: list[list[int | None]] = []
    for row in range(rows):
        line: list[int | None] = []
        for column in range(columns):
            values = [pixels[column * cell + x, row * cell + y]
                      for x in range(0, cell, 2) for y in range(0, cell, 2)]
            low, high = min(values), max(values)
            line.append(round(sum(values) / len(values) / 8) if high - low <= tolerance else None)
        flat.append(line)
    best = 0
    for tone in {value for line in flat for value in line if value is not None}:
        heights = [0] * columns
        for line in flat:
            heights = [height + 1 if value == tone else 0 for height, value in zip(heights, line,
                                                                                   strict=True)]
            best = max(best, largest_rectangle(heights))
    return best / (columns * rows)


def largest_rectangle(heights: list[int]) -> int:
    """The largest rectangle under a histogram (a stack of rising bars)."""
    stack: list[tuple[int, int]] = []
    best = 0
    for index, height in enumerate([*heights, 0]):
        start = index
        while stack and stack[-1][1] >= height:
            start, top = stack.pop()
            best = max(best, top * (index - start))
        stack.append((start, height))
    return best


def text_sizes(path: Path, index: int = 0) -> list[tuple[str, float]]:
    """Each line of text of a page with its font size in points, largest first."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[index].get_textpage()
        sizes: dict[float, list[str]] = {}
        for i in range(page.count_chars()):
            char = page.get_text_range(i, 1)
            if char.strip():
                size = round(raw.FPDFText_GetFontSize(page.raw, i), 1)
                sizes.setdefault(size, []).append(char)
        return sorted(((("".join(chars)), size) for size, chars in sizes.items()),
                      key=lambda item: -item[1])
    finally:
        document.close()


def size_of(path: Path, words: str, index: int = 0) -> float:
    """The largest font size at which a run of `words` (spaces aside) is printed on the page."""
    wanted = "".join(words.split()).lower()
    found = [size for text, size in text_sizes(path, index)
             if wanted[: min(len(wanted), 6)] in "".join(text.split()).lower()]
    return max(found, default=math.nan)


@dataclass
class Measures:
    built: bool
    problems: list[str]
    posters: dict[str, Path]  # variant → file
    own_findings: list[str]  # the build's preflight on its own files
    title_pt: dict[str, float]  # "A3", "XL" (120 × 176 cm) → the title's size
    hierarchy: bool  # on the A3 poster: title > dates > venue
    empty: dict[str, float]  # variant → largest empty share of the trim


def measure_kit(content: Path, out: Path) -> Measures:
    """Build everything, then measure it as a printer and a visitor would."""
    from expoprint.build import run_build
    from expoprint.content import load_content
    from expoprint.errors import ExpoprintError, Report
    from expoprint.facts import facts

    try:
        result = run_build(content, out)
    except ExpoprintError as error:
        return Measures(False, [str(p) for p in error.problems], {}, [], {}, False, {})
    posters = {path.stem.split("-")[1]: path for path in sorted((out / "poster").glob("*.pdf"))}
    own = [str(w) for w in result.warnings if w.message.startswith("[")]
    loaded = load_content(content, Report())
    assert loaded is not None
    title = loaded.exhibition.title.main
    said = facts(loaded.exhibition, "fr")
    sizes = {"A3": size_of(posters["A3"], title)} if "A3" in posters else {}
    xl = next((path for variant, path in posters.items() if variant.startswith("120x176")), None)
    if xl:
        sizes["XL"] = size_of(xl, title)
    hierarchy = False
    if "A3" in posters:
        dates = size_of(posters["A3"], str(said["dates"]))
        venue = size_of(posters["A3"], loaded.exhibition.venue.name)
        hierarchy = sizes["A3"] > dates > venue
    empty = {variant: largest_empty_share(trim_picture(path)) for variant, path in posters.items()}
    return Measures(True, [str(w) for w in result.warnings], posters, own, sizes, hierarchy, empty)


def trim_picture(path: Path, long_side: int = 400) -> Image.Image:
    """The poster's trim (no bleed, no marks) as a picture `long_side` pixels high."""
    import pikepdf
    import pypdfium2

    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        media = [float(v) for v in page.MediaBox]
        trim = [float(v) for v in page.TrimBox]
    scale = long_side / max(trim[2] - trim[0], trim[3] - trim[1])
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    left = (trim[0] - media[0]) * scale
    top = (media[3] - trim[3]) * scale
    return image.crop((round(left), round(top), round(left + (trim[2] - trim[0]) * scale),
                       round(top + (trim[3] - trim[1]) * scale)))
