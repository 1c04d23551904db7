"""The pipeline: load -> check -> plan -> html -> pdf -> search -> publish.

Read `build()` top to bottom to see everything a build does; each step lives in the module
of the stage it belongs to.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .content.check import check
from .content.load import load_corpus, load_settings
from .content.model import Corpus, Pos
from .problems import ContentError, Problem, errors
from .project import Project
from .publish.assets import copy_assets
from .publish.output import staging, write
from .publish.sheet import check_and_write as seven_minute_sheets
from .render.html import environment, render
from .render.pages import plan, site_context


@dataclass
class BuildResult:
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


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


def build(project: Project) -> BuildResult:
    started = time.perf_counter()
    corpus, warnings = load(project)
    pages = plan(corpus)
    env = environment(project.template_dirs)
    site = site_context(corpus)
    html = {page.url: render(env, page, corpus.settings, site) for page in pages}
    with staging(project.out) as stage:
        for url, text in html.items():
            write(stage, url, text)
        copy_assets(stage, project.static_dirs, project.assets)
        sheet_problems = seven_minute_sheets(stage, pages, corpus.settings.pdf)
        if sheet_problems:
            raise ContentError(warnings + sheet_problems)
    return BuildResult(pages=len(pages), warnings=warnings,
                       seconds=time.perf_counter() - started)
