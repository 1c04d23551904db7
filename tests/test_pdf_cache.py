"""The PDF cache: a PDF is reused exactly when nothing that goes into it has changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefings.outputs import FitsOnePage
from briefings.problems import Pos
from briefings.publish.pdf import Cache, Job, renderer_fingerprint


def setup(tmp_path: Path, html: str = "<p>one</p>") -> tuple[Cache, Job]:
    stage, project = tmp_path / "stage", tmp_path / "project"
    (stage / "b").mkdir(parents=True)
    project.mkdir(exist_ok=True)
    (stage / "b/index.html").write_text(html)
    (project / "logo.svg").write_text("<svg/>")
    roots = (stage, project)
    return Cache(tmp_path / "cache", roots), Job("b/index.html", "b/b.pdf", stage, roots, None)


def test_the_key_changes_with_the_html_the_address_the_checks_and_the_renderer(tmp_path):
    cache, job = setup(tmp_path)
    key = cache.key(job, "renderer-1")
    assert cache.key(job, "renderer-1") == key                       # stable
    assert cache.key(job, "renderer-2") != key                       # another renderer
    assert cache.key(replace(job, base_url="https://a.example/"), "renderer-1") != key
    assert cache.key(replace(job, pdf="b/other.pdf"), "renderer-1") != key
    sheet = FitsOnePage("seven-minute briefing 'x'", Pos("x.yaml", 1, 1))
    assert cache.key(replace(job, checks=(sheet,)), "renderer-1") != key
    (job.stage / job.url).write_text("<p>two</p>")
    assert cache.key(job, "renderer-1") != key


def test_the_key_does_not_depend_on_where_the_site_was_built(tmp_path):
    cache, job = setup(tmp_path / "here")
    other_cache, other = setup(tmp_path / "there")
    assert cache.key(job, "r") == other_cache.key(other, "r")


def test_a_cached_pdf_is_used_until_a_file_it_was_made_from_changes(tmp_path):
    cache, job = setup(tmp_path)
    key = cache.key(job, "r")
    pdf = tmp_path / "made.pdf"
    pdf.write_bytes(b"%PDF-1.7 made")
    cache.put(key, pdf, [(1, "logo.svg", __import__("hashlib").sha256(b"<svg/>").hexdigest())])
    assert cache.get(key).read_bytes() == b"%PDF-1.7 made"
    (tmp_path / "project/logo.svg").write_text("<svg>changed</svg>")
    assert Cache(tmp_path / "cache", job.roots).get(key) is None


def test_pruning_keeps_only_what_this_build_asked_for(tmp_path):
    cache, job = setup(tmp_path)
    pdf = tmp_path / "made.pdf"
    pdf.write_bytes(b"%PDF")
    cache.put("old", pdf, [])
    cache.put("new", pdf, [])
    cache.get("new")
    cache.prune()
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["new.json", "new.pdf"]


def test_the_renderer_fingerprint_covers_the_renderer_code():
    assert len(renderer_fingerprint()) == 64
    assert renderer_fingerprint() == renderer_fingerprint()
