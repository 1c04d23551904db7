"""The repository's own content: the showcase and embedded default must be whole and honest.

Every reference resolves, every learning point cites its evidence, every sector has at least
20 learning points, tables that add up still add up, quotes are short attributed phrases, and
prose is written in our own words rather than copied from the source documents.
"""

from __future__ import annotations

import re

import pytest

from briefings.content.model import Text, walk

from . import seeds
from .conftest import REPO, briefings


@pytest.fixture
def corpus(default_corpus):
    return default_corpus


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


def test_prose_is_in_our_own_words_not_copied_from_the_sources(corpus):
    """No run of 12 words in our prose appears in any seed document (quotes aside: those are
    short attributed phrases, checked above). Read from the seeds where they are here, else
    from their fingerprint in tests/data."""
    import dataclasses
    seed_grams = seeds.seed_gram_hashes()
    copied = []
    findings = [dataclasses.replace(f, quotes=()) for f in corpus.findings]
    titles = sorted({str(s.title).rstrip(".") for s in corpus.sources}, key=len, reverse=True)
    for record in (*findings, *corpus.cases, *corpus.sections, *corpus.terms,
                   *corpus.seven_minute, *corpus.statistics, *corpus.sectors):
        for _, value in walk(record):
            if not isinstance(value, Text) or len(value.split()) < seeds.N:
                continue
            text = re.sub(r"\[@[^\]]*\]", " ", value)
            for title in titles:  # naming a cited work is not copying its prose
                text = re.sub(re.escape(title), " ", text, flags=re.I)
            for gram in seeds.grams(text):
                if seeds.gram_hash(gram) in seed_grams:
                    copied.append(f"{value.pos}: {gram}")
                    break
    assert copied == [], "\n".join(copied)


def test_every_quote_from_a_document_we_hold_is_really_in_it(corpus):
    """Read from the seeds where they are here; else each quote must be one found in its seed
    when the fingerprints were made (scripts/fingerprint-seeds.py)."""
    quotes = [(seed, q) for f in corpus.findings for q in f.quotes
              if (seed := seeds.SEED_OF_SOURCE.get(str(q.source)))]
    assert quotes
    missing = []
    if seeds.present():
        texts = {num: seeds.letters(text) for num, text in seeds.seed_texts().items()}
        missing = [f"{q.text.pos}: {q.text!r} not found in seed {seed}" for seed, q in quotes
                   if seeds.letters(q.text) not in texts[seed]]
    else:
        checked = seeds.checked_quotes()
        missing = [f"{q.text.pos}: {q.text!r} has not been checked against seed {seed}, and the "
                   f"seeds are not here ({seeds.SEEDS}): run scripts/fingerprint-seeds.py "
                   "where they are" for seed, q in quotes
                   if seeds.quote_key(seed, q.text) not in checked]
    assert missing == [], "\n".join(missing)


def test_the_seed_fingerprints_are_up_to_date(corpus):
    """The fingerprints the two tests above use without the seeds say what the seeds say."""
    if not seeds.present():
        assert seeds.GRAMS.is_file() and seeds.QUOTES.is_file(), \
            "tests/data has no seed fingerprints: run scripts/fingerprint-seeds.py"
        return
    stale = "out of date: run scripts/fingerprint-seeds.py"
    assert seeds.decode(seeds.GRAMS.read_bytes()) == seeds.gram_hashes_of_seeds(), stale
    texts = {num: seeds.letters(text) for num, text in seeds.seed_texts().items()}
    found = {seeds.quote_key(seed, q.text) for f in corpus.findings for q in f.quotes
             if (seed := seeds.SEED_OF_SOURCE.get(str(q.source)))
             and seeds.letters(q.text) in texts[seed]}
    assert found <= seeds.checked_quotes(), stale
