"""Builds never leave a half-written site: a failed build changes nothing, a good one swaps."""

import hashlib
import os
import subprocess
import sys
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
    """A page removed, a page edited in place (to the same length), a file of one's own put
    into a page's folder: each is seen, and the next build puts the site right."""
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    home, page = root / "site/index.html", root / "site/findings/neglect/index.html"
    made = page.read_text(encoding="utf-8")
    stray = page.parent / "notes.txt"

    def edit():
        page.write_text(made.replace("Neglect", "NEGLECT"), encoding="utf-8")

    for damage in (home.unlink, edit, lambda: stray.write_text("mine")):
        damage()
        result = briefings("build", "--project", str(root), "--no-pdf")
        assert "Built" in result.stdout, damage
        assert home.is_file() and page.read_text(encoding="utf-8") == made
        assert not stray.exists()


def test_a_rebuild_after_one_edit_leaves_every_unchanged_file_as_it_was(project):
    """Only the files whose bytes changed are new (an upload by date sends only them);
    every other file is the very file published before, with its date."""
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    site = root / "site"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
              for p in site.rglob("*") if p.is_file()}

    finding = root / "content/findings/neglect.yaml"
    finding.write_text(finding.read_text().replace("Recognising neglect", "Seeing neglect"))
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0

    before = {p: seen for p, seen in before.items() if p.exists()}  # the search index's
    changed = {p for p, (_, _, data) in before.items() if p.read_bytes() != data}  # names move
    assert site / "findings/neglect/index.html" in changed
    assert site / "static/site.css" not in changed
    for path, (inode, mtime, _) in before.items():
        now = path.stat()
        if path in changed:
            assert now.st_ino != inode, path
        else:
            assert (now.st_ino, now.st_mtime_ns) == (inode, mtime), path
    assert len(changed) < len(before) / 2


def test_a_rebuild_with_nothing_changed_repeats_the_warnings_of_the_last_build(project):
    root = project()
    edit = root / "content/briefings/health.yaml"
    edit.write_text(edit.read_text().replace("review_due: 2027-11-01", "review_due: 2026-11-10"))
    warning = "content/briefings/health.yaml:1:1: warning: 'health' was due for review on"
    first = briefings("build", "--project", str(root), "--no-pdf")
    assert first.returncode == 0 and warning in first.stderr

    again = briefings("build", "--project", str(root), "--no-pdf")
    assert again.returncode == 0
    assert "Nothing has changed since the last build" in again.stdout
    assert warning in again.stderr

    strict = briefings("build", "--project", str(root), "--no-pdf", "--strict")
    assert strict.returncode == 1 and "was due for review on" in strict.stderr


def test_a_link_put_into_the_published_site_is_not_followed_to_keep_its_files(project,
                                                                              tmp_path):
    """A rebuild keeps only the published site's own files: a folder of it replaced by hand
    with a link to a copy elsewhere is neither read through nor linked into the new site."""
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    site = root / "site"
    outside = tmp_path / "glossary"
    (site / "glossary").rename(outside)
    (site / "glossary").symlink_to(outside, target_is_directory=True)
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    page = site / "glossary" / "index.html"
    assert not (site / "glossary").is_symlink()
    assert page.read_bytes() == (outside / "index.html").read_bytes()
    assert page.stat().st_ino != (outside / "index.html").stat().st_ino


def test_files_that_may_not_be_read_are_refused_after_a_build_not_read(project, tmp_path):
    """The no-change check reads only the project's ordinary files: not a named pipe (which
    would hang the build), not what a link out of the project points at. The build that
    follows says what is wrong."""
    root = project()
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"not the project's")
    (root / "assets" / "outside.png").symlink_to(outside)
    os.mkfifo(root / "content" / "findings" / "pipe.yaml")
    result = subprocess.run([sys.executable, "-m", "briefings.cli", "build", "-p", str(root),
                             "--no-pdf"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "assets/outside.png:1:1: this is a link to a file outside the project" in result.stderr
    assert "content/findings/pipe.yaml:1:1: this is not an ordinary file" in result.stderr
