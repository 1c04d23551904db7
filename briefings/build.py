"""The pipeline: load -> check -> plan -> html -> pdf -> search -> publish.

Read `build()` top to bottom to see everything a build does; each step lives in the module
of the stage it belongs to.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .content.check import check
from .content.load import load_corpus, load_settings
from .content.model import Corpus, Pos
from .problems import ContentError, Problem, errors
from .project import Project
from .publish.assets import copy_assets
from .publish.freshness import fingerprint, remember, up_to_date
from .publish.output import claim, locked, staging, write
from .publish.pdf import Counts, Progress, cached, write_pdfs
from .publish.search import index_site
from .publish.sheet import check_fit as check_sheets_fit
from .render.downloads import downloads
from .render.html import environment, render
from .render.pages import Page, plan, site_context


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
    logo = settings.partnership.logo
    if logo and not (project.root / logo).is_file():
        problems.append(Problem(logo.pos, f"logo {logo!r} not found",
                                "give a path relative to the project folder, e.g. assets/logo.svg"))
    if errors(problems):
        raise ContentError(problems)
    return corpus, problems


def build(project: Project, pdf: bool = True, progress: Optional[Progress] = None,
          workers: Optional[int] = None) -> BuildResult:
    """Build the site; `pdf=False` (or `pdf: false` in briefings.yaml) skips the PDFs."""
    started = time.perf_counter()
    claim(project.out, project.protected)
    corpus, warnings = load(project)
    pdf = pdf and corpus.settings.pdf
    with locked(project.out):
        inputs = fingerprint(
            [project.settings_file, project.content, project.assets, *project.template_dirs],
            {"pdf": pdf, "today": corpus.settings.today or dt.date.today()})
        if up_to_date(project.cache, project.out, inputs):
            return BuildResult(warnings=warnings, seconds=time.perf_counter() - started,
                               up_to_date=True)
        pages = plan(corpus, pdf)
        env, site = environment(project.template_dirs), site_context(corpus)
        html = {page.url: render(env, page, corpus.settings, site) for page in pages}
        with staging(project.out) as stage:
            for url, text in {**html, **downloads(corpus)}.items():
                write(stage, url, text)
            copy_assets(stage, project.static_dirs, project.assets)
            pdfs = make_pdfs(project, corpus, stage, pages, workers, progress) if pdf \
                else Counts()
            if corpus.settings.search:
                index_site(stage)
        remember(project.cache, project.out, inputs)
    return BuildResult(pages=len(pages), warnings=warnings,
                       seconds=time.perf_counter() - started,
                       pdfs_rendered=pdfs.rendered, pdfs_cached=pdfs.cached)


def make_pdfs(project: Project, corpus: Corpus, stage: Path, pages: list[Page],
              workers: Optional[int], progress: Optional[Progress]) -> Counts:
    """Check each changed seven-minute sheet fits its page, then write every PDF."""
    wanted = [(page.url, page.pdf) for page in pages if page.pdf]
    where = {"project_root": project.root, "cache_folder": project.cache / "pdf",
             "base_url": corpus.settings.base_url}
    done = cached(stage, wanted, **where)  # a cached PDF passed this check when it was made
    overflowing = check_sheets_fit(stage, [page for page in pages if page.url not in done])
    if overflowing:
        raise ContentError(overflowing)
    return write_pdfs(stage, wanted, **where, workers=workers, progress=progress,
                      sources=[project.content, *project.template_dirs[:-1]])
