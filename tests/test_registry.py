"""The kind registry: each record kind declared once, everything derived from it, and a new
kind with its own page added with a record class, a registry entry and one template."""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
import typing
from pathlib import Path
from typing import Optional

import pytest

from briefings.build import build, load
from briefings.content import kinds
from briefings.content.model import (
    Dated,
    Id,
    Md,
    Ref,
    Text,
    ThemeRef,
    hints,
    record,
    walk,
)
from briefings.problems import ContentError
from briefings.project import THEME, Project
from briefings.render.html import labels

from .conftest import FIXTURES, REPO

PACKAGE = REPO / "briefings"


def test_every_kind_has_a_unique_name_url_and_a_record_class_with_an_id():
    names = [k.name for k in kinds.KINDS]
    assert len(names) == len(set(names))
    urls = [k.page for k in kinds.KINDS if k.page] + [k.index for k in kinds.KINDS if k.index]
    assert len(urls) == len(set(urls))
    for k in kinds.KINDS:
        assert dataclasses.is_dataclass(k.record) and "id" in hints(k.record), k.name
        assert bool(k.files) != bool(k.inside), f"{k.name}: files or inside, not both"
        if k.page:
            assert "{id}" in k.page and k.page.endswith("index.html"), k.name


def test_every_reference_in_the_model_names_a_registered_kind():
    refs = set()
    for k in kinds.KINDS:
        for cls in nested_classes(k.record):
            for hint in hints(cls).values():
                refs.update(kind for ref in find_refs(hint) for kind in ref.kinds)
    assert refs and refs <= {k.name for k in kinds.KINDS}, refs


def nested_classes(cls, seen=None):
    seen = seen if seen is not None else set()
    if cls in seen:
        return seen
    seen.add(cls)
    for hint in hints(cls).values():
        for arg in flatten(hint):
            if dataclasses.is_dataclass(arg):
                nested_classes(arg, seen)
    return seen


def flatten(hint):
    yield hint
    for arg in typing.get_args(hint):
        yield from flatten(arg)


def find_refs(hint):
    for h in flatten(hint):
        if typing.get_origin(h) is typing.Annotated:
            yield from (m for m in h.__metadata__ if isinstance(m, Ref))


def test_every_navigation_kind_has_a_label_and_every_page_kind_a_template_or_builder():
    from briefings.render.plan import INDEXES, PAGES
    words = labels([THEME], REPO)
    for k in kinds.KINDS:
        if k.nav:
            assert k.name in words["index"], f"labels.yaml has no index title for {k.name}"
        if k.page:
            assert k.name in PAGES or (THEME / f"{k.name}.html").is_file(), k.name
        if k.index:
            assert k.name in INDEXES or (THEME / "records.html").is_file(), k.name


# Records of use come back from the teams who used a briefing (`briefings uses import`):
# the showcase invents none, and its evidence-of-use page says how to collect them.
NOT_IN_THE_SHOWCASE = {"use"}


def test_loading_finds_every_kind_of_the_default_content():
    corpus, _ = load(Project.at(REPO))
    for k in kinds.KINDS:
        if k.name not in NOT_IN_THE_SHOWCASE:
            assert corpus.of(k.name), f"the default content has no {k.label}"


# ---- no import circle -----------------------------------------------------------------------

def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (anywhere in it, lazily or not)."""
    modules = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = here.split(".")[:len(here.split(".")) - node.level + 1] if node.level \
                    else []
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    deps.add(full if full in modules else target)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, done = [], set()

    def visit(node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in done:
                visit(nxt, path + [nxt])
        done.add(node)

    for node in sorted(graph):
        if node not in done:
            visit(node, [node])
    return found


def test_the_package_has_no_import_circle():
    graph = import_graph(PACKAGE)
    assert "briefings.render.pages" in graph["briefings.render.briefing"]  # the graph works
    assert cycles(graph) == []


def test_the_circle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_content_imports_nothing_from_render_or_publish():
    graph = import_graph(PACKAGE)
    for module, deps in graph.items():
        if module.startswith("briefings.content"):
            assert not {d for d in deps if d.startswith(("briefings.render",
                                                         "briefings.publish"))}, module
        if module.startswith("briefings.render"):
            assert not {d for d in deps if d.startswith("briefings.publish")}, module


# ---- a new kind, with its own page ----------------------------------------------------------

@record
class Notice(Dated):
    """A kind the engine has never heard of: a partnership's notice."""

    id: Id
    title: Text
    body: Md
    themes: tuple[ThemeRef, ...] = ()
    note: Optional[Text] = None


NOTICE = kinds.Kind("notice", Notice, "notice", "notices/*.yaml", page="notices/{id}/index.html",
                    index="notices/index.html", nav=True, search="notice")
NOTICE_TEMPLATE = """{% extends "base.html" %}
{% block main %}<article data-pagefind-body><h1>{{ record.title }}</h1>{{ html.body }}
{% for t in themes %}<a href="{{ root }}{{ t.url }}">{{ t.title }}</a>{% endfor %}</article>
{% endblock %}
"""


@pytest.fixture
def with_notices(monkeypatch, tmp_path):
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (NOTICE,))
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "content/notices").mkdir()
    (root / "content/notices/closure.yaml").write_text(
        "id: closure\ntitle: Office closed over the holidays\n"
        "body: Training resumes in January [@smith-2020, p. 3].\nthemes: [neglect]\n")
    (root / "templates").mkdir()
    (root / "templates/notice.html").write_text(NOTICE_TEMPLATE)
    settings = root / "briefings.yaml"
    settings.write_text(settings.read_text() + "base_url: https://example.org/\n")
    return root


def test_a_new_kind_gets_its_page_index_navigation_sitemap_and_search_type(with_notices):
    root = with_notices
    build(Project.at(root), pdf=False)
    site = root / "site"
    page = (site / "notices/closure/index.html").read_text()
    assert "<h1>Office closed over the holidays</h1>" in page
    assert "Training resumes in January" in page and 'href="#ref-smith-2020"' in page
    assert 'data-pagefind-filter="type:notice"' in page                # search type
    assert 'href="../../themes/neglect/index.html"' in page
    assert "Office closed over the holidays" in (site / "notices/index.html").read_text()
    assert re.search(r'<a href="notices/index.html"[^>]*>Notices</a>',
                     (site / "index.html").read_text())             # in the navigation
    assert "https://example.org/notices/closure/" in (site / "sitemap.xml").read_text()


def test_a_new_kind_is_checked_like_every_other(with_notices):
    root = with_notices
    (root / "content/notices/again.yaml").write_text(
        "id: closure\ntitle: Again\nbody: Text.\nthemes: [neglet]\ntitel: x\n")
    with pytest.raises(ContentError) as error:
        load(Project.at(root))
    shown = [str(p) for p in error.value.problems]
    assert any(m.startswith("content/notices/again.yaml:5:1: unknown key 'titel' in notice")
               for m in shown), shown
    (root / "content/notices/again.yaml").write_text(
        "id: closure\ntitle: Again\nbody: Text.\nthemes: [neglet]\n")
    with pytest.raises(ContentError) as error:
        load(Project.at(root))
    shown = [str(p) for p in error.value.problems]
    assert ("content/notices/closure.yaml:1:5: duplicate notice id 'closure' (first defined "
            "at content/notices/again.yaml:1:5)") in shown
    assert ("content/notices/again.yaml:4:10: unknown theme 'neglet' (did you mean "
            "'neglect'?)") in shown


def test_the_records_of_a_new_kind_are_walked_by_every_check(with_notices):
    corpus, _ = load(Project.at(with_notices))
    (notice,) = corpus.of("notice")
    assert any(v == "neglect" for _, v in walk(notice))
