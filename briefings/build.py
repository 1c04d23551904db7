"""The pipeline: load -> check -> plan -> html -> outputs (PDFs, downloads) -> publish, the
search index made as the HTML is written (and finished after the outputs).

Read `build()` top to bottom to see everything a build does; each step lives in the module
of the stage it belongs to.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from . import files
from .content import prose
from .content.check import all_records, check
from .content.images import image_size
from .content.load import load_corpus, load_settings, relative
from .content.model import (
    Address,
    Corpus,
    Markdown,
    Partnership,
    Settings,
    Text,
    marker,
    walk,
)
from .content.prose import SCHEME
from .content.reviews import embargo_notes, publishable
from .outputs import Pdf, PdfPages
from .problems import ContentError, Pos, Problem, doing, errors
from .project import Project
from .publish import PUBLISHERS, Target
from .publish.assets import copy_assets
from .publish.freshness import fingerprint, last_warnings, remember
from .publish.output import claim, locked, staging, write
from .publish.pdf import Progress, write_pdfs
from .publish.search import Index
from .render.html import environment, labels, render_all
from .render.pages import Page
from .render.plan import plan


@dataclass
class BuildResult:
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    pdfs_rendered: int = 0
    pdfs_cached: int = 0
    up_to_date: bool = False  # nothing changed since the last build: nothing was done


def load(project: Project, strict: bool = False) -> tuple[Corpus, list[Problem]]:
    """Read and check everything. Raises ContentError listing every error found (and, if
    `strict`, every warning too, as an error)."""
    problems: list[Problem] = []
    if not project.settings_file.exists():
        raise ContentError([Problem(Pos(str(project.settings_file), 1, 1),
                                    "no briefings.yaml here",
                                    "run the command in a project folder, or pass --project")])
    settings = load_settings(project.settings_file, project.root, problems)
    if settings is None:  # still check the content, so every problem is reported at once
        where = Pos(relative(project.settings_file, project.root), 1, 1)
        settings = Settings(title=Text("", where), partnership=Partnership(name=Text("", where)))
    corpus = load_corpus(project.content, settings, project.root, problems)
    problems += check(corpus)
    problems += project_files(project)
    problems += embargo_notes(corpus, settings.today or dt.date.today())
    problems += logo(project, settings.partnership.logo)
    problems += linked_files(project, corpus)
    if strict:
        problems = [dataclasses.replace(p, warning=False) for p in problems]
    if errors(problems):
        raise ContentError(problems)
    return corpus, problems


def project_files(project: Project) -> list[Problem]:
    """Everything the build publishes or reads as it is (assets/, the project's templates/)
    must really be inside the project: a link leading out is an error, and never read."""
    out = []
    for folder in (project.assets, *project.own_templates):
        for path, refused in files.judged(folder, [project.root]):
            if refused:
                out.append(Problem(Pos(str(path.relative_to(project.root)), 1, 1), *refused))
    return out


def logo(project: Project, logo) -> list[Problem]:
    """The logo is one of the project's assets (it is published from assets/)."""
    if not logo:
        return []
    path = project.root / logo
    if not path.resolve().is_relative_to(project.assets.resolve()):
        return [Problem(logo.pos, f"logo {logo!r} is outside the project's assets/ folder",
                        "put the logo in assets/ and give its path, e.g. assets/logo.svg")]
    if not path.is_file():
        return [Problem(logo.pos, f"logo {logo!r} not found",
                        "give a path relative to the project folder, e.g. assets/logo.svg")]
    return []


def linked_files(project: Project, corpus: Corpus) -> list[Problem]:
    """Files the content names: images and files in prose (`![A chart](assets/chart.png)`),
    and address fields that name a file (a review's report). Each must be one of the
    project's assets, as it is published from there at the same path; an image needs alt
    text. So `check` and an HTML-only build find what the PDFs would."""
    out = []
    for record in all_records(corpus):
        for hint, value in walk(record):
            if not isinstance(value, Text):
                continue
            if marker(hint, Address) and not SCHEME.match(value) and not value.startswith("#"):
                out += asset_problems(project, value, value.pos, "file")
            elif marker(hint, Markdown):
                for f in prose.files(value):
                    pos = value.pos_at(f.offset)
                    if f.what == "image" and not f.alt.strip():
                        out.append(Problem(pos, f"image {f.path!r} has no alt text",
                                           "say what it shows between the brackets: "
                                           f"![What the chart shows]({f.path})"))
                    out += asset_problems(project, f.path, pos, f.what)
    return out


def asset_problems(project: Project, path: str, pos: Pos, what: str) -> list[Problem]:
    name = "file" if what == "link" else what
    target = project.root / path.split("#")[0]
    if not path.startswith(prose.ASSETS) or \
            not target.resolve().is_relative_to(project.assets.resolve()):
        return [Problem(pos, f"{name} {path!r} is not in the project's assets/ folder",
                        "write its path from the project folder, e.g. "
                        f"assets/{path.rsplit('/', 1)[-1] or 'poster.png'}, or give a web "
                        "address")]
    if not target.is_file():
        return [Problem(pos, f"{name} {path!r} not found",
                        "check the path: it is written from the project folder")]
    return []


Step = Callable[[str, float], None]  # step(what was done, seconds it took)


@contextlib.contextmanager
def timed(step: Optional[Step], said: Callable[[], str]) -> Iterator[None]:
    """Report a step of the build when it is done, with its time."""
    started = time.perf_counter()
    yield
    if step:
        step(said(), time.perf_counter() - started)


def build(project: Project, pdf: bool = True, progress: Optional[Progress] = None,
          workers: Optional[int] = None, preview: bool = False, strict: bool = False,
          step: Optional[Step] = None, search: Optional[bool] = None,
          carry: tuple[str, ...] = ()) -> BuildResult:
    """Build the site; `pdf=False` (or `pdf: false` in briefings.yaml) skips the PDFs.
    `preview` includes reviews still under embargo, every page marked as a preview.
    `strict` makes warnings errors. `step` hears of each step as it is done. `search=False`
    skips the search index, and `carry` keeps folders of the old site instead (`serve`
    shows a save at once, with the last index, and indexes once the editing pauses)."""
    started = time.perf_counter()
    claim(project.out, project.protected)
    with locked(project.out):
        inputs = fingerprint(project, {"pdf": pdf, "today": dt.date.today(), "search": search,
                                       "preview": preview, "strict": strict})
        said = last_warnings(project.cache, project.out, inputs)
        if said is not None:  # nothing has changed: the content is not even read
            return BuildResult(warnings=said, seconds=time.perf_counter() - started,
                               up_to_date=True)
        with timed(step, lambda: "read and checked the content"):
            corpus, warnings = load(project, strict)
        pdf = pdf and corpus.settings.pdf
        today = corpus.settings.today or dt.date.today()
        corpus, _ = publishable(corpus, today, preview)
        counts = {}
        with staging(project.out) as stage, \
                indexing(stage, corpus.settings.search and search is not False,
                         project.out) as index:
            target = Target(stage, project.root, project.cache,
                            (project.content, *project.template_dirs[:-1]),
                            corpus.settings.base_url, workers, progress)
            with timed(step, lambda: f"planned, rendered and wrote {len(pages)} pages and "
                                     "the static files"):
                pages = write_site(project, stage, render_site(
                    project, corpus, pdf, preview, compiled=project.cache / "templates"), index)
            for output, publish in PUBLISHERS.items():
                wanted = [(page.url, o) for page in pages for o in page.outputs
                          if isinstance(o, output)]
                if not wanted:
                    continue
                with timed(step, lambda: made(output, counts[output], len(wanted))), \
                        doing(f"making the {output.__name__} files"):
                    counts[output] = publish(target, wanted)
            for folder in carry:
                if (project.out / folder).is_dir():
                    shutil.copytree(project.out / folder, stage / folder)
            if index:
                with timed(step, lambda: "indexed the site for search" + (
                        f" ({index.reused} of its {index.started} parts unchanged, kept from "
                        "the last build)" if index.reused else "")), \
                        doing("indexing the site for search"):
                    index.finish()
        remember(project.cache, project.out, inputs, warnings)
    rendered = sum(c.rendered for c in counts.values())
    cached = sum(c.cached for c in counts.values())
    return BuildResult(pages=len(pages), warnings=warnings,
                       seconds=time.perf_counter() - started,
                       pdfs_rendered=rendered, pdfs_cached=cached)


def verify(project: Project, workers: Optional[int] = None, strict: bool = False,
           step: Optional[Step] = None) -> tuple[Corpus, list[Problem]]:
    """Every check a build makes, writing nothing of the project's: the content, then the
    pages rendered into a temporary folder and laid out where a layout is checked (a
    seven-minute sheet must fit its page). A sheet whose PDF the cache holds passed then."""
    with timed(step, lambda: "read and checked the content"):
        corpus, warnings = load(project, strict)
    today = corpus.settings.today or dt.date.today()
    published, _ = publishable(corpus, today)
    # the theme compiled as a build keeps it, where a build has made the cache already
    compiled = project.cache / "templates" if project.cache.is_dir() else None
    with tempfile.TemporaryDirectory(prefix="briefings-check-") as tmp:
        stage = Path(tmp)
        pages = write_site(project, stage, render_site(project, published, True, False,
                                                       compiled=compiled))
        target = Target(stage, project.root, project.cache, ())
        for output, publish in PUBLISHERS.items():  # the files pages need, such as CSS
            if output is not Pdf:
                publish(target, [(page.url, o) for page in pages for o in page.outputs
                                 if isinstance(o, output)])
        with timed(step, lambda: "laid out the pages whose layout is checked"), \
                doing("checking the layout of the PDFs"):
            write_pdfs(stage, [(page.url, o) for page in pages for o in page.outputs
                               if isinstance(o, Pdf) and o.checks],
                       project_root=project.root, cache_folder=project.cache / "pdf",
                       base_url=published.settings.base_url, workers=workers,
                       sources=(project.content, *project.template_dirs[:-1]),
                       check_only=True)
    return corpus, warnings


def render_site(project: Project, corpus: Corpus, pdf: bool, preview: bool,
                compiled: Optional[Path] = None) -> Iterator[tuple[Page, str]]:
    """Each page of the site with its HTML, planned and rendered one at a time (render_all;
    `compiled`: see html.environment)."""
    words = labels(project.template_dirs, project.root)
    logo = corpus.settings.partnership.logo
    site = plan(corpus, words, pdf, preview, image_size(project.root / logo) if logo else None)
    env = environment(project.template_dirs, compiled)
    return render_all(env, site.pages(), corpus.settings, site.site, words, project.root)


def write_site(project: Project, stage: Path, rendered: Iterable[tuple[Page, str]],
               index: Optional[Index] = None) -> list[Page]:
    """Write each page as it is rendered, then the static files; give `index` each page
    whose HTML is then final (a page that will say how many pages its PDF has is not: the
    index reads it at the end). The pages written, without their views (what their other
    outputs need is kept; the views are not all held)."""
    pages = []
    for page, text in rendered:
        with doing(f"writing {page.url}"):
            write(stage, page.url, text)
        if index and not any(isinstance(o, PdfPages) for o in page.outputs):
            with doing("indexing the site for search"):
                index.add(page.url, text)
        pages.append(dataclasses.replace(page, view=None))
    with doing("copying the static files"):
        copy_assets(stage, project.static_dirs, project.assets)
    return pages


def indexing(stage: Path, wanted: bool,
             published: Path) -> contextlib.AbstractContextManager[Optional[Index]]:
    """The site's search index, made as the site is written, if `wanted` (else None); the
    parts of it that the `published` site's index has are taken from there."""
    return Index(stage, previous=published) if wanted else contextlib.nullcontext()


def made(output: type, counts, wanted: int) -> str:
    if output is Pdf:
        return f"made {wanted} PDFs ({counts.rendered} rendered, {counts.cached} from the cache)"
    if output is PdfPages:
        return f"wrote the number of pages of {wanted} PDF{'s' if wanted != 1 else ''} into " \
               "their pages"
    return f"wrote {wanted} more file{'s' if wanted != 1 else ''} (data and styles)"
