"""The repository's own content: the showcase and embedded default must be whole and honest.

Every reference resolves, every learning point cites its evidence, every sector has at least
20 learning points, tables that add up still add up, quotes are short attributed phrases, and
prose is written in our own words rather than copied from the source documents.
"""

from __future__ import annotations

import re

import pytest

from briefings.build import load
from briefings.content.model import Text, walk
from briefings.project import Project

from .conftest import REPO, briefings

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def corpus():
    corpus, warnings = load(Project.at(REPO))  # raises ContentError listing any error
    return corpus


def test_the_default_content_checks_clean():
    result = briefings("check", "--project", str(REPO))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr


def test_there_are_four_sector_briefings_one_per_sector(corpus):
    assert {s.id for s in corpus.sectors} == {
        "health", "police", "education-early-help", "childrens-social-care"}
    assert sorted(b.sector for b in corpus.briefings) == sorted(s.id for s in corpus.sectors)


@pytest.mark.parametrize("sector", ["health", "police", "education-early-help",
                                    "childrens-social-care"])
def test_each_sector_has_at_least_twenty_learning_points(corpus, sector):
    assert sum(1 for lp in corpus.learning_points if sector in lp.sectors) >= 20


def test_every_learning_point_cites_its_evidence_with_a_page(corpus):
    for lp in corpus.learning_points:
        assert lp.citations, lp.id
        assert any(c.page is not None for c in lp.citations) or all(
            c.source.startswith("cspr-panel") for c in lp.citations), lp.id


def test_every_finding_has_reflective_questions_and_all_four_sector_overlays(corpus):
    for f in corpus.findings:
        assert f.questions, f.id
        assert set(f.overlays) == {s.id for s in corpus.sectors}, f.id


def test_the_health_briefing_keeps_every_theme_of_the_seed_briefing(corpus):
    health = next(b for b in corpus.briefings if b.sector == "health")
    findings = [f for part in health.parts for block in part.blocks for f in block.findings]
    for seed_theme in ["recognising-neglect", "children-not-brought", "professional-curiosity",
                       "physical-symptoms", "lived-experience", "health-and-wellbeing",
                       "adolescents-multiple-contexts", "meaning-of-behaviour",
                       "relationships-with-children", "communicating-not-just-sharing",
                       "professional-disagreement"]:
        assert seed_theme in findings


def test_case_studies_carry_content_warnings_and_sources(corpus):
    assert len(corpus.cases) >= 10
    for case in corpus.cases:
        assert case.content_warning.strip(), case.id
        assert case.source.source, case.id


def test_quotes_are_short_attributed_phrases(corpus):
    quotes = [q for f in corpus.findings for q in f.quotes]
    assert quotes
    for q in quotes:
        assert len(q.text.split()) <= 12, q.text
        assert q.source and q.speaker


def test_the_two_documents_that_share_a_label_get_distinct_ids_and_labels(corpus):
    from briefings.render.references import labels
    printed = labels(corpus.sources)
    ids = {s.id for s in corpus.sources}
    assert {"dickens-2022-lftf", "dickens-2022-continuities", "dickens-2022-lcspr"} <= ids
    assert len({printed["dickens-2022-lftf"], printed["dickens-2022-continuities"],
                printed["dickens-2022-lcspr"]}) == 3


def test_garbled_numbers_are_recorded_as_printed_with_a_note(corpus):
    noted = [c for t in corpus.tables for row in t.rows for c in row
             if type(c).__name__ == "Noted"]
    assert len(noted) >= 5
    assert all(n.note.strip() for n in noted)


def test_glossary_has_the_race_ethnicity_and_culture_terms_and_system_vocabulary(corpus):
    terms = {t.term.lower() for t in corpus.terms}
    for needed in ["adultification", "intersectionality", "rapid review"]:
        assert any(needed in t for t in terms), needed
    assert len(corpus.terms) >= 30


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repo")
def test_prose_is_in_our_own_words_not_copied_from_the_sources(corpus):
    """No run of 12 words in our prose appears in any seed document (quotes aside: those are
    short attributed phrases, checked above)."""
    import dataclasses
    n = 12
    seed_grams = set()
    for path in SEEDS.glob("*.txt"):
        w = words(path.read_text(errors="replace"))
        seed_grams.update(" ".join(w[i:i + n]) for i in range(len(w) - n + 1))
    copied = []
    findings = [dataclasses.replace(f, quotes=()) for f in corpus.findings]
    titles = sorted({str(s.title).rstrip(".") for s in corpus.sources}, key=len, reverse=True)
    for record in (*findings, *corpus.cases, *corpus.sections, *corpus.terms,
                   *corpus.seven_minute, *corpus.statistics, *corpus.sectors):
        for _, value in walk(record):
            if not isinstance(value, Text) or len(value.split()) < n:
                continue
            text = re.sub(r"\[@[^\]]*\]", " ", value)
            for title in titles:  # naming a cited work is not copying its prose
                text = re.sub(re.escape(title), " ", text, flags=re.I)
            w = words(text)
            for i in range(len(w) - n + 1):
                gram = " ".join(w[i:i + n])
                if gram in seed_grams:
                    copied.append(f"{value.pos}: {gram}")
                    break
    assert copied == [], "\n".join(copied)


SEED_OF_SOURCE = {"dickens-2022-continuities": "000", "rose-barnes-2008": "001",
                  "rip-2022-health-briefing": "002", "sidebotham-2010": "003",
                  "dickens-2022-lcspr": "004"}


def letters(text: str) -> str:
    """Letters only, so OCR's run-together words and odd punctuation still match (and OCR's
    habit of reading a capital I as a lower-case l)."""
    return re.sub(r"[^a-z]", "", text.lower()).replace("l", "i")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the repo")
def test_every_quote_from_a_document_we_hold_is_really_in_it(corpus):
    seeds = {num: letters(next(SEEDS.glob(f"{num}_*.txt")).read_text(errors="replace"))
             for num in SEED_OF_SOURCE.values()}
    missing = []
    for f in corpus.findings:
        for q in f.quotes:
            seed = SEED_OF_SOURCE.get(str(q.source))
            if seed and letters(q.text) not in seeds[seed]:
                missing.append(f"{q.text.pos}: {q.text!r} not found in seed {seed}")
    assert missing == [], "\n".join(missing)


def test_tables_whose_rows_add_up_carry_a_checked_total(corpus):
    """The check (content/check.py) fails the build if a total row stops adding up."""
    checked = {t.id for t in corpus.tables if t.total and not t.total_note}
    assert {"deaths-by-category", "serious-harm-by-category"} <= checked
