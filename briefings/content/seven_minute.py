"""Seven-minute briefings: their segment headings, how long they take to say, and their checks.

The seven segments always come in the same order (`model.SEGMENT_KEYS`) so that managers learn
the format. Their default headings live here and nowhere else; a project may rename any of
them under `seven_minute: headings:` in briefings.yaml.

Spoken length is counted from the words a presenter reads out: the text of the seven
segments, the statistics shown in segment 2 and the learning points shown in segment 4, as a
reader sees them (Markdown syntax stripped, citations left out because nobody reads
"(Dickens et al., 2022a, p. 12)" aloud).
"""

from __future__ import annotations

import math
import re
from typing import Iterator

from ..problems import Problem
from . import prose
from .citations import CITATION
from .load import did_you_mean
from .model import SEGMENT_KEYS, Corpus, Segments, Settings, SevenMinute

DEFAULT_HEADINGS: dict[str, str] = {
    "background": "Background",
    "why_it_matters": "Why it matters",
    "what_the_review_found": "What the review found",
    "learning_for_practice": "Learning for practice",
    "questions": "Questions for reflection",
    "what_to_do": "What to do / what must change",
    "further_information": "Further information and resources",
}
assert tuple(DEFAULT_HEADINGS) == SEGMENT_KEYS, "a segment without a default heading"

MINUTES = 7  # the format's promise: spoken delivery within seven minutes
WORD = re.compile(r"[\w’'-]*\w")


def headings(settings: Settings) -> dict[str, str]:
    """Segment key -> heading: the defaults, with the project's own headings over them."""
    own = settings.seven_minute.headings or {}
    return {key: str(own.get(key, default)) for key, default in DEFAULT_HEADINGS.items()}


def segment_texts(segments: Segments) -> dict[str, list[str]]:
    """Segment key -> its Markdown texts (one for prose, one per item for lists)."""
    out = {}
    for key in SEGMENT_KEYS:
        value = getattr(segments, key)
        out[key] = list(value) if isinstance(value, tuple) else [value]
    return out


def words(markdown: str | None) -> int:
    """Words a reader sees in a Markdown text, leaving out citations."""
    if not markdown:
        return 0
    return len(WORD.findall(" ".join(prose.words(CITATION.sub("", str(markdown))))))


def segment_words(record: SevenMinute, corpus: Corpus) -> dict[str, int]:
    """Segment key -> the words spoken in it, including the records it pulls in."""
    counts = {key: sum(words(t) for t in texts)
              for key, texts in segment_texts(record.segments).items()}
    statistics = corpus.index("statistic")
    learning_points = corpus.index("learning_point")
    counts["why_it_matters"] += sum(words(statistics[i].text) for i in record.data
                                    if i in statistics)
    counts["learning_for_practice"] += sum(words(learning_points[i].text)
                                           for i in record.learning_points
                                           if i in learning_points)
    return counts


def spoken_minutes(word_count: int, words_per_minute: int) -> float:
    return word_count / max(words_per_minute, 1)


def reading_minutes(word_count: int, words_per_minute: int) -> int:
    """Whole minutes to say `word_count` words, at least one."""
    return max(1, math.ceil(spoken_minutes(word_count, words_per_minute)))


# ---- checks ----------------------------------------------------------------------------------

def problems(corpus: Corpus) -> Iterator[Problem]:
    """Errors in the headings settings and ids; a warning for each briefing too long to say."""
    yield from settings_problems(corpus.settings)
    yield from id_clashes(corpus)
    yield from spoken_length(corpus)


def settings_problems(settings: Settings) -> Iterator[Problem]:
    if settings.seven_minute.words_per_minute < 1:
        yield Problem(settings.pos, "seven_minute: words_per_minute must be at least 1",
                      "150 is a comfortable speaking pace")
    for key in settings.seven_minute.headings or {}:
        if key not in DEFAULT_HEADINGS:
            yield Problem(key.pos, f"unknown seven-minute segment {str(key)!r} in headings",
                          did_you_mean(key, SEGMENT_KEYS)
                          or "the segments are: " + ", ".join(SEGMENT_KEYS))


def id_clashes(corpus: Corpus) -> Iterator[Problem]:
    """A briefing's page and a sector's index of briefings share the seven-minute/ folder."""
    sectors = {s.id for s in corpus.sectors}
    for record in corpus.seven_minute:
        if record.id in sectors:
            yield Problem(record.id.pos, f"seven-minute briefing id {str(record.id)!r} is also "
                          "a sector id, so its page would replace that sector's list of "
                          "seven-minute briefings", "choose another id")


def spoken_length(corpus: Corpus) -> Iterator[Problem]:
    wpm = corpus.settings.seven_minute.words_per_minute
    for record in corpus.seven_minute:
        total = sum(segment_words(record, corpus).values())
        minutes = spoken_minutes(total, wpm)
        if minutes > MINUTES:
            yield Problem(record.pos, f"seven-minute briefing {str(record.id)!r} takes about "
                          f"{minutes:.1f} minutes to say ({total:,} words at {wpm} words a "
                          f"minute), more than {MINUTES}",
                          f"cut about {total - MINUTES * wpm:,} words, or set "
                          "seven_minute: words_per_minute: in briefings.yaml", warning=True)
