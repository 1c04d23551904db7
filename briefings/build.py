"""The pipeline: load -> check -> plan -> html -> outputs (PDFs, downloads) -> search -> publish.

Read `build()` top to bottom to see everything a build does; each step lives in the module
of the stage it belongs to.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Optional

from . import files
from .content.check import all_records, check
from .content.load import load_corpus, load_settings
from .content.model import Address, Corpus, Text, marker, walk
from .content.prose import SCHEME
from .content.reviews import embargo_notes, publishable
from .problems import ContentError, Pos, Problem, doing, errors
from .project import Project
from .publish import PUBLISHERS, Target
from .publish.assets import copy_assets
from .publish.freshness import fingerprint, remember, up_to_date
from .publish.output import claim, locked, staging, write
from .publish.pdf import Progress
from .publish.search import index_site
from .render.html import environment, labels, render_all
from .render.plan import plan


@dataclass
class BuildResult:
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    pdfs_rendered: int = 0
    pdfs_cached: int = 0
    up_to_date: bool = False  # nothing changed since the last build: nothing was done


def load(project: Project) -> tuple[Corpus, list[Problem]]:
    """Read and check everything. Raises ContentError listing every error found."""
    problems: list[Problem] = []
    if not project.settings_file.exists():
        raise ContentError([Problem(Pos(str(project.settings_file), 1, 1),
                                    "no briefings.yaml here",
                                    "run the command in a project folder, or pass --project")])
    settings = load_settings(project.settings_file, project.root, problems)
    if settings is None:
        raise ContentError(problems)
    corpus = load_corpus(project.content, settings, project.root, problems)
    problems += check(corpus)
    problems += project_files(project)
    problems += embargo_notes(corpus, settings.today or dt.date.today())
    problems += logo(project, settings.partnership.logo)
    problems += linked_files(project, corpus)
    if errors(problems):
        raise ContentError(problems)
    return corpus, problems


def project_files(project: Project) -> list[Problem]:
    """Everything the build publishes or reads as it is (assets/, the project's templates/)
    must really be inside the project: a link leading out is an error, and never read."""
    out = []
    for folder in (project.assets, *project.own_templates):
        for path in files.tree(folder):
            refused = files.refusal(path, [project.root])
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
    """An address field that names a file (a review's report in assets/) must name one of
    the project's assets: it is published from there, at the same path."""
    out = []
    for record in all_records(corpus):
        for hint, value in walk(record):
            if not (isinstance(value, Text) and marker(hint, Address)) or SCHEME.match(value) \
                    or value.startswith("#"):
                continue
            path = project.root / value.split("#")[0]
            if not path.resolve().is_relative_to(project.assets.resolve()):
                out.append(Problem(value.pos, f"file {value!r} is not in the project's assets/ "
                                   "folder", "put the file in assets/ and give its path, e.g. "
                                   "assets/report.pdf, or give a web address"))
            elif not path.is_file():
                out.append(Problem(value.pos, f"file {value!r} not found",
                                   "check the path: it is relative to the project folder"))
    return out


def build(project: Project, pdf: bool = True, progress: Optional[Progress] = None,
          workers: Optional[int] = None, preview: bool = False) -> BuildResult:
    """Build the site; `pdf=False` (or `pdf: false` in briefings.yaml) skips the PDFs.
    `preview` includes reviews still under embargo, every page marked as a preview."""
    started = time.perf_counter()
    claim(project.out, project.protected)
    corpus, warnings = load(project)
    pdf = pdf and corpus.settings.pdf
    today = corpus.settings.today or dt.date.today()
    corpus, _ = publishable(corpus, today, preview)
    words = labels(project.template_dirs, project.root)
    with locked(project.out):
        inputs = fingerprint(
            [project.settings_file, project.content, project.assets, *project.template_dirs],
            {"pdf": pdf, "today": today, "preview": preview})
        if up_to_date(project.cache, project.out, inputs):
            return BuildResult(warnings=warnings, seconds=time.perf_counter() - started,
                               up_to_date=True)
        site = plan(corpus, words, pdf, preview)
        env = environment(project.template_dirs)
        html = render_all(env, site.pages, corpus.settings, site.site, words, project.root)
        counts = {}
        with staging(project.out) as stage:
            for url, text in html.items():
                write(stage, url, text)
            copy_assets(stage, project.static_dirs, project.assets)
            target = Target(stage, project.root, project.cache,
                            (project.content, *project.template_dirs[:-1]),
                            corpus.settings.base_url, workers, progress)
            for output, publish in PUBLISHERS.items():
                with doing(f"making the {output.__name__} files"):
                    counts[output] = publish(target, [(page.url, o) for page in site.pages
                                                      for o in page.outputs
                                                      if isinstance(o, output)])
            if corpus.settings.search:
                with doing("indexing the site for search"):
                    index_site(stage)
        remember(project.cache, project.out, inputs)
    rendered = sum(c.rendered for c in counts.values())
    cached = sum(c.cached for c in counts.values())
    return BuildResult(pages=len(site.pages), warnings=warnings,
                       seconds=time.perf_counter() - started,
                       pdfs_rendered=rendered, pdfs_cached=cached)
