"""Prose fields: the one Markdown configuration, shared by the checks and the renderer.

markdown-it-py with CommonMark, tables, typographic quotes, footnotes and definition lists;
raw HTML off; citations (`[@dickens-2022a, p. 12]`) as tokens of their own. Every link and
image is judged on markdown-it's own tokens, however it was written (inline, reference-style,
autolink): links may be http, https, mailto or relative, images must be files of the
project. A link or image that breaks the rule is marked on its token (`meta["refused"]`)
and disarmed, so the checks report it and nothing unsafe can reach a page even if a text
escaped the checks.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .citations import parse_group

SAFE_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a URL


def refusal(url: str, image: bool) -> str | None:
    """Why a link (or image) address may not be published, or None if it may: "link",
    "remote image" or "absolute image"."""
    bare = INVISIBLE.sub("", unquote(url)).lower()  # as a browser would read it
    scheme = SCHEME.match(bare)
    remote = bare.startswith(("//", "/\\", "\\\\", "\\/"))
    if image and (scheme or remote):
        return "remote image"
    if image and bare.startswith(("/", "\\")):
        return "absolute image"
    if remote or (scheme and scheme.group(1) not in SAFE_SCHEMES):
        return "link"
    return None


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


LINKED = "briefings:linked"  # in a parsed text's env: it has an image, a file or a refusal


def _judge_links(state: StateCore) -> None:
    """Mark and disarm every link or image that may not be published; note in the env
    whether the text has anything `files()` or `refused()` look for, so that they need not
    look through the tokens of the many texts that have nothing."""
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open":
                attr, image = "href", False
            elif token.type == "image":
                attr, image = "src", True
            else:
                continue
            url = str(token.attrs.get(attr, ""))
            why = refusal(url, image)
            if why:
                token.meta["refused"] = (why, url)
                token.attrs[attr] = ""
            if why or image or url.startswith(ASSETS):
                state.env[LINKED] = True


ALIGNMENTS = {f"text-align:{a}": f"align-{a}" for a in ("left", "center", "right")}


def _align_by_class(state: StateCore) -> None:
    """A table cell's alignment as a class (`align-right`), not the inline style markdown-it
    gives it: pages carry no inline styles (their Content-Security-Policy allows none)."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrs.get("style") in ALIGNMENTS:
            token.attrs["class"] = ALIGNMENTS[token.attrs.pop("style")]


def _render_citation(renderer, tokens, idx, options, env) -> str:
    """Citations are rendered by the page they are on (`env["cite"]`): their links go to
    that page's own reference list or to the site's."""
    meta = tokens[idx].meta
    return env["cite"](meta["items"], meta["space"])


ASSETS = "assets/"  # images and files in prose are written from the project folder


def _from_project(attr: str, default):
    """Render an image or link to one of the project's files (`assets/poster.png`) from the
    page it is on (`../../assets/poster.png`): `env["root"]` leads from the page to the site
    root, where assets/ is published."""
    def rule(renderer, tokens, idx, options, env):
        token = tokens[idx]
        value = str(token.attrs.get(attr, ""))
        if value.startswith(ASSETS) and env.get("root"):
            token = token.copy()
            token.attrs = {**token.attrs, attr: env["root"] + value}
            tokens = [*tokens[:idx], token, *tokens[idx + 1:]]
        if default is None:
            return renderer.renderToken(tokens, idx, options, env)
        return default(tokens, idx, options, env)
    return rule


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    md.enable(["table", "replacements", "smartquotes"])
    md.use(footnote_plugin).use(deflist_plugin)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.validateLink = lambda url: True  # judged on the tokens instead, with a reason
    md.core.ruler.push("judge_links", _judge_links)
    md.core.ruler.push("align_by_class", _align_by_class)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("image", _from_project("src", md.renderer.rules["image"]))
    md.add_render_rule("link_open", _from_project("href", None))
    return md


MD = _parser()


def parse(text: str, inline: bool = False) -> tuple[list, dict]:
    """Parse once (a text is checked, then shown on several pages): tokens and markdown-it's
    env (reference definitions, footnotes)."""
    return _parsed(text, inline)


@functools.lru_cache(maxsize=16384)
def _parsed(text: str, inline: bool) -> tuple[list, dict]:
    # the cache's key is the arguments as given: parse(t) and parse(t, False) would be two,
    # so each text was parsed twice, by the check and by the page
    env: dict = {}
    tokens = MD.parseInline(text, env) if inline else MD.parse(text, env)
    return tokens, env


def render(text: str, inline: bool, cite, root: str = "") -> str:
    """HTML of a prose text; `cite(items, space)` renders each citation; `root` leads from
    the page to the site root, for images and files written from the project folder."""
    tokens, env = parse(text, inline)
    return MD.renderer.render(tokens, MD.options, {**env, "cite": cite, "root": root})


class File(NamedTuple):
    what: str     # "image" or "link"
    path: str     # as written: assets/poster.png
    alt: str      # an image's alt text
    offset: int


def files(text: str) -> Iterator[File]:
    """Every image, and every link to a file of the project (assets/...), in a prose text:
    the build checks they exist (a remote one is refused by `refused()` instead)."""
    for token, start in inline_tokens(text):
        if "refused" in token.meta:
            continue
        if token.type == "image":
            path = str(token.attrs.get("src", ""))
            alt = "".join(c.content for c in token.children or ())
            yield File("image", path, alt, locate(text, path, start))
        elif token.type == "link_open" and str(token.attrs.get("href", "")).startswith(ASSETS):
            path = str(token.attrs["href"])
            yield File("link", path, "", locate(text, path, start))


class Refused(NamedTuple):
    what: str     # "link" or "remote image"
    url: str
    offset: int   # where in the text it is written


def refused(text: str) -> Iterator[Refused]:
    """Every link or image in a prose text that may not be published."""
    for token, start in inline_tokens(text):
        if "refused" in token.meta:
            what, url = token.meta["refused"]
            yield Refused(what, url, locate(text, url, start))


def inline_tokens(text: str) -> Iterator[tuple]:
    """Every inline token of a prose text, with the offset where its block's line starts;
    none of a text without an image, a link to a file or a refused link, as `files()` and
    `refused()`, its callers, want only those."""
    tokens, env = parse(text)
    if not env.get(LINKED):
        return
    starts = line_starts(text)
    for block in tokens:
        line = block.map[0] if block.map else 0
        for token in block.children or ():
            yield token, starts[min(line, len(starts) - 1)]


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [m.end() for m in re.finditer("\n", text)]
    return starts


def locate(text: str, url: str, start: int) -> int:
    """Where the link to `url` is written: its opening bracket (`[` or `![`), the `<` of an
    autolink, or the reference definition that gives the address. Searched after `start`
    (its block) first, as a definition may come anywhere; else the block itself."""
    for at in (text.find(url, start), text.find(url)):
        if at >= 0:
            return link_start(text, at)
    return start


def link_start(text: str, at: int) -> int:
    before = text[:at].rstrip("<")
    if before.endswith("]("):                      # [text](url) or ![alt](url)
        depth, i = 0, len(before) - 2
        while i >= 0:
            depth += {"]": 1, "[": -1}.get(before[i], 0)
            if depth == 0:
                return i - 1 if i > 0 and text[i - 1] == "!" else i
            i -= 1
    if text[at - 1:at] == "<":                     # <https://...>
        return at - 1
    line = text.rfind("\n", 0, at) + 1             # [ref]: url
    indent = len(text[line:at]) - len(text[line:at].lstrip())
    return line + indent if text[line + indent:at].startswith("[") else at


def words(text: str) -> list[str]:
    """The plain text a reader sees in a prose text, piece by piece (no markup, no
    citations)."""
    tokens, _ = parse(text)
    return [child.content for token in tokens for child in token.children or ()
            if child.type in ("text", "code_inline")]
