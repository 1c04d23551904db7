"""Author-date labels and reference-list entries for sources.

Labels are worked out from the project's own bibliography: "Dickens et al., 2022a" means
the same work everywhere in the project, whatever letter a seed document gave it.
"""

from __future__ import annotations

from collections import defaultdict
from string import ascii_lowercase

from markupsafe import Markup, escape

from ..content.model import Source


def surname(author: str) -> str:
    return author.split(",")[0].strip()


def base_label(source: Source) -> str:
    names = [surname(a) for a in source.authors] or ["Anon."]
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {source.year}"


def labels(sources: tuple[Source, ...]) -> dict[str, str]:
    """Source id -> printed label, with a/b/c added where two works would read the same.

    Letters follow the order the works appear in the bibliography, so an author can match
    the lettering of the document a briefing is based on by ordering the entries.
    """
    groups: dict[str, list[Source]] = defaultdict(list)
    for s in sources:
        if not s.label:
            groups[base_label(s)].append(s)
    out = {s.id: str(s.label) for s in sources if s.label}
    for base, members in groups.items():
        if len(members) == 1:
            out[members[0].id] = base
            continue
        for letter, s in zip(ascii_lowercase, members):  # in bibliography order
            out[s.id] = base + letter
    return out


def entry(source: Source, label: str) -> Markup:
    """A reference-list entry: Authors (year) *Title*. Publisher. Report number. URL."""
    authors = ", ".join(source.authors[:-1])
    if len(source.authors) > 1:
        authors += " and " + source.authors[-1]
    else:
        authors = source.authors[0] if source.authors else ""
    year = label.rsplit(", ", 1)[-1] if "," in label else str(source.year)
    parts = [f"{escape(authors)} ({escape(year)}) <cite>{escape(source.title)}</cite>."]
    if source.publisher:
        parts.append(f"{escape(source.publisher)}.")
    if source.report_number:
        parts.append(f"{escape(source.report_number)}.")
    if source.url:
        parts.append(f'<a href="{escape(source.url)}">{escape(source.url)}</a>')
    return Markup(" ".join(parts))
