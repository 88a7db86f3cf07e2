"""Artefacts and events from spreadsheets: every format users save, the same labels from each,
and every problem worded in rows and columns, with exit 1 and the output folder untouched."""

from __future__ import annotations

import codecs
import functools
from datetime import date

import pytest
import spreadsheets as sheets
from click.testing import CliRunner
from conftest import FIXTURES, snapshot
from pdfread import page_text

from expoprint.build import run_build
from expoprint.cli import main
from expoprint.content import load_content
from expoprint.errors import Report

FORMATS = sheets.formats()


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def load(folder):
    report = Report()
    return load_content(folder, report), report


def messages(report: Report, folder) -> list[str]:
    return [str(p).replace(f"{folder}/", "") for p in report.problems]


def fails(content, out, *flags: str) -> str:
    """Build through the command line: exit 1, no traceback, `out` as it was; the output."""
    before = snapshot(out)
    result = run("build", "--content", str(content), "--out", str(out), "--only", "labels", *flags)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before
    return result.output.replace(f"{content}/", "")


def table_folder(tmp_path, name: str, data: bytes):
    return sheets.write_content(tmp_path / "content", name, data)


# --- the same artefacts from every format ------------------------------------------------------

def without_place(artefacts):
    return [(a.id, a.title, a.date, a.description, a.lender, a.inventory, a.url, a.room,
             a.position) for a in artefacts]


@pytest.fixture(scope="module")
def from_yaml(tmp_path_factory):
    folder = sheets.write_content(tmp_path_factory.mktemp("yaml") / "content", *FORMATS["yaml"])
    content, report = load(folder)
    assert report.problems == []
    assert len(content.artefacts) == 25
    return without_place(content.artefacts)


@pytest.mark.parametrize("name", [n for n in FORMATS if n != "yaml"])
def test_every_spreadsheet_format_gives_the_yaml_artefacts(tmp_path, from_yaml, name):
    content, report = load(table_folder(tmp_path, *FORMATS[name]))
    assert report.problems == []
    assert without_place(content.artefacts) == from_yaml


def label_texts(tmp_path, name: str) -> list[str]:
    folder = table_folder(tmp_path / name, *FORMATS[name])
    result = run_build(folder, tmp_path / name / "out", only=("labels",), sheets=("L7163",))
    # every format reads without a word to say; how the labels set the text (type shrunk to fit
    # the 18 pt the labels prefer) is the labels' to say, about their files
    assert [w for w in result.warnings if not w.output] == []
    texts = []
    for output in (o for o in result.outputs if o.path.startswith("labels/etiquettes")
                   or o.path.startswith("labels/cartels")):  # the labels, not the installers' list
        path = result.out_dir / output.path
        texts += [page_text(path, index) for index in range(output.pages)]
    return texts


def test_labels_print_the_same_text_from_every_format(tmp_path):
    expected = label_texts(tmp_path, "yaml")
    assert len(expected) == 25 + 2  # 25 cut labels, two sheets of 14
    joined = "\n".join(expected)
    # Word's quotes in a French cell print as guillemets; a date cell as a French date.
    assert "«\u202fLe Chant des partisans\u202f»" in joined.replace("\u00a0", "\u202f")
    assert "“" not in joined
    assert "1er septembre 1944" in joined.replace("\u00a0", " ") or "1ᵉʳ" in joined
    for name in FORMATS:
        if name != "yaml":
            assert label_texts(tmp_path, name) == expected, name


def test_identifiers_keep_their_form(tmp_path):
    """A postcode-like "01000" keeps its zero, a number cell 1944 prints without ".0"."""
    content, _ = load(table_folder(tmp_path, *FORMATS["xlsx"]))
    by_id = {a[0]: a for a in without_place(content.artefacts)}
    assert by_id["objet-06"][5] == "01000"
    assert by_id["objet-07"][5] == "1944"
    assert by_id["objet-05"][5] == "1944.12.3"


# --- columns ----------------------------------------------------------------------------------

def test_column_names_in_french_or_english_any_case_accents_or_spacing(tmp_path):
    header = ["ID", "TITRE", "title_EN", "datation", "Date (en)", "Notice", "texte (anglais)",
              "Crédit", "n°d’inventaire", "lien", "SALLE", "  Emplacement "]
    data = sheets.csv_bytes(sheets.rows()[:7], "utf-8", ";", header=header)
    content, report = load(table_folder(tmp_path, "artefacts.csv", data))
    assert report.problems == []
    first = content.artefacts[0]
    assert first.id == "objet-01" and first.title.translation("en") == "Object 1"
    assert first.lender.main == "Prêt du Musée de l'Armée"
    assert first.inventory == "01000"
    assert first.description.translation("en") == "Object number 1, on loan."
    # "lien" is the QR code's address, never the lender
    seventh = content.artefacts[6]
    assert seventh.url == "https://musee.test/fiche/7"
    assert seventh.lender.main == "Prêt du Musée de l'Armée"


def test_image_column_passes_its_text(tmp_path):
    data = (b"identifiant;titre;photo;Texte alternatif;Texte alternatif (anglais)\n"
            b"objet-1;Casque;images/casque.jpg;Un casque bleu;A blue helmet\n")
    content, report = load(table_folder(tmp_path, "artefacts.csv", data))
    assert report.problems == []
    assert content.artefacts[0].image == "images/casque.jpg"
    assert (content.artefacts[0].image_alt.main, content.artefacts[0].image_alt.translation("en")) == (
        "Un casque bleu", "A blue helmet")


def test_unknown_column_is_one_warning_and_an_error_with_strict(tmp_path, previous_output):
    data = ("identifiant;titre;Coleur;Tittre (anglais)\n"
            + "".join(f"objet-{i};Objet {i};rouge;x\n" for i in range(1, 30))).encode()
    folder = table_folder(tmp_path, "artefacts.csv", data)
    content, report = load(folder)
    found = messages(report, folder)
    assert found == [
        'artefacts.csv, row 1: column "Coleur" (C1): is not a column expoprint knows, so its '
        "cells are ignored (the columns are: identifiant, titre, datation, description, prêteur, "
        "n° d'inventaire, lien, photo, texte alternatif, facile à lire, salle, emplacement (or "
        "their English names))",
        'artefacts.csv, row 1: column "Tittre (anglais)" (D1): is not a column expoprint knows, '
        'so its cells are ignored (did you mean "titre (anglais)"?)']
    assert all(p.severity == "warning" for p in report.problems)
    assert len(content.artefacts) == 29
    output = fails(folder, previous_output, "--strict")
    assert 'artefacts.csv, row 1: column "Coleur" (C1): is not a column expoprint knows' in output


def test_a_french_header_never_gives_yaml_advice_or_an_error_per_row(tmp_path, previous_output):
    """The issue: "Titre" gave 51 errors with YAML advice. A header missing a required column
    is one error about the header row; rows are not blamed for it."""
    data = ("Identifiant;Nom\n" + "".join(f"objet-{i};Objet {i}\n" for i in range(1, 52))).encode()
    folder = table_folder(tmp_path, "artefacts.csv", data)
    output = fails(folder, previous_output)
    assert 'artefacts.csv, row 1: has no column "titre" (or "title") (add it to row 1: every ' \
           "row needs one)" in output
    assert output.count("error:") == 1
    assert "add a line" not in output and "line " not in output


def test_two_columns_for_one_field_are_an_error_naming_both(tmp_path):
    data = b"titre;id;title\nCasque;a-1;Helmet\n"
    folder = table_folder(tmp_path, "artefacts.csv", data)
    _, report = load(folder)
    assert messages(report, folder) == [
        'artefacts.csv, row 1: column "title" (C1): holds the same field as column "titre" (A1): '
        'only one of the two could be read (keep one of the two, or mark the translated one: '
        '"titre (anglais)")']


def test_row_problems_speak_of_rows_and_columns_all_at_once(tmp_path, previous_output):
    folder = table_folder(tmp_path, "artefacts.xlsx", sheets.xlsx_bytes(
        [["a-1", "Un", "https://musee.test/a"], ["a-1", "Deux", "https://musee.test/b"],
         ["a-3", None, "https://musee.test/c"], ["a 4", "Quatre", "ftp://musee.test/d"]],
        header=["Identifiant", "Titre", "Lien"]))
    output = fails(folder, previous_output)
    for expected in (
            "artefacts.xlsx, row 3: id 'a-1': is used twice (first on row 2)",
            'artefacts.xlsx, row 4: column "Titre": is empty (fill in the cell, e.g. Képi du '
            "général de Lattre)",
            'artefacts.xlsx, row 5: column "Identifiant": \'a 4\' may only hold letters',
            'artefacts.xlsx, row 5: column "Lien": \'ftp://musee.test/d\' is not a web address'):
        assert expected in output
    assert "line" not in output.replace("build failed", "")


def test_a_csv_row_with_more_cells_than_the_header_is_named(tmp_path):
    data = "id,title\na-1,Casque, modèle 1926\na-2,Képi\n".encode()
    folder = table_folder(tmp_path, "artefacts.csv", data)
    _, report = load(folder)
    assert messages(report, folder) == [
        "artefacts.csv, row 2: has 3 cells but row 1 names 2 columns (a cell holding the "
        "separator (; or ,) must be in quotes: export the file again from your spreadsheet "
        "program)"]


def test_header_need_not_be_in_the_first_row(tmp_path):
    book = sheets.xlsx_bytes([[None], ["Identifiant", "Titre"], ["a-1", "Casque"]],
                             header=[None])
    content, report = load(table_folder(tmp_path, "artefacts.xlsx", book))
    assert report.problems == []
    assert [(a.id, a.line) for a in content.artefacts] == [("a-1", 4)]


# --- files ------------------------------------------------------------------------------------

def test_two_artefact_sources_are_an_error_naming_both(tmp_path, previous_output):
    folder = table_folder(tmp_path, *FORMATS["xlsx"])
    (folder / "artefacts.csv").write_bytes(FORMATS["csv-utf8-comma"][1])
    output = fails(folder, previous_output)
    assert "artefacts.csv: and artefacts.xlsx are both in the content folder (keep one of the " \
           "two: move the other out of the folder)" in output


def test_a_misnamed_spreadsheet_is_pointed_out(tmp_path):
    folder = table_folder(tmp_path, "Artefacts.XLSX", FORMATS["xlsx"][1])
    (folder / "artefacts.xls").write_bytes(b"\xd0\xcf\x11\xe0old")
    _, report = load(folder)
    assert messages(report, folder) == [
        "Artefacts.XLSX: is not read: its name must be in small letters (rename it "
        "artefacts.xlsx)",
        "artefacts.xls: is in a format expoprint does not read (save it as YAML (.yaml), Excel "
        "(.xlsx), OpenDocument (.ods) or CSV (.csv), named artefacts.xlsx (or .ods, .csv))"]


@pytest.mark.parametrize(("data", "expected"), [
    (b"id;title\na-1;Casque\n", "artefacts.xlsx: is a text file (perhaps a CSV export) under a "
     "workbook's name (rename it artefacts.csv, or save it again as a workbook)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "artefacts.xlsx: is an old Excel file "
     "(.xls) under another name"),
    (b"PK\x03\x04broken", "artefacts.xlsx: cannot be read as a workbook"),
])
def test_a_file_that_is_not_a_workbook_is_named(tmp_path, previous_output, data, expected):
    assert expected in fails(table_folder(tmp_path, "artefacts.xlsx", data), previous_output)


def test_a_value_far_from_the_table_is_refused_before_it_exhausts_memory(tmp_path,
                                                                         previous_output):
    """calamine lays a sheet out as a full grid: A1 and XFD1048576 would be 17 billion cells."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["identifiant", "titre"])
    book.active.append(["a-1", "Casque"])
    book.active["XFD1048576"] = "oublié"
    data = io.BytesIO()
    book.save(data)
    output = fails(table_folder(tmp_path, "artefacts.xlsx", data.getvalue()), previous_output)
    assert "artefacts.xlsx: has a value as far as row 1,048,576, column XFD" in output


def test_a_workbook_whose_compressed_sheet_is_damaged_is_named(tmp_path):
    """A damaged deflate stream inside the archive (a download cut and patched, a bad USB key)
    is a message naming the file, never zlib's traceback."""
    import io
    import zipfile

    data = bytearray(sheets.xlsx_bytes(sheets.rows()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    data[start:start + 40] = bytes(byte ^ 0xFF for byte in data[start:start + 40])
    _content, report = load(table_folder(tmp_path, "artefacts.xlsx", bytes(data)))
    [problem] = report.problems
    assert problem.message.startswith("cannot be read as a workbook: Error -3 while "
                                      "decompressing data"), problem
    assert problem.hint == "open it in your spreadsheet program and save it again"


def test_an_empty_first_sheet_is_named(tmp_path):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.create_sheet("Objets").append(["identifiant", "titre"])
    data = io.BytesIO()
    book.save(data)
    folder = table_folder(tmp_path, "artefacts.xlsx", data.getvalue())
    _, report = load(folder)
    assert messages(report, folder) == [
        "artefacts.xlsx: its first sheet, 'Notes', is empty (the workbook has 2 sheets) "
        "(expoprint reads the first sheet: move the table's sheet first)"]


# --- encodings --------------------------------------------------------------------------------

def test_double_encoded_text_is_an_error_with_the_repaired_text(tmp_path, previous_output):
    """The issue: a CSV saved twice with the wrong encoding built with exit 0, even --strict."""
    text = "identifiant;titre;description\nchechia;ChÃ©chia;Coiffe dâ€™origine tunisienne\n"
    folder = table_folder(tmp_path, "artefacts.csv", text.encode("utf-8"))
    output = fails(folder, previous_output)
    assert "artefacts.csv, row 2: column \"titre\": 'ChÃ©chia' is garbled by a wrong encoding " \
           "(it should read 'Chéchia': retype it, or export the file again)" in output
    assert "column \"description\": 'Coiffe dâ€™origine tunisienne' is garbled by a wrong " \
           "encoding (it should read 'Coiffe d’origine tunisienne'" in output


def test_windows_1252_bytes_it_does_not_define_are_reported_not_crashed_on(tmp_path):
    data = "identifiant;titre\na-1;Cas\x81que\n".encode("latin-1")
    folder = table_folder(tmp_path, "artefacts.csv", data)
    _, report = load(folder)
    assert messages(report, folder) == [
        'artefacts.csv, row 2: column "titre": contains an invisible control character (U+0081) '
        "(retype the text, or paste it as plain text)"]


LATIN_LOCALES = ["fr", "en", "de", "es", "pt", "it", "nl", "pl", "cs", "sk", "hu", "ro", "sv",
                 "da", "nb", "fi", "is", "tr", "vi", "ca", "hr", "sl", "lt", "lv", "et"]


def test_ordinary_text_is_never_taken_for_garbled():
    """Tens of thousands of real names (countries, languages, currencies, months in 25
    languages), in capitals too, the default content and French typography: none is garbled."""
    from babel import Locale

    from expoprint.content.model import walk_text
    from expoprint.encodings import garbled

    corpus = ["« Venez nombreux ! »", "l’armée – 1944…", "1ᵉʳ mars, 3ᵉ division", "n° 12, 10 h",
              "Œuvre, cœur, Ÿ, ÇA, À L’ÉTÉ", "SÃO TOMÉ", "© Archives municipales", "½ € ™ ° ±"]
    for code in LATIN_LOCALES:
        locale = Locale.parse(code)
        for names in (locale.territories, locale.languages, locale.currencies):
            corpus += [name for name in names.values()]
        corpus += list(locale.months["format"]["wide"].values())
    corpus += [text.upper() for text in corpus]
    content, _ = load(FIXTURES.parent.parent / "content")
    for model in (content.exhibition, content.timeline, *content.artefacts):
        for _, text in walk_text(model):
            corpus += [text] if isinstance(text, str) else [text.main, text.translation("en") or ""]
    assert len(corpus) > 20_000
    assert [text for text in corpus if garbled(text)] == []


def test_the_quick_mojibake_test_agrees_with_ftfy_s_search_everywhere():
    """`looks_garbled` tries ftfy's pattern only where it can match (`mojibake_starts`): on
    real names, their mojibake through five wrong encodings, and random text made of the
    pattern's own characters, it must say what ftfy's `is_bad` says, text by text."""
    from expoprint.encodings import looks_garbled, mojibake_heuristic, mojibake_starts

    assert mojibake_starts() is not None  # else the quick test is not used at all
    is_bad = mojibake_heuristic().is_bad
    corpus = mojibake_corpus()
    disagree = [text for text in corpus if looks_garbled(text) != is_bad(text)]
    assert disagree == []
    assert sum(map(is_bad, corpus)) > 5_000  # garbled text is there to be found


def test_a_column_found_plain_holds_no_text_clean_text_would_refuse():
    """A table's column whose cells `plain_texts` finds plain skips `clean_text` cell by cell:
    on the mojibake corpus and on texts holding each control character, one at a time and
    fifty together, no text it passes is one `clean_text` would refuse."""
    import random

    import yaml

    from expoprint.mapping import CONTROL_CHARS, Mapping, plain_texts

    controls = [chr(code) for code in range(0x2030) if CONTROL_CHARS.match(chr(code))]
    corpus = mojibake_corpus()
    corpus += [f"Képi{control}bleu" for control in controls]
    corpus += ["Sur deux lignes,\nla seconde.", "« Besançon »", "l’été 1944", "10\u202fh"]
    corpus = [text.strip() for text in corpus if text.strip()]
    report = Report()
    mark = yaml.Mark("a.csv", 0, 0, 0, None, None)
    row = Mapping(yaml.MappingNode("tag:yaml.org,2002:map", [], mark, mark), "a.csv", "", report)
    refused = {text for text in corpus if row.clean_text("title", text, 10_000) != text}
    assert len(refused) > 5_000 and report.problems  # refusals are there to be found
    assert [text for text in corpus if plain_texts([text]) and text in refused] == []
    shuffled = random.Random(1944)
    for _ in range(500):
        column = shuffled.sample(corpus, 50)
        assert not plain_texts(column) or not refused.intersection(column), column
    # French as a museum types it is found plain, in the quick test and the real one alike
    french = ["Képi du général de Lattre", "Prêt du Musée de l'Armée", "Lettre d’un soldat – 1944",
              "Affiche « Besançon libérée »", "Objet n° 12, 10 h–17 h", "Sur deux\nlignes"]
    assert plain_texts(french) and [row.clean_text("title", t, 10_000) for t in french] == french


def mojibake_corpus() -> list[str]:
    """Real names, their mojibake through five wrong encodings, and random text made of ftfy's
    pattern's own characters (made once a test run: a second of babel's data)."""
    return list(made_mojibake_corpus())


@functools.cache
def made_mojibake_corpus() -> tuple[str, ...]:
    import random

    from babel import Locale

    from expoprint.encodings import mojibake_heuristic

    names = [name for code in [*LATIN_LOCALES, "ru", "el", "ar", "hi", "ja"]
             for name in Locale.parse(code).territories.values()]
    corpus = list(names)
    for codec in ("cp1252", "latin-1", "mac_roman", "cp437", "cp1251"):
        corpus += [name.encode("utf-8").decode(codec, errors="replace") for name in names]
    # « à » garbled, its no-break space turned to a space on the way: ftfy's pattern for it
    # starts two characters before the Ã (a letter, a space), the farthest of all
    phrases = ["déjà vu", "voilà tout", "Prête à partir", "un lit à baldaquin"]
    corpus += [phrase.encode("utf-8").decode("cp1252").replace("\xa0", " ").replace("Ã", f"{sep}Ã")
               for phrase in phrases for sep in ("", " ", "\t")]
    alphabet = sorted(set(mojibake_heuristic().BADNESS_RE.pattern) - set("[]|\\-()?*+^$#\n")) \
        + list("ab Z1.,'")
    shuffled = random.Random(1944)
    corpus += ["".join(shuffled.choices(alphabet, k=shuffled.randint(1, 12)))
               for _ in range(30_000)]
    return tuple(corpus)


# --- timeline from a table --------------------------------------------------------------------

EVENTS = [["date", "fin", "titre", "texte", "titre (anglais)", "texte (anglais)"],
          [date(1944, 9, 4), None, "L'arrivée", "Les Américains arrivent.", "Arrival",
           "The Americans arrive."],
          ["05/09/1944", "1944-09-06", None, "Ils entrent dans Besançon.", None, None]]


def test_timeline_events_from_a_table_alone_get_a_default_heading(tmp_path):
    folder = table_folder(tmp_path, "timeline.xlsx",
                          sheets.xlsx_bytes(EVENTS[1:], header=EVENTS[0]))
    content, report = load(folder)
    assert report.problems == []
    timeline = content.timeline
    assert (timeline.heading.main, timeline.heading.translation("en")) == ("Chronologie", "Timeline")
    assert [(e.date.edtf, e.end and e.end.edtf, e.text.main) for e in timeline.events] == [
        ("1944-09-04", None, "Les Américains arrivent."),
        ("1944-09-05", "1944-09-06", "Ils entrent dans Besançon.")]
    assert timeline.events[0].title.translation("en") == "Arrival"
    result = run_build(folder, tmp_path / "out", only=("leaflet",))
    assert "Ils entrent dans Besançon." in page_text(result.out_dir / result.outputs[0].path, 1)


def test_timeline_yaml_keeps_heading_and_figures_with_events_from_a_table(tmp_path):
    folder = table_folder(tmp_path, "timeline.csv",
                          "date;fin;titre;texte\r\n04/09/1944;;;Arrivée.\r\n".encode("cp1252"))
    (folder / "timeline.yaml").write_text("schema: 1\nheading: La libération\n"
                                          "figures: [{value: 80, label: soldats}]\n")
    content, report = load(folder)
    assert report.problems == []
    assert content.timeline.heading.main == "La libération"
    assert content.timeline.figures[0].value == 80
    assert content.timeline.events[0].text.main == "Arrivée."


def test_events_in_both_places_and_bad_dates_are_named(tmp_path, previous_output):
    folder = table_folder(tmp_path, "timeline.ods", sheets.ods_bytes(
        [["31/09/1944", "Un."], ["le 5 septembre", "Deux."], [None, "Trois."]],
        header=["Date", "Texte"]))
    _, report = load(folder)
    assert messages(report, folder) == [
        "timeline.ods, row 2: column \"Date\": '31/09/1944' is not a real calendar date (check "
        "the day and the month)",
        "timeline.ods, row 3: column \"Date\": 'le 5 septembre' is not a date of history (write a "
        "day (1944-09-04, 4 September 1944), a year (1850), a month (1884-03, March 1884), "
        "c. 1900, 1900?, an interval (1850–1950, 1850/1950), a century (17th century) or a year "
        "before the common era (52 BC))",
        'timeline.ods, row 4: column "Date": is empty (fill in the cell, e.g. 1944-09-04)']
    (folder / "timeline.yaml").write_text("schema: 1\nheading: H\nevents:\n"
                                          "  - {date: 1944-09-04, text: Un.}\n")
    _, report = load(folder)
    assert messages(report, folder) == [
        "timeline.yaml:3: events: are also listed in timeline.ods (keep the events in one place: "
        "delete `events:` here, or timeline.ods)"]


def test_spreadsheet_fixture_from_excel(tmp_path):
    """The fixture Excel wrote: BOM, `;`, a quoted cell with a line break and a `;`."""
    content, report = load(FIXTURES / "csv")
    assert report.errors == []
    first, second = content.artefacts
    assert first.description.main == "Un casque\nsur deux lignes; avec point-virgule"
    assert (first.url, second.url) == ("https://musee.test/1", "https://musee.test/objets/objet-2/")
    assert (first.line, second.line) == (2, 3)  # rows, as Excel numbers them
    result = run_build(FIXTURES / "csv", tmp_path, only=("labels",), sheets=("L7165",))
    assert [o.path for o in result.outputs] == ["labels/cartels-148x105mm.pdf",
                                                "labels/etiquettes-L7165-210x297mm.pdf",
                                                "labels/liste-pose.pdf", "labels/liste-pose.csv"]


@pytest.mark.parametrize(("data", "name"), [
    ("sep=,\r\nidentifiant,titre\r\na-1,Képi; modèle 1931\r\n".encode("cp1252"), "sep= line"),
    ("identifiant\ttitre\na-1\tKépi; modèle 1931\n".encode("utf-16-be"), "UTF-16 BE, no BOM"),
    ("identifiant\ttitre\na-1\tKépi; modèle 1931\n".encode("utf-16-le"), "UTF-16 LE, no BOM"),
    (codecs.BOM_UTF16_BE + "identifiant\ttitre\na-1\tKépi; modèle 1931\n".encode("utf-16-be"),
     "UTF-16 BE"),
    ("\r\n\r\nidentifiant,titre\r\na-1,Képi; modèle 1931\r\n".encode(), "blank lines first"),
    ("identifiant,titre\ra-1,Képi; modèle 1931\r".encode(), "CSV (Macintosh): CR"),
    ("sep=,\ridentifiant,titre\ra-1,Képi; modèle 1931\r".encode(), "sep= line, CR"),
    ('identifiant,"titre\r\n(anglais)",titre\r\na-1,Kepi,"Képi; modèle 1931"\r\n'.encode(),
     "a header cell holding a line break"),
    ('identifiant,"titre\r(anglais)",titre\na-1,Kepi,"Képi; modèle 1931"\n'.encode(),
     "a header cell holding a CR"),
])
def test_csv_dialects_users_meet(tmp_path, data, name):
    content, report = load(table_folder(tmp_path, "artefacts.csv", data))
    assert report.problems == [], name
    assert [(a.id, a.title.main) for a in content.artefacts] == [("a-1", "Képi; modèle 1931")], name


def test_the_separator_is_not_counted_inside_a_quoted_header_cell(tmp_path):
    """« Prêteur, collection, fonds, dépôt » is one column: its commas are no separators."""
    data = ('identifiant;titre;"Prêteur, collection, fonds, dépôt"\na-1;"Képi, modèle 1931";Musée\n'
            .encode())
    content, report = load(table_folder(tmp_path, "artefacts.csv", data))
    assert [(a.id, a.title.main) for a in content.artefacts] == [("a-1", "Képi, modèle 1931")]
    assert [p.severity for p in report.problems] == ["warning"]  # an unknown column, said once


def test_a_cell_too_long_for_its_field_is_named_in_a_plain_column(tmp_path):
    """A column of plain text is checked once for what `clean_text` refuses, but each cell
    still for its length: a 249-character title is an error naming its row and column."""
    rows = [f"objet-{n};Objet {n}" for n in range(2, 6)] + ["objet-6;" + "Képi " * 50]
    folder = table_folder(tmp_path, "artefacts.csv", "\n".join(["identifiant;titre", *rows]).encode())
    _content, report = load(folder)
    assert messages(report, folder) == [
        'artefacts.csv, row 6: column "titre": is 249 characters long, more than the 200 this '
        "field can print (shorten it)"]


def test_a_line_break_in_a_cell_is_one_whatever_the_system_wrote(tmp_path):
    """A quoted cell's line break, as Windows ("\r\n"), Unix or an old Mac wrote it, is one
    "\n"; rows end alike, whichever their end."""
    data = ('identifiant;titre;facile à lire\r\na-1;"Képi\r\nbleu";"Un képi.\rIl est bleu."\n'
            'a-2;Casque;"Un casque.\nIl est vert."\r').encode()
    content, report = load(table_folder(tmp_path, "artefacts.csv", data))
    assert report.problems == []
    assert [(a.id, a.title.main, a.falc.get("fr")) for a in content.artefacts] == [
        ("a-1", "Képi\nbleu", ("Un képi.", "Il est bleu.")),
        ("a-2", "Casque", ("Un casque.", "Il est vert."))]


def test_a_placeholder_in_one_row_of_many_is_named_once(tmp_path):
    """The artefacts' texts are searched at once first: the one row that holds a placeholder
    is still named, and only it; an address made from `qr_base_url` is not searched again."""
    rows = [f"objet-{n};Objet {n};Collection particulière" for n in range(2, 302)]
    rows[198] = "objet-200;Objet 200;Prêteur à compléter"
    folder = table_folder(tmp_path, "artefacts.csv",
                          "\n".join(["identifiant;titre;prêteur", *rows]).encode())
    exhibition = folder / "exhibition.yaml"
    exhibition.write_text(exhibition.read_text().replace("musee.test", "example.org"))
    content, report = load(folder)
    assert len(content.artefacts) == 300
    assert messages(report, folder) == [
        "exhibition.yaml: qr_base_url: still holds the placeholder 'example.org' (replace it "
        "with the real text before sending files to print)",
        "artefacts.csv, row 200: artefact 'objet-200'.lender: still holds the placeholder "
        "'à compléter' (replace it with the real text before sending files to print)"]


def test_a_row_gives_a_yaml_reader_the_nodes_it_asks_for():
    """A row holds its cells' texts, not YAML nodes; a reader that asks `values` or `lines`
    of a mapping gets them, on the row's line."""
    import yaml

    from expoprint.content.columns import TableRow

    row = TableRow(yaml.MappingNode("tag:yaml.org,2002:map", []), "a.csv", "row 7", Report(),
                   cells={"title": "Képi"}, number=7)
    assert [(key, node.value, node.start_mark.line + 1) for key, node in row.values.items()] == [
        ("title", "Képi", 7)]
    assert row.lines == {"title": 7} and row.line("title") == 7 and row.line() == 7
    assert row.present("title") and not row.present("lender")


def test_a_spreadsheet_speaks_of_its_rows_and_columns_in_french(tmp_path, previous_output,
                                                                monkeypatch):
    """Rows and columns as French Excel names them ("ligne 12", colonne "Titre"); exit 1 and
    the output folder untouched."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    rows = [[f"objet-{n}", f"Objet {n}", "x"] for n in range(2, 12)] + [["objet-12", None, "x"]]
    folder = table_folder(tmp_path, "artefacts.xlsx", sheets.xlsx_bytes(
        rows, header=["Identifiant", "Titre", "Tittre (anglais)"]))
    _, report = load(folder)
    empty = ('artefacts.xlsx, ligne 12: colonne "Titre": est vide (remplissez la cellule, par '
             "exemple Képi du général de Lattre)")
    assert messages(report, folder) == [
        'artefacts.xlsx, ligne 1: colonne "Tittre (anglais)" (C1): n’est pas une colonne '
        'qu’expoprint connaît : ses cellules sont ignorées (vouliez-vous dire "titre (anglais)" ?)',
        empty]
    output = fails(folder, previous_output).replace(str(previous_output), "")
    assert empty in output
    assert "row" not in output and "column" not in output



def test_every_column_is_a_key_its_reader_reads():
    """A table row's keys are not checked row by row (`TableRow.check_keys`): each column the
    header may name must be a key the artefact's or the event's reader allows, in every
    language."""
    from expoprint.content.artefacts import ARTEFACT_COLUMNS, artefact_keys
    from expoprint.content.fields import prose_keys, reading_in
    from expoprint.content.timeline import EVENT_COLUMNS, EVENT_KEYS

    with reading_in(("fr", "en", "de")):
        for columns, allowed in ((ARTEFACT_COLUMNS, artefact_keys()),
                                 (EVENT_COLUMNS, [*EVENT_KEYS, *prose_keys("title", "text")])):
            keys = {f.key for f in columns} | {f"{f.key}_{lang}" for f in columns
                                               if f.translated for lang in ("en", "de")}
            assert keys - set(allowed) == set()
