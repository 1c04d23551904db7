"""The Jinja2 environment and page rendering.

Templates are looked up in the project's own `templates/` folder first, then in the default
theme inside the package, so overriding one template is dropping a file of the same name in
`templates/`. Autoescape is on and undefined names are errors, so a typo fails the build.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..content.model import Settings
from .pages import Page, root_of


def environment(template_dirs: list[Path]) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda d: d.strftime("%-d %B %Y") if d else ""
    return env


def render(env: Environment, page: Page, settings: Settings, site: dict) -> str:
    """The HTML of one page. `site` is what every page shares (navigation, settings)."""
    template = env.get_template(page.template)
    root = page.root if page.root is not None else root_of(page.url)
    return template.render(page=page, root=root, settings=settings, site=site, **page.context)
