"""The loader's conversion, unit by unit: YAML nodes to typed records, with every problem
named at its file, line and column."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional, Union

import pytest
import yaml

from briefings.content.load import _Reader, load_corpus
from briefings.content.model import Dated, Id, Md, Overlay, Text, formerly, record
from briefings.problems import Pos


@dataclass(frozen=True, kw_only=True)
class Inner:
    name: Text
    count: int = 0


@record
class Sample(Dated):
    id: Id
    title: Text
    when: Optional[dt.date] = None
    ratio: Optional[float] = None
    flag: bool = False
    level: Literal["low", "high"] = "low"
    tags: tuple[Text, ...] = ()
    inner: Optional[Inner] = None
    either: Optional[Union[int, Text]] = None
    body: Optional[Md] = None
    by_sector: dict[Text, Overlay] = formerly("sectors", default_factory=dict)


def convert(text: str, cls=Sample, path: str = "content/x.yaml"):
    problems = []
    reader = _Reader(Path(path), path, problems)
    reader.lines = text.splitlines()
    value = reader.convert(yaml.compose(text), cls, "sample")
    return value, problems


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_every_type_converts_and_strings_remember_where_they_were_written():
    value, problems = convert(
        "id: one\ntitle: A title\nwhen: 2026-11-01\nratio: 3\nflag: true\nlevel: high\n"
        "tags: [a, b]\ninner: {name: n, count: 2}\neither: 7\nbody: |\n  Line one\n  *two*\n")
    assert problems == []
    assert value.title == "A title" and value.title.pos == Pos("content/x.yaml", 2, 8)
    assert value.when == dt.date(2026, 11, 1)
    assert value.ratio == 3.0 and isinstance(value.ratio, float)
    assert value.flag is True and value.level == "high"
    assert value.tags == ("a", "b") and value.tags[1].pos == Pos("content/x.yaml", 7, 11)
    assert value.inner == Inner(name="n", count=2)
    assert value.either == 7
    assert value.body.pos_at(value.body.index("*two*")) == Pos("content/x.yaml", 12, 3)
    assert value.pos == Pos("content/x.yaml", 1, 1)


@pytest.mark.parametrize("text, expected", [
    ("id: one\ntitle: [a]\n", "content/x.yaml:2:8: title should be text, not a list"),
    ("id: one\ntitle: t\nflag: yes please\n",
     "content/x.yaml:3:7: flag should be true or false, not text 'yes please'"),
    ("id: one\ntitle: t\nwhen: soon\n",
     "content/x.yaml:3:7: when should be a date written YYYY-MM-DD, not text 'soon'"),
    ("id: one\ntitle: t\nlevel: hgh\n",
     "content/x.yaml:3:8: level 'hgh' is not one of: low, high (did you mean 'high'?)"),
    ("id: one\ntitle: t\ntitel: u\n",
     "content/x.yaml:3:1: unknown key 'titel' in sample (did you mean 'title'?)"),
    ("id: one\n", "content/x.yaml:1:1: sample is missing required field 'title'"),
    ("id: One Two\ntitle: t\n", "content/x.yaml:1:5: id 'One Two' is not a valid id "
     "(use lower-case letters, digits and single hyphens, e.g. 'one-two')"),
    ("id: one\ntitle: t\ntitle: u\n", "content/x.yaml:3:1: key 'title' appears twice in sample"),
    ("id: one\ntitle: t\nby_sector:\n  health: {framing: a}\n  health: {framing: b}\n",
     "content/x.yaml:5:3: 'health' appears twice in by_sector (first given at "
     "content/x.yaml:4:3; give it once)"),
    ("id: one\ntitle: !!python/name:os.system t\n",
     "content/x.yaml:2:8: tag 'tag:yaml.org,2002:python/name:os.system' is not allowed in content"),
])
def test_each_mistake_is_named_where_it_was_made(text, expected):
    _, problems = convert(text)
    assert any(m.startswith(expected) for m in messages(problems)), messages(problems)
    assert not any(p.warning for p in problems)


def test_a_renamed_key_still_loads_with_a_warning_saying_its_new_name():
    value, problems = convert("id: one\ntitle: t\nsectors:\n  health: {framing: a}\n")
    assert value.by_sector["health"].framing == "a"
    assert [str(p) for p in problems] == [
        "content/x.yaml:3:1: warning: 'sectors' in sample is now called 'by_sector' "
        "(rename it to by_sector: the old name will stop working)"]


def test_an_empty_content_file_is_an_error_not_silently_nothing(tmp_path):
    (tmp_path / "content/findings").mkdir(parents=True)
    (tmp_path / "content/findings/empty.yaml").write_text("\n# nothing yet\n")
    problems = []
    corpus = load_corpus(tmp_path / "content", None, tmp_path, problems)
    assert messages(problems) == ["content/findings/empty.yaml:1:1: the file is empty "
                                  "(write its content, or delete the file)"]
    assert corpus.findings == ()
