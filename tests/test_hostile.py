"""Hostile inputs and faults: nothing the user wrote is ever lost, whatever they ask for.

Each test is a story a web officer could live: a mistyped `--out`, a full disk, a build
killed half way, two builds at once. The build must refuse or fail with one plain line,
and every file of the user's must still be there, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import briefings


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(result: subprocess.CompletedProcess, status: int) -> str:
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---- the output folder ---------------------------------------------------------------------

@pytest.mark.parametrize("out, says", [
    (".", "it is the project folder"),
    ("..", "it holds the project folder"),
    ("content", "it is content/"),
    ("content/findings", "it is inside content/"),
    ("assets", "it is assets/"),
    ("templates", "it is templates/"),
    ("templates/site", "it is inside templates/"),
    (".briefings-cache", "it is the build cache"),
])
def test_a_build_refuses_an_output_folder_that_is_holds_or_sits_in_the_project(
        project, out, says):
    root = project("minimal")
    (root / "templates").mkdir()
    (root.parent / "minutes-2025.docx").write_bytes(b"the user's own minutes")
    before = digest(root.parent)

    result = briefings("build", "--no-pdf", "--out", out, cwd=root)

    line = one_line_error(result, 2)
    assert "will not build into" in line and says in line, line
    assert "--out" in line                                   # says what to do
    assert digest(root.parent) == before                     # nothing lost, nothing added


def test_a_folder_of_the_users_own_files_is_never_replaced(project, tmp_path):
    root = project("minimal")
    theirs = tmp_path / "public"
    theirs.mkdir()
    (theirs / "minutes-2025.docx").write_bytes(b"minutes")
    (theirs / "notes.txt").write_text("notes")
    before = digest(theirs)

    result = briefings("build", "--project", str(root), "--out", str(theirs), "--no-pdf")

    line = one_line_error(result, 2)
    assert "holds files briefings did not make (minutes-2025.docx, notes.txt)" in line
    assert digest(theirs) == before


def test_a_file_given_as_the_output_folder_is_refused(project):
    root = project("minimal")
    result = briefings("build", "--no-pdf", "--out", "briefings.yaml", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'briefings.yaml' is a file" in result.stderr
    assert (root / "briefings.yaml").read_text().startswith("title:")


def test_a_symlink_to_the_content_is_refused_as_the_content(project):
    root = project("minimal")
    (root / "public").symlink_to(root / "content", target_is_directory=True)
    result = briefings("build", "--no-pdf", "--out", "public", cwd=root)
    assert "it is content/" in one_line_error(result, 2)
    assert (root / "content/findings/neglect.yaml").is_file()


def test_an_empty_folder_is_built_into_and_marked_as_a_site_then_rebuilt(project, tmp_path):
    root = project("minimal")
    out = tmp_path / "empty"
    out.mkdir()
    assert briefings("build", "-p", str(root), "--out", str(out), "--no-pdf").returncode == 0
    assert (out / "index.html").is_file()
    assert "built by briefings" in (out / ".briefings-site").read_text()
    (root / "content/findings/neglect.yaml").write_text(
        (root / "content/findings/neglect.yaml").read_text().replace("Recognising", "Seeing"))
    again = briefings("build", "-p", str(root), "--out", str(out), "--no-pdf")
    assert again.returncode == 0, again.stderr
    assert "Seeing neglect" in (out / "findings/neglect/index.html").read_text()


def test_an_unmarked_site_from_an_earlier_version_is_refused_with_what_to_do(project):
    root = project("minimal")
    assert briefings("build", "--no-pdf", cwd=root).returncode == 0
    (root / "site/.briefings-site").unlink()
    line = one_line_error(briefings("build", "--no-pdf", cwd=root), 2)
    assert "delete it and build again" in line
    assert (root / "site/index.html").is_file()


# ---- faults while writing ------------------------------------------------------------------

def in_small_disk(script: str, size: str = "3m") -> dict:
    """Run `script` (Python) in a private mount namespace where DISK is a tmpfs of `size`:
    a real small disk, so a real 'No space left on device' or 'Read-only file system'."""
    if shutil.which("unshare") is None:
        pytest.fail("these tests need unshare (util-linux) to make a small disk")
    program = textwrap.dedent("""
        import json, os, subprocess, sys, tempfile
        DISK = tempfile.mkdtemp()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s", "tmpfs", DISK], check=True)
        def briefings(*args):
            r = subprocess.run([sys.executable, "-m", "briefings.cli", *args],
                               capture_output=True, text=True)
            return {"status": r.returncode, "stdout": r.stdout, "stderr": r.stderr}
        def listing(folder):
            return sorted(os.listdir(folder))
        def tree(folder):
            import hashlib
            out = {}
            for d, _, files in os.walk(folder):
                for f in files:
                    p = os.path.join(d, f)
                    out[os.path.relpath(p, folder)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
            return out
        result = {}
    """) % size + textwrap.dedent(script) + "\nprint(json.dumps(result))\n"
    done = subprocess.run(["unshare", "--map-root-user", "--mount", sys.executable, "-c",
                           program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_full_disk_is_one_line_the_old_site_stays_and_no_staging_is_left(project):
    root = project("minimal")
    result = in_small_disk(f"""
        out = DISK + "/site"
        result["first"] = briefings("build", "-p", {str(root)!r}, "--out", out, "--no-pdf")
        result["before"] = tree(out)
        with open(DISK + "/filler", "wb") as f:   # leave too little room for a second site
            f.write(b"x" * (1024 * 1024))
        finding = {str(root / "content/findings/neglect.yaml")!r}
        text = open(finding).read().replace("Recognising", "Seeing")
        open(finding, "w").write(text)
        result["second"] = briefings("build", "-p", {str(root)!r}, "--out", out, "--no-pdf")
        result["after"] = tree(out)
        result["disk"] = listing(DISK)
    """)
    assert result["first"]["status"] == 0, result["first"]["stderr"]
    second = result["second"]
    assert second["status"] == 1
    assert "Traceback" not in second["stderr"]
    lines = second["stderr"].strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: could not write the site"), lines
    assert "No space left on device; the previous site is unchanged" in lines[0]
    assert "free some disk space" in second["stderr"]
    assert result["after"] == result["before"]
    assert [name for name in result["disk"] if "building" in name] == []


def test_a_read_only_disk_is_one_line_and_the_old_site_stays(project):
    root = project("minimal")
    result = in_small_disk(f"""
        out = DISK + "/site"
        result["first"] = briefings("build", "-p", {str(root)!r}, "--out", out, "--no-pdf")
        result["before"] = tree(out)
        subprocess.run(["mount", "-o", "remount,ro", DISK], check=True)
        finding = {str(root / "content/findings/neglect.yaml")!r}
        text = open(finding).read().replace("Recognising", "Seeing")
        open(finding, "w").write(text)
        result["second"] = briefings("build", "-p", {str(root)!r}, "--out", out, "--no-pdf")
        result["after"] = tree(out)
    """)
    assert result["first"]["status"] == 0, result["first"]["stderr"]
    second = result["second"]
    assert second["status"] == 1, second
    assert "Traceback" not in second["stderr"]
    assert len(second["stderr"].strip().splitlines()) == 1, second["stderr"]
    assert "Read-only file system; the previous site is unchanged" in second["stderr"]
    assert result["after"] == result["before"]


# ---- builds that overlap or were killed ----------------------------------------------------

def test_a_second_build_into_the_same_folder_at_once_is_refused(project):
    root = project("minimal")
    first = subprocess.Popen([sys.executable, "-m", "briefings.cli", "build", "-p", str(root)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(root.glob(".site.building-*")):    # the first is writing its site
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        second = briefings("build", "-p", str(root), "--no-pdf")
    finally:
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    line = one_line_error(second, 1)
    assert "another build is writing" in line and "wait for it to finish" in line
    assert (root / "site/briefings/health/health.pdf").is_file()


def test_staging_folders_left_by_a_killed_build_are_removed_by_the_next(project):
    root = project("minimal")
    stale = root / ".site.building-killed"
    (stale / "findings").mkdir(parents=True)
    (stale / ".briefings-site").write_text("a site being built")
    theirs = root / ".site.building-notes"          # not ours: no marker, not empty
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me")

    assert briefings("build", "--no-pdf", cwd=root).returncode == 0

    assert not stale.exists()
    assert (theirs / "notes.txt").read_text() == "keep me"
