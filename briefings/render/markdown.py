"""Markdown to HTML with markdown-it-py: raw HTML off, safe links only, and citations.

`[@source-id, p. 12]` becomes "(Dickens et al., 2022a, p. 12)" with a link to the reference
list. Where that list is depends on the page, so the caller passes `href`, a function from
source id to URL.
"""

from __future__ import annotations

import functools
import re
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup, escape
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..content.citations import parse_group

SAFE_LINK = re.compile(r"^(?:https?:|mailto:|[^:]*$)", re.I)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if not src.startswith("[@", start):
        return False
    end = src.find("]", start)
    if end < 0:
        return False
    items = parse_group(src[start + 1:end])
    if items is None:
        return False
    if not silent:
        # The space before a citation goes inside its span: WeasyPrint (70) otherwise
        # sometimes breaks the line too early when the citation does not fit on it.
        space = state.pending.endswith(" ")
        state.pending = state.pending.rstrip(" ")
        if not state.pending and state.tokens and state.tokens[-1].type == "softbreak":
            state.tokens.pop()
            space = True
        token = state.push("citation", "", 0)
        token.meta = {"items": items, "space": space}
    state.pos = end + 1
    return True


class Markdown:
    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
        md.enable(["table", "replacements", "smartquotes"])
        md.use(footnote_plugin).use(deflist_plugin)
        md.inline.ruler.before("link", "citation", _citation_rule)
        md.add_render_rule("citation", lambda _renderer, *args: self._render_citation(*args))
        md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))
        self.md = md

    def _render_citation(self, tokens, idx, options, env) -> str:
        href: Callable[[str], str] = env["href"]
        parts = []
        for source, locator in tokens[idx].meta["items"]:
            label = escape(self.labels.get(source, source))
            text = f"{label}, {escape(locator)}" if locator else str(label)
            parts.append(f'<a href="{escape(href(source))}">{text}</a>')
        space = " " if tokens[idx].meta.get("space") else ""
        return f'<span class="citation">{space}({"; ".join(parts)})</span>'

    def block(self, text: str | None, href: Callable[[str], str]) -> Markup:
        """Render Markdown paragraphs, lists, tables..."""
        if not text:
            return Markup("")
        tokens, env = self._parse(str(text), False)
        return Markup(self.md.renderer.render(tokens, self.md.options, {**env, "href": href}))

    def inline(self, text: str | None, href: Callable[[str], str]) -> Markup:
        """Render one line of Markdown without a wrapping paragraph."""
        if not text:
            return Markup("")
        tokens, env = self._parse(str(text), True)
        return Markup(self.md.renderer.render(tokens, self.md.options, {**env, "href": href}))

    @functools.lru_cache(maxsize=8192)
    def _parse(self, text: str, inline: bool) -> tuple[list, dict]:
        """Parse once, render on every page that shows the text: only the citation links
        (`href`) differ from page to page, and they are made at render time."""
        env: dict = {}
        tokens = self.md.parseInline(text, env) if inline else self.md.parse(text, env)
        return tokens, env
