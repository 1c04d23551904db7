"""The sector briefing: one page (and its PDF) per briefing record, in the shape of the
health briefing it is modelled on: cover, contents, parts of shared sections, key data and
the sector's findings, then the works it cites.

The page is the concise edition: each finding in brief (its summary and the sector's
framing) with the learning points that matter most to the sector, and each table as its
chart with a link to the whole table. A briefing with `detail: full` has a full edition as
well, with every learning point, case study and table: a page of its own and a second PDF
beside the concise one, which the concise page links to with its number of pages.
"""

from __future__ import annotations

from markupsafe import Markup

from ..content.model import Briefing, Table
from ..outputs import Pdf, PdfPages
from . import blocks
from .pages import Page, Planner, beside, dublin_core, plain, search_type, url
from .views import (
    AudienceBlock,
    BriefingPage,
    ChartBlock,
    Contents,
    DataBlock,
    FindingsBlock,
    Link,
    MoreBlock,
    PartView,
    SectionBlock,
)

AUDIENCE_ANCHOR = "who-this-briefing-is-for"


def pdf_url(b: Briefing) -> str:
    return beside(url("briefing", b.id), f"{b.id}.pdf")


def full_url(b: Briefing) -> str:
    """The full edition's page, in a folder inside the concise one's."""
    return beside(url("briefing", b.id), "full/index.html")


def full_pdf_url(b: Briefing) -> str:
    """The full edition's PDF, beside the concise one."""
    return beside(url("briefing", b.id), f"{b.id}-full.pdf")


def briefing(p: Planner, b: Briefing) -> Page | tuple[Page, ...]:
    """The briefing's page; with `detail: full`, its full edition's page too."""
    if b.detail != "full":
        return edition(p, b, "concise")
    return edition(p, b, "concise"), edition(p, b, "full")


def more_block(p: Planner, block, sector, anchor: str) -> MoreBlock | None:
    """A block of the full edition only, in the concise edition: the findings or key data
    it holds, each linked to its page (a finding's to what it means for the sector)."""
    if block.findings:
        findings = p.corpus.index("finding")
        return MoreBlock(anchor, p.labels["more_findings"].format(sector=sector.name),
                         tuple(Link(findings[i].title, url("finding", i) + f"#sector-{sector.id}"
                                    if sector.id in findings[i].overlays else url("finding", i))
                               for i in block.findings))
    if block.data:
        data = p.corpus.index("table", "statistic")
        return MoreBlock(anchor, p.labels["more_data"], tuple(
            Link(f"{name}: {d.caption}" if (name := blocks.table_name(p, d)) else str(d.caption),
                 url("table", i))
            if isinstance(d, Table) else Link(str(d.group), url("statistic", i))
            for i in block.data for d in [data[i]]))
    return None  # a section has no page of its own


def edition(p: Planner, b: Briefing, which: str) -> Page:
    full = which == "full"
    page_url = full_url(b) if full else url("briefing", b.id)
    w = p.writer(page_url)
    sector = p.corpus.index("sector")[b.sector]
    sections, findings = p.corpus.index("section"), p.corpus.index("finding")
    data = p.corpus.index("table", "statistic")
    parts, contents, shown = [], [], set()
    for n, part in enumerate(b.parts, start=1):
        anchor = f"part-{n}"
        entries, views = [], []
        for m, block in enumerate(part.blocks, start=1):
            if block.detail == "full" and not full:
                more = more_block(p, block, sector, f"{anchor}-more-{m}")
                if more:
                    views.append(more)
                    entries.append(Contents(more.id, more.title))
            elif block.section:
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
                views.append(DataBlock(tuple(
                    blocks.data_item(p, data[i], w) if full or not isinstance(data[i], Table)
                    else ChartBlock(blocks.table(p, data[i], w, linked=True), url("table", i))
                    for i in block.data)))
            elif block.findings:
                fs = [findings[i] for i in block.findings]
                views.append(FindingsBlock(tuple(
                    blocks.finding(p, f, sector, w, shown, key_only=not full,
                                   key_points=b.key_points) for f in fs)))
                entries += [Contents(f.id, f.title) for f in fs]
        parts.append(PartView(anchor, part.title, tuple(views)))
        contents.append(Contents(anchor, part.title, tuple(entries)))
    summary = w.block(b.summary)
    refs = blocks.references(p, w.cited | set(b.based_on), w)
    contents.append(Contents("references", p.labels["references"]))
    themes = {t for part in b.parts for block in part.blocks for f in block.findings
              for t in findings[f].themes}
    outputs, other, pages = (), None, Markup("")
    if p.pdf:
        outputs = (Pdf(full_pdf_url(b) if full else pdf_url(b)),)
        if b.detail == "full" and not full:
            other = Link(p.labels["full_edition"], full_pdf_url(b))
            pages = Markup(PdfPages.marker(full_pdf_url(b)))
            outputs += (PdfPages(full_pdf_url(b), p.labels["pdf_pages"]),)
    title = p.labels["full_edition_title"].format(title=b.title) if full else b.title
    crumbs = ((b.title, url("briefing", b.id)), (p.labels["full_edition"], None)) if full \
        else ((b.title, None),)
    return Page(
        page_url, "briefing.html", title, type=None if full else search_type("briefing"),
        view=BriefingPage(briefing=b, sector=sector, summary=summary, parts=tuple(parts),
                          contents=tuple(contents), references=refs, edition=which,
                          other_edition=other, other_edition_pages=pages,
                          concise=Link(b.title, url("briefing", b.id)) if full else None),
        description=plain(summary) or p.labels["briefing_description"].format(sector=sector.name),
        crumbs=p.crumbs((sector.name, url("sector", sector.id)), *crumbs),
        meta=dublin_core(b), record=None if full else b,  # the feed announces it once
        filters=p.filters([b.sector], themes, [r.id for r in refs],
                          [i for part in b.parts for block in part.blocks for f in block.findings
                           for i in findings[f].reviews]),
        outputs=outputs)
