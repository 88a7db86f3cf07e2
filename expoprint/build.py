"""The build, top to bottom: hold the output folder → load and validate → select the products →
plan the parts (the cache) → make them (render, finish for press, check) → write.

A build asked again of the inputs it last built is answered before this module is imported: the
command line asks `unchanged.replay` first, which tells the last build again from its record.

The output folder is checked and locked first, so a folder that cannot take the build fails in
a blink, not after the render. Everything between happens in memory, and the write is all or
nothing, so any failure leaves the output folder as it was. Read this file to know what a build
does; each step lives in its own module.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from . import catalog, unchanged
from .bundled import FONTS, PACKAGE, LayoutFolders, layout_folders
from .cache import BuildCache, environment, file_digest, libraries, part_key, tree_digest
from .colours import apply_style, choose_roles
from .content import Content, load_content
from .errors import ExpoprintError, OptionError, Problem, Report
from .fonts import check_glyphs
from .i18n import _, language
from .images import Pictures, load_pictures
from .layouts import own_layout_faults, read_palette, read_press
from .outputs import Output
from .phrasebook import use_layouts
from .press import PressProfile
from .products import labels
from .products.base import BuildContext
from .request import BuildRequest, BuildResult, LabelOptions, content_label
from .workers import Made, Part, Schedule, awaited, make_all
from .writer import OutputFolder, content_digest, group
from .yamlnodes import quote

LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: a PDF date has four digits for the year


def build_date(files: Iterable[Path]) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else when the content last changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not re.fullmatch(r"[0-9]{1,12}", epoch) or int(epoch) > LATEST_EPOCH:
            raise ExpoprintError(Problem(
                "SOURCE_DATE_EPOCH", None, "",
                _("'{value}' is not a moment between 1970 and 9999 in seconds").format(
                    value=quote(epoch, 20)),
                _("unset it, or give whole seconds such as 1726876800")))
        return datetime.fromtimestamp(int(epoch), UTC)
    newest = max((int(path.stat().st_mtime) for path in files), default=0)
    return datetime.fromtimestamp(min(max(newest, 0), LATEST_EPOCH), UTC)


@dataclass
class Listeners:
    """Who hears the build as it goes, and the workers it may borrow: `progress` hears each
    product's name as it starts, `notice` anything worth a line before the end (waiting for
    another build in the same folder), `on_made` each part as soon as it is made, posters first
    (serve shows them before the rest is done); `executor`: worker processes to reuse (serve
    keeps two for every build) instead of forking new ones.

    serve's own: `planned` hears the parts to make with their keys before any starts (it gives
    up the parts of an earlier build that no longer belong), `first` orders them (the proof the
    browser shows first), `superseded` tells when a newer save makes this build pointless (it
    stops handing parts out, see workers.Superseded), and `preview` asks each part for previews
    of its pages as soon as it is rendered, its proof images being made at the end."""

    progress: Callable[[str], None] | None = None
    notice: Callable[[str], None] | None = None
    on_made: Callable[[Part, Made], None] | None = None
    executor: object = None
    planned: Callable[[dict[Part, str]], None] | None = None
    first: Callable[[list[Part]], list[Part]] | None = None
    superseded: Callable[[], bool] | None = None
    preview: bool = False


def run_build(content_dir: Path, out_dir: Path, *,
              progress: Callable[[str], None] | None = None,
              notice: Callable[[str], None] | None = None, executor=None,
              on_made: Callable[[Part, Made], None] | None = None, listeners: Listeners | None = None,
              **options) -> BuildResult:
    """Build `content_dir` into `out_dir`; `options` are the fields of `BuildRequest`;
    `listeners`: all of them at once (serve), instead of the first four."""
    return build(BuildRequest(content_dir, out_dir, **options),
                 listeners or Listeners(progress, notice, on_made, executor))


def build(request: BuildRequest, listeners: Listeners) -> BuildResult:
    """The whole build, phase by phase. The output folder is held for all of it: checked before
    the render, one build at a time (writer/lock.py)."""
    with OutputFolder(request.out_dir, request.content_dir, notice=listeners.notice) as folder:
        try:
            before = unchanged.snapshot(request)  # to know what it reads stood still
            loaded = load(request)
            ctx = select(request, loaded)
            plan = plan_build(request, ctx, before)
            make_parts(ctx, plan, listeners)
            return write(request, ctx, plan, folder, loaded.colour_notes, listeners)
        except ExpoprintError as error:
            error.problems = own_layout_faults(
                error.problems, layout_folders(request.content_dir, request.layouts))
            raise


@dataclass
class Loaded:
    """What the `load` phase read and checked, before any product is chosen."""

    content: Content
    layouts: LayoutFolders
    fonts: Path
    press: PressProfile
    palette: dict
    pictures: Pictures
    report: Report
    colour_notes: list[Problem] = field(default_factory=list)


def load(request: BuildRequest) -> Loaded:
    """Load and validate: the content, the layouts, the press profile, every picture."""
    report = Report()
    layouts = layout_folders(request.content_dir, request.layouts)
    use_layouts(layouts, report)  # the museum's own phrasebooks, checked before the content
    content = load_content(request.content_dir, report)
    press = read_press(layouts, report, icc=request.icc)
    palette = read_palette(layouts, report)
    report.raise_if_errors(request.strict)
    assert content is not None and press is not None
    pictures = load_pictures(content, press.icc, report)  # every file checked before rendering
    report.raise_if_errors(request.strict)
    return Loaded(content, layouts, request.fonts or FONTS, press, palette, pictures, report)


def select(request: BuildRequest, loaded: Loaded) -> BuildContext:
    """The products to make, and the colours they take; a build context for them."""
    content, report = loaded.content, loaded.report
    names = []
    wanted = dict.fromkeys(request.only or catalog.names())  # --only poster --only poster: once
    option = label_choice(request.sheets, request.label_options)
    if option and labels.NAME not in wanted:
        raise OptionError(option, _("applies to the labels, which --only leaves out"),
                          _("add --only labels"))
    optional: list[str] = []  # products the content did not ask for: said, never a warning
    for name in sorted(wanted, key=catalog.names().index):  # the kit's order: AFTER comes after
        product = catalog.load(name)
        if reason := product.needs(content):
            if request.only or (name == labels.NAME and option):
                report.error(str(request.content_dir), None, name,
                             _("cannot be built: {reason}").format(reason=reason))
            elif getattr(product, "OPTIONAL", False):
                optional.append(_("{product}: not built: {reason}").format(product=name,
                                                                          reason=reason))
            else:
                report.warn(str(request.content_dir), None, name,
                            _("skipped: {reason}").format(reason=reason))
        else:
            names.append(name)
    report.raise_if_errors(request.strict)
    # The colours each role takes: a brand colour that cannot carry text keeps its other uses.
    # What changed is told beside the build's warnings, never an error: a museum's brand is
    # not the content's to fix, so --strict does not refuse it.
    palette, loaded.colour_notes = choose_roles(apply_style(loaded.palette, content.exhibition),
                                                content.exhibition, loaded.press.icc,
                                                str(content.folder / "exhibition.yaml"), report)
    report.raise_if_errors(request.strict)
    ctx = BuildContext(content=content, layouts=loaded.layouts, fonts=loaded.fonts,
                       press=loaded.press, created=build_date(content.files), report=report,
                       palette=palette, sheets=request.sheets,
                       label_options=request.label_options, pictures=loaded.pictures,
                       formats=request.formats, names=tuple(names), notes=optional)
    if labels.NAME in names:
        labels.check_options(ctx)  # a mistyped --sheet or --id: said before anything renders
    return ctx


@dataclass
class Plan:
    """Each part of each product with the key of what it is made from (cache.py); the parts
    the cache already holds, made; the others to render."""

    keys: dict[Part, str]
    cache: BuildCache
    made: dict[Part, list[Output]] = field(default_factory=dict)
    told: list[str] = field(default_factory=list)  # what the products say besides their files
    todo: list[Part] = field(default_factory=list)
    pages: dict = field(default_factory=dict)  # page images the workers made, for the proofs
    shown: dict = field(default_factory=dict)  # the previous proof's fingerprints (serve's)
    said: list[Problem] = field(default_factory=list)  # the warnings before the parts'
    said_by: dict[Part, list] = field(default_factory=dict)  # each part's [problems, notes]
    steady: bool = False  # the content did not change while it was read: cache what is made
    fingerprint: str | None = None  # what the build depends on (unchanged.fingerprint)


def plan_build(request: BuildRequest, ctx: BuildContext, before: list | None = None) -> Plan:
    """Plan: every part, its key, and what the cache already holds of it. `before`: what the
    build reads as it stood before it was read (`unchanged.snapshot`)."""
    report = ctx.report
    also = {path: file_digest(path) for path in also_read(ctx)}
    common = build_inputs(ctx, also)
    digests = {path: file_digest(path) for path in ctx.content.files}
    keys: dict[Part, str] = {}
    for part in plan_parts(ctx, list(ctx.names), request.proofs):  # a key holds those it reads
        keys[part] = part_key_of(ctx, part, common, digests,
                                 [keys[p] for p in keys if p.product in after_of(part.product)])
    report.raise_if_errors(request.strict)  # a part left out (a format its picture cannot fill)
    said = list(report.problems)  # what a replay tells before its parts' (not the cache's)
    plan = Plan(keys, BuildCache(request.out_dir, report), told=list(ctx.notes), said=said)
    # Keys, cache and record are made from the files as they are now: only if they are still
    # those the build read. serve's and proof's builds are never replayed (unchanged.py).
    plan.steady = before is not None and unchanged.snapshot(request) == before
    if plan.steady and not request.proofs:
        plan.fingerprint = unchanged.fingerprint(request, {**digests, **also})
    for part, key in keys.items():
        if (hit := plan.cache.get(key, request.out_dir)) is not None:
            plan.made[part], *plan.said_by[part] = hit
    plan.todo = [part for part in keys if part not in plan.made]
    if request.proofs:
        from .proofs import previous_proof

        plan.shown = previous_proof(request.out_dir)
    if plan.todo:  # parts from the cache passed this check when they were made, from this content
        check_glyphs(ctx.content, ctx.fonts, report)
        report.raise_if_errors(request.strict)
    return plan


def make_parts(ctx: BuildContext, plan: Plan, listeners: Listeners) -> None:
    """Make: render, finish and check each part to do in the worker processes."""
    announced: set[str] = set()

    def started(part: Part) -> None:
        if listeners.progress and part.product not in announced:
            announced.add(part.product)
            listeners.progress(part.product)

    order = seen_first(plan.todo) if listeners.on_made else slowest_first(plan.todo)
    if listeners.first:
        order = listeners.first(order)
    order = [replace(part, key=plan.keys[part], preview=listeners.preview) for part in order]
    if listeners.planned:
        listeners.planned({part: part.key for part in order})
    schedule = Schedule(order, list(plan.keys), dict(plan.made),
                        {name: after_of(name) for name in ctx.names})
    later: dict = {}  # serve's proof images, a page a task, behind the parts
    for part, result in make_all(ctx, schedule, started, listeners.executor,
                                 listeners.superseded):
        if listeners.on_made:
            listeners.on_made(part, result)
        if listeners.preview and not result.failed:
            from .proofs import render_later

            later.update(render_later(result.outputs, plan.shown, listeners.executor))
        plan.made[part] = result.outputs
        plan.said_by[part] = [result.problems, result.notes]
        plan.pages.update(result.pages)
        if not result.failed and plan.steady:
            plan.cache.put(plan.keys[part], result.outputs, result.problems, result.notes)
    awaited([future for pages in later.values() for future in pages], listeners.superseded)
    plan.pages.update({path: [future.result()[0] for future in pages]
                       for path, pages in later.items()})
    # Each part's warnings and notes in the kit's order, whichever part finished first (a
    # replay tells them in that order too). Parts of one product find the same problem of their
    # shared input (a picture too small for one format, seen by every format's part): each is
    # said once.
    for problems, notes in (plan.said_by[part] for part in plan.keys if part in plan.said_by):
        ctx.report.problems += problems
        plan.told += notes
    ctx.report.problems = list(dict.fromkeys(ctx.report.problems))
    plan.told = list(dict.fromkeys(plan.told))


def write(request: BuildRequest, ctx: BuildContext, plan: Plan, folder: OutputFolder,
          colour_notes: list[Problem], listeners: Listeners) -> BuildResult:
    """Write, all or nothing: the files (and the proofs, when asked), the manifest, the cache.

    A part of the kit chosen by the user: the previous build's other files may stay, if they
    come from the same content. --sheet narrows the labels, whose other sheets are then kept,
    and --format the posters; a reprint or a test print is a set of its own beside the labels'
    full set, and replaces only the previous reprint or test print. Proofs show the PDFs of the
    build that made them: any other build removes them."""
    report = ctx.report
    report.raise_if_errors(request.strict)
    outputs = [output for part in plan.keys for output in plan.made[part]]  # the kit's order
    if not outputs:
        raise ExpoprintError(Problem(str(request.content_dir), None, "", _("nothing to build"),
                                     _("check --only and the content files")))
    record = None
    if request.proofs:
        from .proofs import make_proofs

        if listeners.progress:
            listeners.progress("proofs")
        proof_files, record = make_proofs(outputs, colour_notes + report.warnings, folder.root,
                                          ctx.content.exhibition.title.main, ctx.palette,
                                          plan.pages, listeners.executor)
        outputs += proof_files
    batch = labels.batch_of(request.label_options)
    narrowed = ({labels.NAME} if request.sheets or batch else set()) | \
        ({"poster"} if request.formats else set())
    complete = set(ctx.names) - narrowed | {"proofs"}
    if batch and labels.NAME in ctx.names:
        complete.add(group(labels.NAME, batch))
    content_sha256 = content_digest(ctx.content.folder, ctx.content.files)
    written = folder.write(outputs, content_label(request.content_dir), content_sha256,
                           partial=request.partial, complete=complete, proof=record)
    plan.cache.last = unchanged.record(request, plan.fingerprint,
                                       [*ctx.content.files, *also_read(ctx)],
                                       list(plan.keys.values()), plan.said, colour_notes,
                                       ctx.notes, complete, content_sha256)
    plan.cache.save(set(plan.keys.values()))
    return BuildResult(outputs, colour_notes + report.warnings + written.warnings,
                       written.manifest, request.out_dir, written.notes, plan.told,
                       rendered=[part.label for part in plan.todo], changed=written.changed)


def label_choice(sheets: tuple[str, ...], options: LabelOptions) -> str | None:
    """The first label option the user gave, as typed on the command line, or None."""
    given = {"--sheet": bool(sheets), "--id": bool(options.ids), "--outline": options.outline,
             "--first-label": options.first_label != 1, "--offset": options.offset_mm != (0.0, 0.0)}
    return next((option for option, present in given.items() if present), None)


def plan_parts(ctx: BuildContext, names: list[str], proofs: bool = False) -> list[Part]:
    """Every part of every product to build, each dated by the content files its product reads."""
    parts = []
    for name in names:
        product = catalog.load(name)
        created = build_date(product_inputs(name, ctx.content))
        pieces = product.parts(ctx) if hasattr(product, "parts") else [None]
        parts += [Part(name, piece, created, proofs) for piece in pieces]
    return parts


def after_of(product: str) -> tuple[str, ...]:
    """The products whose files this product reads (its `AFTER`)."""
    return getattr(catalog.load(product), "AFTER", ())


def seen_first(parts: list[Part]) -> list[Part]:
    """The posters first: what someone watching the proofs looks at before the rest."""
    return sorted(parts, key=lambda p: p.product != "poster")


def slowest_first(parts: list[Part]) -> list[Part]:
    """The slow kinds first, so that two workers finish together."""
    slow = ("leaflet", "web", "labels", "social", "booklet")  # web: once the leaflet is made
    return sorted(parts, key=lambda p: slow.index(p.product) if p.product in slow else len(slow))


def product_inputs(name: str, content: Content) -> list[Path]:
    ignores = getattr(catalog.load(name), "IGNORES", ())
    return [path for path in content.files if path.stem not in ignores]


def also_read(ctx: BuildContext) -> list[Path]:
    """The files a build reads besides the content's, code, layouts and fonts: the press
    profile (wherever the layouts name it) and the fonts the logos' live text was drawn with."""
    return [ctx.press.icc, *ctx.pictures.fonts]


def build_inputs(ctx: BuildContext, also: dict[Path, str]) -> list:
    """What every part of this build is made from besides the content: the code, the libraries
    and what the environment tells them, the layouts, the fonts, the profile and the options;
    digested once a build (`also`: the digests of `also_read`'s files)."""
    return [tree_digest(PACKAGE, "*.py"), libraries(), environment(),
            *map(tree_digest, ctx.layouts.folders),
            tree_digest(ctx.fonts), list(also.values()),
            asdict(ctx.press), ctx.palette,
            ctx.sheets, ctx.formats, asdict(ctx.label_options)]


def part_key_of(ctx: BuildContext, part: Part, common: list, digests: dict[Path, str],
                earlier: list[str]) -> str:
    """What a part's bytes depend on (cache.py): the build's `common` inputs, the content files
    its product reads (by their `digests`), the keys of the parts whose files it reads
    (`earlier`), and the language of the warnings and notes the cache keeps with them: a build in
    French must not replay an English build's messages."""
    return part_key(
        VERSION_OF_CACHE, language(), part.product, part.part, part.created.isoformat(), earlier,
        common, [(path.relative_to(ctx.content.folder).as_posix(), digests[path])
                 for path in product_inputs(part.product, ctx.content)])


VERSION_OF_CACHE = 1
