"""The evidence-of-use page: what the returned record-of-use forms add up to.

Each record of use (`content/uses/`, written by `briefings uses import`) is one session in
which a team used a briefing. The page counts them (sessions, people, teams) by briefing,
by agency or sector, and by month, with a CSV of the counts for a partnership's annual
report. Only counts are published: never a team's name, its notes or its actions, so no
name typed into a form can reach the site.

The page is built when the project has seven-minute briefings or training sessions (whose
PDFs carry the form) or records of use; with none yet, it says how to collect them. Each seven-minute page says
how many teams have used it (`used_by`).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Callable, Iterable, Optional

from ..content.model import Corpus, Use
from ..outputs import Download
from .pages import Page, Planner, beside, index_url, url
from .views import EvidencePage, UseCount, UsedBy

URL = "evidence/index.html"
CSV = beside(URL, "evidence-of-use.csv")


def pages(p: Planner) -> list[Page]:
    corpus = p.corpus
    uses = sorted(corpus.of("use"), key=lambda u: (u.date, u.id))
    if not uses and not usable(corpus):
        return []
    months = sorted({(u.date.year, u.date.month) for u in uses})
    title = p.labels["evidence"]
    view = EvidencePage(
        sessions=len(uses), people=people(uses), teams=len({team(u) for u in uses}),
        first=month_name(*months[0]) if months else "",
        last=month_name(*months[-1]) if months else "",
        by_briefing=counts(uses, lambda u: u.used, lambda k: title_of(corpus, k),
                           lambda k: url(*k), order=usable(corpus)),
        by_agency=counts(uses, lambda u: agency(corpus, u), lambda a: a,
                         sort=lambda a: a.lower()),
        by_month=counts(uses, lambda u: (u.date.year, u.date.month),
                        lambda m: month_name(*m), sort=lambda m: m),
        csv=CSV if uses else None,
        contact=corpus.settings.contact.email,
        seven_minute_url=index_url("seven_minute") if corpus.seven_minute else None,
        sessions_url=index_url("session") if corpus.of("session") else None)
    return [Page(URL, "evidence.html", title, view=view, crumbs=p.crumbs((title, None)),
                 description=p.labels["evidence_description"],
                 outputs=(Download(CSV, evidence_csv(corpus, uses)),) if uses else ())]


def used_by(corpus: Corpus, briefing_id: str) -> Optional[UsedBy]:
    """How many teams (and sessions) have recorded using one briefing; None if none has."""
    uses = [u for u in corpus.of("use") if u.used == ("seven_minute", briefing_id)]
    if not uses:
        return None
    return UsedBy(len({team(u) for u in uses}), len(uses), URL)


def usable(corpus: Corpus) -> list[tuple[str, str]]:
    """What a record of use can be for, in the order the site lists them: each seven-minute
    briefing, then each training session, as (kind, id)."""
    return [(kind, str(r.id)) for kind in ("seven_minute", "session") for r in corpus.of(kind)]


def title_of(corpus: Corpus, used: tuple[str, str]) -> str:
    return str(corpus.index(used[0])[used[1]].title)


def counts(uses: Iterable[Use], key: Callable, label: Callable,
           link: Callable = lambda k: None, order: Optional[list] = None,
           sort: Callable = lambda k: k) -> tuple[UseCount, ...]:
    groups: dict = defaultdict(list)
    for u in uses:
        groups[key(u)].append(u)
    keys = ([k for k in order if k in groups] if order is not None
            else sorted(groups, key=sort))
    return tuple(UseCount(label(k), link(k), len(groups[k]), people(groups[k]),
                          len({team(u) for u in groups[k]})) for k in keys)


def people(uses: Iterable[Use]) -> int:
    return sum(u.attendees or 0 for u in uses)


def team(use: Use) -> str:
    """A team as written, with its case and spacing evened out: the same team is one team."""
    return " ".join(str(use.team).split()).casefold()


def agency(corpus: Corpus, use: Use) -> str:
    """A form's agency or sector: the project's name for a sector where it names one ("police"
    and "Police" are the sector Police), else as the first form of that spelling wrote it."""
    written = " ".join(str(use.agency).split())
    for sector in corpus.sectors:
        if written.casefold() in (str(sector.id).casefold(), str(sector.name).casefold()):
            return str(sector.name)
    firsts = {}
    for u in sorted(corpus.of("use"), key=lambda u: (u.date, u.id)):
        firsts.setdefault(" ".join(str(u.agency).split()).casefold(),
                          " ".join(str(u.agency).split()))
    return firsts.get(written.casefold(), written)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def evidence_csv(corpus: Corpus, uses: list[Use]) -> str:
    """The counts as CSV: a row for each briefing, agency or sector and month with a session."""
    rows: dict = defaultdict(list)
    for u in uses:
        rows[(f"{u.date.year}-{u.date.month:02d}", u.used, agency(corpus, u))].append(u)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["month", "briefing", "briefing_title", "agency_or_sector", "sessions",
                     "people", "teams"])
    for (month, used, where), group in sorted(rows.items()):
        reference = used[1] if used[0] == "seven_minute" else ":".join(used)
        writer.writerow([month, reference, title_of(corpus, used), where, len(group),
                         people(group), len({team(u) for u in group})])
    return out.getvalue()
