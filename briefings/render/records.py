"""The page of a record of a kind with no builder of its own (see `plan.PAGES`).

A kind added to the registry with a `page` gets one of these for each record, shown by the
template named after the kind (`<kind>.html`): the record itself, each of its prose fields
rendered, links to the sectors and themes it names, and the sources it cites.
"""

from __future__ import annotations

import typing
from types import MappingProxyType

from ..content import kinds
from ..content.model import Markdown, data_fields, marker
from . import blocks
from .indexes import title_of
from .pages import Page, Planner, index_url, search_type
from .views import RecordPage


def record_page(p: Planner, kind: kinds.Kind, record) -> Page:
    page_url = kind.url(record.id)
    w = p.writer(page_url)
    html = {}
    for name, hint in data_fields(type(record)):
        if marker(hint, Markdown) is not None or marker(optional(hint), Markdown) is not None:
            html[name] = w.block(getattr(record, name))
    sectors = tuple(getattr(record, "sectors", ()) or ())
    themes = tuple(getattr(record, "themes", ()) or ())
    title = title_of(record)
    crumbs = ((p.index_title(kind.name), index_url(kind.name)),) if kind.index else ()
    return Page(page_url, f"{kind.name}.html", title, type=search_type(kind.name),
                record=record, crumbs=p.crumbs(*crumbs, (title, None)),
                filters=p.filters(sectors, themes, w.cited),
                view=RecordPage(record, MappingProxyType(html), p.links("theme", themes),
                                p.links("sector", sectors), blocks.references(p, w.cited, w)))


def optional(hint):
    """The type inside Optional[...]."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if typing.get_origin(hint) is typing.Union and len(args) == 1 else hint
