"""Training sessions: a page per session, the pages of its pack, and the list of sessions.

A session (`content/sessions/*.yaml`) is a trainer's CPD session. Its page links the five
parts of its pack, each a small page of its own under `sessions/{id}/` printed from its own
HTML as a PDF (`outputs.Pdf`):

- `slides/`     the slide deck: on screen one slide at a time (static/slides.js), with
                presenter notes; without JavaScript a plain page of slides; in print a 16:9
                PDF, one slide per page (static/slides.css);
- `handout/`    the participant handout: outcomes, what the reviews found, learning points;
- `guide/`      the facilitator guide: timings, notes, exercises with prompts and the cases;
- `cards/`      question cards to print and cut out;
- `evaluation/` the evaluation form.

Only the session page is in the search index; the pages of its pack are not (they carry no
`data-pagefind-body`). Every page is made from the same view (`views.SessionPage`), so a
learning point changed in its finding changes everywhere the session shows it.
"""

from __future__ import annotations

import posixpath

from ..content.model import Session
from ..outputs import Pdf
from . import blocks
from .feeds import absolute
from .pages import Page, Planner, dublin_core, index_url, plain, search_type, url
from .views import (
    ExerciseView,
    SessionCard,
    SessionFinding,
    SessionOutput,
    SessionPage,
    SessionsIndex,
    StepView,
    TimingView,
)

# The parts of a session pack: (key, template). Their titles and descriptions are in
# labels.yaml under `session_pack:`.
PARTS = ("slides", "handout", "guide", "cards", "evaluation")


def part_url(session_id: str, part: str) -> str:
    return posixpath.join(posixpath.dirname(url("session", session_id)), part, "index.html")


def part_pdf(session_id: str, part: str) -> str:
    return posixpath.join(posixpath.dirname(part_url(session_id, part)),
                          f"{session_id}-{part}.pdf")


def pages(p: Planner, record: Session) -> list[Page]:
    """The session's page, then the five pages of its pack."""
    return [session(p, record)] + [pack_part(p, record, part) for part in PARTS]


def outputs(p: Planner, record: Session) -> tuple[SessionOutput, ...]:
    words = p.labels["session_pack"]
    return tuple(SessionOutput(part, words[part]["title"], words[part]["description"],
                               part_url(record.id, part),
                               part_pdf(record.id, part) if p.pdf else None)
                 for part in PARTS)


# The parts that list no sources of their own (a sheet of cards, a one-page form): what they
# cite links to the site's references page.
NO_SOURCES = ("cards", "evaluation")


def view(p: Planner, record: Session, page_url: str, sources: bool = True) -> SessionPage:
    """Everything a page of the session pack shows, rendered for the page at `page_url`;
    with `sources`, citations link to the page's own list of the works cited."""
    w = p.writer(page_url, local_refs=sources)
    corpus = p.corpus
    findings = corpus.index("finding")
    lps = corpus.index("learning_point")
    cases = corpus.index("case")
    sms = corpus.index("seven_minute")
    chosen = set(record.learning_points)
    # Each finding with the learning points the session chose from it; learning points
    # from findings the session does not list come under their own finding as well.
    finding_ids = list(dict.fromkeys([*record.findings,
                                      *(lps[i].finding for i in record.learning_points)]))
    session_findings = tuple(
        SessionFinding(f.title, url("finding", f.id), f.summary,
                       tuple(blocks.learning_point(p, lp, w) for lp in f.learning_points
                             if lp.id in chosen),
                       tuple(w.inline(q) for q in f.questions))
        for f in (findings[i] for i in finding_ids))
    case_ids = list(dict.fromkeys([*record.cases, *(e.case for e in record.exercises if e.case)]))
    outcome = p.labels["outcome"]
    case_views = {c: blocks.case(cases[c], w, outcome[cases[c].outcome]) for c in case_ids}
    start, plan = 0, []
    for t in record.plan:
        plan.append(TimingView(str(t.activity), t.minutes, start, w.block(t.notes)))
        start += t.minutes
    exercises = tuple(
        ExerciseView(number, str(e.title), e.minutes,
                     case_views[e.case] if e.case else None,
                     url("case", e.case) if e.case else None,
                     tuple(StepView(n, w.block(s.text), tuple(w.inline(q) for q in s.questions),
                                    tuple(w.inline(a) for a in s.prompts))
                           for n, s in enumerate(e.steps, start=1)),
                     w.block(e.debrief))
        for number, e in enumerate(record.exercises, start=1))
    summary = w.block(record.summary)
    outcomes = tuple(w.inline(o) for o in record.outcomes)
    notes = w.block(record.facilitator_notes)
    settings = corpus.settings
    session_url = url("session", record.id)
    return SessionPage(
        session=record, summary=summary, sectors=p.named("sector", record.audience.sectors),
        sector_links=p.links("sector", record.audience.sectors),
        roles=tuple(str(r) for r in record.audience.roles), outcomes=outcomes,
        plan=tuple(plan), findings=session_findings,
        cases=tuple(case_views[c] for c in record.cases),
        case_links=tuple(blocks.case_link(p, cases[c]) for c in case_ids),
        exercises=exercises,
        seven_minute=tuple(blocks.seven_minute_link(p, sms[i]) for i in record.seven_minute),
        facilitator_notes=notes, outputs=outputs(p, record), session_url=session_url,
        web_address=absolute(settings, session_url) if settings.base_url else None,
        references=blocks.references(p, w.cited, w) if sources else (),
        references_url=url("references"))


def session(p: Planner, record: Session) -> Page:
    """The session's own page: what it is, who it is for, and links to its pack."""
    page_url = url("session", record.id)
    v = view(p, record, page_url)
    sectors = record.audience.sectors
    return Page(page_url, "session.html", record.title, view=v, record=record,
                type=search_type("session"),
                description=p.labels["session_description"].format(
                    minutes=record.minutes, sectors=", ".join(v.sectors)),
                crumbs=p.crumbs(p.index_crumb("session"), (record.title, None)),
                meta=dublin_core(record),
                filters=p.filters(sectors, record.themes, [r.id for r in v.references]))


def pack_part(p: Planner, record: Session, part: str) -> Page:
    """One part of the pack: its page, printed as its PDF."""
    page_url = part_url(record.id, part)
    words = p.labels["session_pack"][part]
    title = f"{record.title}: {words['title'].lower()}"
    return Page(page_url, f"session_{part}.html", title,
                view=view(p, record, page_url, sources=part not in NO_SOURCES),
                record=record, description=words["description"],
                crumbs=p.crumbs(p.index_crumb("session"),
                                (record.title, url("session", record.id)),
                                (words["title"], None)),
                meta=dublin_core(record),
                outputs=(Pdf(part_pdf(record.id, part)),) if p.pdf else ())


def indexes(p: Planner) -> list[Page]:
    """The list of every session."""
    w = p.writer(index_url("session"))
    cards = tuple(SessionCard(str(s.title), url("session", s.id), plain(w.block(s.summary)),
                              p.named("sector", s.audience.sectors), s.minutes)
                  for s in p.corpus.sessions)
    title = p.index_title("session")
    return [Page(index_url("session"), "sessions.html", title, view=SessionsIndex(cards),
                 description=p.index_description("session"), crumbs=p.crumbs((title, None)))]
