"""Reviews: what came from each, when it may be published, and the checks of their actions.

A finding, learning point, case study or seven-minute briefing names the reviews it comes from
(`reviews:`); a learning point also comes from its finding's. A review may be embargoed
(`embargo_until`): until that day a normal build leaves it out, with every record that comes
only from embargoed reviews, and drops references to them from the records that stay.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Iterator

from ..problems import Problem
from . import kinds
from .citations import citations
from .model import Corpus, Markdown, Ref, Text, data_fields, marker, walk

# The register of reviews has a page for each value of these, at reviews/<facet>/<value>/, so
# no review may have one of them as its id.
REGISTER_FOLDERS = ("type", "year", "theme", "status")


def named_reviews(corpus: Corpus, record) -> tuple[str, ...]:
    """The reviews a record comes from: its own, and those of the record it is written in."""
    own = tuple(getattr(record, "reviews", ()) or ())
    kind = kinds.of_record(record)
    if kind.inside:
        parent = corpus.index(kind.inside[0]).get(getattr(record, kind.inside[0], ""))
        if parent is not None:
            own = tuple(dict.fromkeys(own + tuple(getattr(parent, "reviews", ()))))
    return own


def from_review(corpus: Corpus, review_id: str) -> dict[str, tuple]:
    """Kind -> the records of that kind that come from the review, in content order."""
    out = {}
    for k in kinds.KINDS:
        if "reviews" in {f.name for f in dataclasses.fields(k.record)}:
            found = tuple(r for r in corpus.of(k.name) if review_id in named_reviews(corpus, r))
            if found:
                out[k.name] = found
    return out


# ---- what a build may publish ---------------------------------------------------------------

def publishable(corpus: Corpus, today: dt.date, preview: bool = False) -> tuple[Corpus, dict]:
    """The corpus a build publishes, and what it held back (kind -> ids).

    A preview build holds nothing back; a normal one leaves out embargoed reviews and the
    records that come only from them, and drops references to what it left out."""
    held_reviews = set() if preview else {r.id for r in corpus.reviews if r.embargoed(today)}
    if not held_reviews:
        return corpus, {}
    held: dict[str, set] = {"review": held_reviews}
    for k in kinds.KINDS:
        if k.name == "review":
            continue
        for r in corpus.of(k.name):
            named = named_reviews(corpus, r)
            if named and set(named) <= held_reviews:
                held.setdefault(k.name, set()).add(r.id)
    for k in kinds.KINDS:                       # records written inside a held record
        if k.inside and k.inside[0] in held:
            parents = held[k.inside[0]]
            held.setdefault(k.name, set()).update(
                r.id for r in corpus.of(k.name) if getattr(r, k.inside[0]) in parents)
    kept = {k.name: tuple(without(r, held) for r in corpus.of(k.name)
                          if r.id not in held.get(k.name, ()))
            for k in kinds.KINDS}
    corpus = dataclasses.replace(corpus, records=kept)
    return corpus, {k: frozenset(v) for k, v in held.items() if v}


def without(value, held: dict, hint=None):
    """A copy of a record with every reference to, and every record of, what is held back
    taken out."""
    if dataclasses.is_dataclass(value):
        changes = {}
        for name, field_hint in data_fields(type(value)):
            old = getattr(value, name)
            new = without(old, held, field_hint)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple) and typing.get_origin(hint) is tuple:
        inner = typing.get_args(hint)[0]
        ref = marker(inner, Ref)
        items = [v for v in value if not (ref and any(v in held.get(k, ()) for k in ref.kinds))
                 and not is_held(v, held)]
        items = [without(v, held, inner) for v in items]
        return tuple(items) if items != list(value) else value
    return value


def is_held(record, held: dict) -> bool:
    if not dataclasses.is_dataclass(record) or not hasattr(record, "id"):
        return False
    try:
        return record.id in held.get(kinds.of_record(record).name, ())
    except LookupError:  # a part of a record, not a record
        return False


# ---- checks ---------------------------------------------------------------------------------

def problems(corpus: Corpus, today: dt.date) -> Iterator[Problem]:
    """Recommendation ids, actions (overdue, done without evidence), media transcripts, and
    citations of embargoed reviews from records that are published before them."""
    for review in corpus.reviews:
        if review.id in REGISTER_FOLDERS:
            yield Problem(review.id.pos, f"review id {str(review.id)!r} is the name of a page "
                          "of the register of reviews", "choose another id")
        seen: dict[str, object] = {}
        for rec in review.recommendations:
            if rec.id in seen:
                yield Problem(rec.id.pos, f"recommendation {str(rec.id)!r} appears twice in "
                              f"review {str(review.id)!r}", f"first at {seen[rec.id]}; give "
                              "each recommendation its own id")
            seen.setdefault(rec.id, rec.id.pos)
        for rec, action in review.actions:
            if action.overdue(today):
                yield Problem(action.pos, f"an action on recommendation {str(rec.id)!r} of "
                              f"review {str(review.id)!r} was due on "
                              f"{action.due.isoformat()} and is {action.status.replace('-', ' ')}",
                              "update its status, or its due date if it was agreed to move",
                              warning=True)
            if action.status == "done" and not action.evidence:
                yield Problem(action.pos, f"an action on recommendation {str(rec.id)!r} of "
                              f"review {str(review.id)!r} is done but gives no evidence",
                              "say under `evidence:` how you know it was done", warning=True)
        for media in review.media:
            if media.kind in ("podcast", "video") and not media.transcript:
                yield Problem(media.pos, f"the {media.kind} {str(media.title)!r} has no "
                              "transcript", "link its transcript under `transcript:`: people "
                              "who cannot hear it need one (WCAG 1.2)")
    yield from embargoed_citations(corpus, today)


def embargoed_citations(corpus: Corpus, today: dt.date) -> Iterator[Problem]:
    """A record published now may not cite a review that is still embargoed."""
    embargoed = {r.id: r for r in corpus.reviews if r.embargoed(today)}
    if not embargoed:
        return
    published, _ = publishable(corpus, today)
    for k in kinds.KINDS:
        if k.inside:
            continue  # read with the record it is written in
        for record in published.of(k.name):
            for hint, value in walk(record):
                if not isinstance(value, Text) or marker(hint, Markdown) is None:
                    continue
                for cite in citations(value):
                    if cite.source in embargoed:
                        yield Problem(value.pos_at(cite.offset),
                                      f"cites review {cite.source!r}, which is embargoed until "
                                      f"{embargoed[cite.source].embargo_until.isoformat()}",
                                      "name the review under `reviews:` so this waits for it "
                                      "too, or take the citation out until then")


def embargo_notes(corpus: Corpus, today: dt.date) -> Iterator[Problem]:
    """A warning for each review under embargo: what a build leaves out until when."""
    _, held = publishable(corpus, today)
    for review in corpus.reviews:
        if review.embargoed(today):
            others = sum(1 for kind, ids in held.items() if kind != "review"
                         for i in ids
                         if review.id in named_reviews(corpus, corpus.index(kind)[i]))
            yield Problem(review.pos, f"review {str(review.id)!r} is embargoed until "
                          f"{review.embargo_until.isoformat()}: a build leaves it out, with "
                          f"the {others} record{'s' if others != 1 else ''} that come only "
                          "from it", "briefings build --preview builds them, marked as a "
                          "preview, into preview/", warning=True)
