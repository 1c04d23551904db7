"""The theme: the Jinja2 environment, the words of the interface, and page rendering.

Templates are looked up in the project's own `templates/` folder first, then in the default
theme, so overriding one template is dropping a file of the same name in `templates/`. The
words the interface shows that are not in a template (navigation, breadcrumbs, index
titles, outcome names) are in the theme's `labels.yaml`; a project's own
`templates/labels.yaml` renames any of them. Autoescape is on and undefined names are
errors, so a typo fails the build.
"""

from __future__ import annotations

import dataclasses
import string
import traceback
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, Optional

import yaml
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)

from ..content.load import did_you_mean
from ..content.model import Settings
from ..problems import ContentError, Pos, Problem, doing
from .pages import Page, root_of

LABELS = "labels.yaml"


def environment(template_dirs: list[Path], compiled: Optional[Path] = None) -> Environment:
    """The templates, from the project's own folder then the theme's. `compiled` keeps each
    template compiled to Python between builds (a build's cache: compiling the theme costs
    most of a second), checked against the template's text each time it is used. One
    environment serves one build, so a template is read once, not looked at again for
    every page that uses it (`auto_reload`)."""
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=bytecode_cache(compiled), auto_reload=False,
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda d: d.strftime("%-d %B %Y") if d else ""
    return env


def bytecode_cache(folder: Optional[Path]) -> Optional[FileSystemBytecodeCache]:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a cache is only ever a saving
        return None
    return FileSystemBytecodeCache(str(folder))


def labels(template_dirs: list[Path], root: Path) -> Mapping:
    """The interface's words: the default theme's `labels.yaml` (the last folder), with each
    project folder's own over it, key by key. A key the theme does not have is an error."""
    *own, theme = template_dirs
    merged, _ = read_labels(theme / LABELS, root)
    problems: list[Problem] = []
    for folder in reversed(own):
        path = folder / LABELS
        if path.is_file():
            words, where = read_labels(path, root)
            merge(merged, words, where, problems)
    if problems:
        raise ContentError(problems)
    return freeze(merged)


def read_labels(path: Path, root: Path) -> tuple[dict, dict]:
    """The labels in a file, and where each key is written (by its dotted name)."""
    shown = str(relative(path, root))
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ContentError([Problem(Pos(shown, mark.line + 1, mark.column + 1),
                                    f"invalid YAML: {exc.problem}")]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError([Problem(Pos(shown, 1, 1), f"cannot read the labels: {exc}")]) \
            from None
    where: dict[str, Pos] = {}

    def convert(node, name: str):
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                where[f"{name}{k.value}."] = Pos(shown, k.start_mark.line + 1,
                                                 k.start_mark.column + 1)
            return {k.value: convert(v, f"{name}{k.value}.") for k, v in node.value}
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            return node.value
        return node  # neither words nor a mapping: merge() reports it

    data = convert(node, "") if node is not None else {}
    if not isinstance(data, dict):
        raise ContentError([Problem(Pos(shown, 1, 1), "labels.yaml should be a mapping of "
                                    "names to words")])
    return data, where


def merge(base: dict, own: dict, where: dict, problems: list, prefix: str = "") -> None:
    for key, value in own.items():
        name = f"{prefix}{key}"
        pos = where.get(f"{name}.", Pos("templates/labels.yaml", 1, 1))
        if key not in base:
            problems.append(Problem(pos, f"unknown label {name!r}",
                                    did_you_mean(key, base) or "see the theme's labels.yaml"))
        elif isinstance(base[key], dict) and isinstance(value, dict):
            merge(base[key], value, where, problems, f"{name}.")
        elif isinstance(base[key], dict) or not isinstance(value, str):
            problems.append(Problem(pos, f"label {name!r} should be "
                                    + ("a mapping" if isinstance(base[key], dict) else "text")))
        elif not placeholders(value) <= placeholders(base[key]):
            allowed = ", ".join(f"{{{n}}}" for n in sorted(placeholders(base[key]))) or "none"
            extra = sorted(placeholders(value) - placeholders(base[key]))[0]
            what = "has an unmatched { or }" if extra == "{" else f"uses {{{extra}}}"
            problems.append(Problem(pos, f"label {name!r} {what}",
                                    f"the places it can fill in: {allowed}"))
        else:
            base[key] = value


def placeholders(text: str) -> set[str]:
    """The {names} a label fills in."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unbalanced brace
        return {"{"}


def freeze(data):
    if isinstance(data, dict):
        return MappingProxyType({k: freeze(v) for k, v in data.items()})
    return data


def relative(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def render_all(env: Environment, pages: Iterable[Page], settings: Settings, site,
               labels: Mapping, root: Path) -> Iterator[tuple[Page, str]]:
    """Each page with its HTML, a page at a time (a site's HTML is never all held at once:
    at 5,000 findings it is gigabytes). A template that fails is a ContentError naming the
    template file and line (once, however many pages use it), raised when the other pages
    have been rendered."""
    problems = {}
    for page in pages:
        try:
            with doing(f"rendering {page.url} with {page.template}"):
                text = render(env, page, settings, site, labels)
        except TemplateError as exc:
            problem = template_problem(exc, page, env, root)
            problems.setdefault((problem.pos, problem.message), problem)
            continue
        yield page, text
    if problems:
        raise ContentError(problems.values())


def template_problem(exc: TemplateError, page: Page, env: Environment, root: Path) -> Problem:
    """Where in which template a rendering failed, and what to do about it."""
    folders = [Path(f).resolve() for f in env.loader.searchpath]
    where = Pos(page.template, 1, 1)
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = Pos(str(relative(Path(exc.filename), root)), exc.lineno or 1, 1)
    else:
        for frame in traceback.extract_tb(exc.__traceback__):
            path = Path(frame.filename).resolve()
            if any(path.is_relative_to(f) for f in folders):
                where = Pos(str(relative(path, root)), frame.lineno or 1, 1)
    if isinstance(exc, UndefinedError):
        given = ", ".join(["page", "root", "settings", "site", "labels",
                           *(f.name for f in dataclasses.fields(page.view))])
        return Problem(where, f"template error: {exc.message}",
                       f"the template of {page.url} is given: {given}")
    if isinstance(exc, TemplateNotFound):
        return Problem(where, f"template error: no template {exc.name!r}",
                       "templates may only include templates from the project's templates/ "
                       "folder or the default theme")
    return Problem(where, f"template error: {exc.message or exc}", "fix the template")


def render(env: Environment, page: Page, settings: Settings, site, labels: Mapping) -> str:
    """The HTML of one page: its template, given the fields of its view as variables."""
    template = env.get_template(page.template)
    root = page.root if page.root is not None else root_of(page.url)
    fields = {f.name: getattr(page.view, f.name) for f in dataclasses.fields(page.view)}
    return template.render(page=page, root=root, settings=settings, site=site, labels=labels,
                           **fields)
