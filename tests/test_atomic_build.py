"""Builds never leave a half-written site: a failed build changes nothing, a good one swaps."""

import hashlib
from pathlib import Path

from .conftest import briefings


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(project):
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    site = root / "site"
    before = tree_digest(site)
    assert "briefings/health/index.html" in before

    finding = root / "content/findings/neglect.yaml"
    finding.write_text(finding.read_text().replace("themes: [neglect]", "themes: [nope]"))
    result = briefings("build", "--project", str(root), "--no-pdf")

    assert result.returncode == 1
    assert "unknown theme 'nope'" in result.stderr
    assert tree_digest(site) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_a_successful_build_replaces_the_site_and_leaves_no_staging_folders(project):
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    (root / "site" / "stale.html").write_text("left over from an old build")
    finding = root / "content/findings/neglect.yaml"
    finding.write_text(finding.read_text().replace("Recognising neglect", "Seeing neglect"))

    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0

    page = (root / "site/briefings/health/index.html").read_text()
    assert "Seeing neglect" in page
    assert not (root / "site" / "stale.html").exists()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_build_writes_to_the_folder_named_by_out(project, tmp_path):
    root = project()
    out = tmp_path / "public"
    result = briefings("build", "--project", str(root), "--out", str(out), "--no-pdf", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (out / "index.html").is_file()


def test_a_rebuild_with_nothing_changed_does_no_work(project):
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    page = root / "site/briefings/health/index.html"
    stamp = page.stat().st_mtime_ns

    again = briefings("build", "--project", str(root), "--no-pdf")
    assert again.returncode == 0
    assert "Nothing has changed since the last build" in again.stdout
    assert page.stat().st_mtime_ns == stamp

    finding = root / "content/findings/neglect.yaml"
    finding.write_text(finding.read_text().replace("Recognising neglect", "Seeing neglect"))
    changed = briefings("build", "--project", str(root), "--no-pdf")
    assert "Built" in changed.stdout
    assert "Seeing neglect" in page.read_text()


def test_a_site_damaged_by_hand_is_rebuilt_even_if_the_content_is_unchanged(project):
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    (root / "site/index.html").unlink()
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert "Built" in result.stdout
    assert (root / "site/index.html").is_file()
