"""The sector briefing: one page (and its PDF) per briefing record, in the shape of the
health briefing it is modelled on: cover, contents, parts of shared sections, key data and
the sector's findings, then the works it cites."""

from __future__ import annotations

from ..content.model import Briefing
from ..outputs import Pdf
from . import blocks
from .pages import Page, Planner, beside, dublin_core, plain, search_type, url
from .views import (
    AudienceBlock,
    BriefingPage,
    Contents,
    DataBlock,
    FindingsBlock,
    PartView,
    SectionBlock,
)

AUDIENCE_ANCHOR = "who-this-briefing-is-for"


def pdf_url(b: Briefing) -> str:
    return beside(url("briefing", b.id), f"{b.id}.pdf")


def briefing(p: Planner, b: Briefing) -> Page:
    page_url = url("briefing", b.id)
    w = p.writer(page_url)
    sector = p.corpus.index("sector")[b.sector]
    sections, findings = p.corpus.index("section"), p.corpus.index("finding")
    data = p.corpus.index("table", "statistic")
    parts, contents, shown = [], [], set()
    for n, part in enumerate(b.parts, start=1):
        anchor = f"part-{n}"
        entries, views = [], []
        for block in part.blocks:
            if block.section:
                s = sections[block.section]
                body = str(s.body).replace("{sector}", sector.name)
                views.append(SectionBlock(s.id, s.title, w.block(body), s.boxed))
                entries.append(Contents(s.id, s.title))
            elif block.audience:
                title = p.labels["audience_block"]
                views.append(AudienceBlock(AUDIENCE_ANCHOR, title, sector.audience.lead,
                                           sector.audience.groups))
                entries.append(Contents(AUDIENCE_ANCHOR, title))
            elif block.data:
                views.append(DataBlock(tuple(blocks.data_item(p, data[i], w) for i in block.data)))
            elif block.findings:
                fs = [findings[i] for i in block.findings]
                views.append(FindingsBlock(tuple(blocks.finding(p, f, sector, w, shown) for f in fs)))
                entries += [Contents(f.id, f.title) for f in fs]
        parts.append(PartView(anchor, part.title, tuple(views)))
        contents.append(Contents(anchor, part.title, tuple(entries)))
    summary = w.block(b.summary)
    refs = blocks.references(p, w.cited | set(b.based_on), w)
    contents.append(Contents("references", p.labels["references"]))
    themes = {t for part in b.parts for block in part.blocks for f in block.findings
              for t in findings[f].themes}
    return Page(
        page_url, "briefing.html", b.title, type=search_type("briefing"),
        view=BriefingPage(briefing=b, sector=sector, summary=summary, parts=tuple(parts),
                          contents=tuple(contents), references=refs),
        description=plain(summary) or p.labels["briefing_description"].format(sector=sector.name),
        crumbs=p.crumbs((sector.name, url("sector", sector.id)), (b.title, None)),
        meta=dublin_core(b), record=b,
        filters=p.filters([b.sector], themes, [r.id for r in refs],
                          [i for part in b.parts for block in part.blocks for f in block.findings
                           for i in findings[f].reviews]),
        outputs=(Pdf(pdf_url(b)),) if p.pdf else ())
