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

def in_small_disk(script: str, size: str = "8m") -> dict:
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
        disk = os.statvfs(DISK)
        with open(DISK + "/filler", "wb") as f:   # leave too little room for a second site
            f.write(b"x" * (disk.f_bavail * disk.f_frsize - 64 * 1024))
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
    make_slow(root, 100)             # so the first is still writing when the second starts
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
    """A staging folder, and the copy of pages the search index was reading beside it."""
    from briefings.publish.output import scratch
    root = project("minimal")
    stale = root / ".site.building-killed"
    (stale / "findings").mkdir(parents=True)
    (stale / ".briefings-site").write_text("a site being built")
    copy = scratch(stale, "search")
    (copy / "findings").mkdir()
    (copy / "findings/index.html").write_text("<p>a page being indexed</p>")
    theirs = root / ".site.building-notes"          # not ours: no marker, not empty
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me")

    assert briefings("build", "--no-pdf", cwd=root).returncode == 0

    assert not stale.exists() and not copy.exists()
    assert (theirs / "notes.txt").read_text() == "keep me"


# ---- addresses: only http, https, mailto or relative, in every field -------------------------

def check_says(root: Path, *expected: str) -> str:
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for line in expected:
        assert line in result.stderr, result.stderr
    return result.stderr


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_a_javascript_base_url_is_an_error_not_31_links(project):
    root = project("minimal")
    append(root / "briefings.yaml", "base_url: javascript:alert(1)\n")
    check_says(root, "briefings.yaml:8:11: base_url 'javascript:alert(1)' is not a web address")


@pytest.mark.parametrize("field, value, expected", [
    ("url", "javascript:alert(1)", "is not allowed (links may be http, https, mailto or "
                                   "relative)"),
    ("url", "JavaScript:alert(1)", "is not allowed"),
    ("url", "//evil.example/x", "is not allowed"),
    ("url", "data:text/html,<script>alert(1)</script>", "is not allowed"),
])
def test_a_sources_unsafe_address_is_an_error_at_its_line(project, field, value, expected):
    root = project("minimal")
    replace_in(root / "content/sources/main.yaml", "  publisher: Department for Education\n",
               f"  publisher: Department for Education\n  {field}: {json.dumps(value)}\n")
    check_says(root, f"content/sources/main.yaml:6:8: link {value!r} {expected}")


def test_an_unsafe_partnership_address_or_contact_email_is_an_error(project):
    root = project("minimal")
    replace_in(root / "briefings.yaml", "  logo: assets/logo.svg\n",
               "  logo: assets/logo.svg\n  url: 'javascript:alert(1)'\n")
    append(root / "briefings.yaml", "contact:\n  email: '\"><script>x</script>'\n")
    check_says(root, "briefings.yaml:6:8: link 'javascript:alert(1)' is not allowed",
               "briefings.yaml:10:10: contact email '\"><script>x</script>' is not an e-mail "
               "address")


def test_an_absolute_image_path_is_an_error_not_a_traceback(project):
    root = project("minimal")
    replace_in(root / "content/seven-minute/neglect.yaml", "learning_for_practice: Keep a chronology.",
               "learning_for_practice: Keep a chronology. ![map](/etc/hostname)")
    check_says(root, "content/seven-minute/neglect.yaml:15:45: image '/etc/hostname' is an "
                     "absolute path")
    result = briefings("build", "--project", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr


# ---- nothing outside the project is ever read ----------------------------------------------

def test_a_link_in_content_to_a_file_outside_the_project_is_an_error_and_not_read(
        project, tmp_path):
    root = project("minimal")
    secret = tmp_path / "secret.yaml"
    secret.write_text("- id: leaked\n  name: A secret outside the project\n  description: x\n")
    (root / "content/themes.yaml").unlink()
    (root / "content/themes.yaml").symlink_to(secret)
    err = check_says(root, "content/themes.yaml:1:1: this is a link to a file outside the "
                           "project; it was not read")
    assert "secret" not in err.lower() or "secret.yaml" not in err


def test_a_link_in_assets_or_templates_leading_outside_is_an_error_and_not_published(
        project, tmp_path):
    root = project("minimal")
    (tmp_path / "passwords.txt").write_text("hunter2")
    (root / "assets/passwords.txt").symlink_to(tmp_path / "passwords.txt")
    (root / "templates/static").mkdir(parents=True)
    (root / "templates/static/extra.css").symlink_to(tmp_path / "passwords.txt")
    (root / "templates/glossary.html").symlink_to(tmp_path / "passwords.txt")
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for path in ("assets/passwords.txt", "templates/static/extra.css",
                 "templates/glossary.html"):
        assert f"{path}:1:1: this is a link to a file outside the project" in result.stderr
    assert not (root / "site").exists()


def test_a_logo_outside_the_project_is_an_error(project):
    root = project("minimal")
    replace_in(root / "briefings.yaml", "logo: assets/logo.svg", "logo: ../../../../etc/passwd")
    check_says(root, "briefings.yaml:5:9: logo '../../../../etc/passwd' is outside the "
                     "project's assets/ folder")


# ---- broken files are errors, never tracebacks or hangs ------------------------------------

@pytest.mark.parametrize("date, says", [
    ("2026-02-30", "published '2026-02-30' is not a real date (day is out of range for month)"),
    ("2026-20-11", "published '2026-20-11' is not a real date (month must be in 1..12)"),
])
def test_an_impossible_date_is_an_error_at_its_line(project, date, says):
    root = project("minimal")
    replace_in(root / "content/briefings/health.yaml", "published: 2026-11-01",
               f"published: {date}")
    check_says(root, f"content/briefings/health.yaml:5:12: {says}")


def test_a_review_due_before_publication_is_an_error(project):
    root = project("minimal")
    replace_in(root / "content/briefings/health.yaml", "review_due: 2027-11-01",
               "review_due: 2025-11-01")
    check_says(root, "content/briefings/health.yaml:6:13: review_due 2025-11-01 is before "
                     "published 2026-11-01")


def test_an_alias_amplified_file_is_refused_without_running_out_of_memory(project):
    """A 150 KB file whose one 50,000-character text is used 30,000 times (1.5 billion
    characters once expanded) is an error about that, quickly, not a MemoryError."""
    root = project("minimal")
    (root / "content/cases/baby-a.yaml").write_text(
        "id: baby-a\ntitle: A baby\noutcome: serious-harm\n"
        "content_warning: &big " + "x" * 50_000 + "\nsummary: What happened.\n"
        "source: {source: smith-2020, page: 1}\nthemes: [neglect]\nsectors: [health]\n"
        "missed_opportunities: [" + ", ".join(["*big"] * 30_000) + "]\n")
    started = time.monotonic()
    result = briefings("check", "--project", str(root))
    assert time.monotonic() - started < 60
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("the file expands to more than 20,000,000 characters (an alias used many times?)"
            in result.stderr), result.stderr[:2000]


def test_odd_things_in_content_are_errors_not_hangs_or_tracebacks(project, tmp_path):
    import os
    root = project("minimal")
    (root / "content/findings/folder.yaml").mkdir()
    (root / "content/cases/gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(root / "content/sections/pipe.yaml")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "briefings.cli", "check", "-p", str(root)],
                            capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/findings/folder.yaml:1:1: this is a folder, not a file" in result.stderr
    assert "content/cases/gone.yaml:1:1: this is a link to a file that does not exist" \
        in result.stderr
    assert "content/sections/pipe.yaml:1:1: this is not an ordinary file" in result.stderr


def test_an_id_too_long_for_a_file_name_is_an_error(project):
    root = project("minimal")
    long_id = "a" * 300
    replace_in(root / "content/cases/baby-a.yaml", "id: baby-a", f"id: {long_id}")
    replace_in(root / "content/findings/neglect.yaml", "cases: [baby-a]", f"cases: [{long_id}]")
    check_says(root, "content/cases/baby-a.yaml:1:5: id 'aaaaaaaaaa…' is 300 characters "
                     "long; the limit is 100")


def test_an_unexpected_failure_is_an_internal_error_naming_the_file_not_a_traceback(project):
    """A bug in the engine (simulated by a record class the loader cannot convert) is reported
    as an internal error with the file being read, distinct from a content error summary."""
    root = project("minimal")
    program = textwrap.dedent(f"""
        import sys
        import briefings.content.load as load
        real = load._Reader.convert
        def broken(self, node, hint, what):
            if what == "theme":
                raise RuntimeError("a bug")
            return real(self, node, hint, what)
        load._Reader.convert = broken
        from briefings.cli import main
        sys.argv = ["briefings", "check", "-p", {str(root)!r}]
        main()
    """)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("internal error: RuntimeError: a bug, while reading "
                               "content/themes.yaml")
    assert "please report it" in lines[0]
    assert "errors;" not in lines[0] and "nothing was written" not in lines[0]


# ---- a build stopped half way ---------------------------------------------------------------

def children(pid: int) -> list[int]:
    """The build's own worker processes: children of `pid` running briefings (Linux /proc),
    not the short-lived helpers libraries start (ldconfig)."""
    return children_running(pid, b"briefings.cli")


def children_running(pid: int, command: bytes) -> list[int]:
    """The children of `pid` whose command line has `command` in it (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            line = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and command in line:
            found.append(int(stat.parent.name))
    return found


def alive(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out


def test_a_build_stopped_while_a_part_of_its_index_is_made_stops_pagefind_and_cleans_up(
        tmp_path):
    """The search index is made in parts while the site is written, each part by a Pagefind
    process of its own: a build stopped then (Ctrl-C, a page that fails) stops that process
    too, and leaves no copy of the pages it was reading (made beside the site)."""
    import os

    from briefings.publish.search import Index
    site = tmp_path / "site"
    site.mkdir()
    # 200,000 different words: some seconds of Pagefind's work, so it is still at it when
    # the build stops, however busy the machine (5,000 of one word took it a moment)
    words = " ".join(f"w{n}x" for n in range(200_000))
    page = f"<html><body><main data-pagefind-body>{words}</main></body></html>"
    with pytest.raises(KeyboardInterrupt):
        with Index(site, part_bytes=1) as index:   # every page a part of its own
            index.add("a.html", page)
            index.add("b.html", page)               # the first part is being indexed
            running = alive(children_running(os.getpid(), b"pagefind"))
            assert running, "no Pagefind process was indexing the first part"
            raise KeyboardInterrupt
    assert not alive(running), "Pagefind outlived the build"
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_a_link_planted_in_the_published_index_is_never_followed(tmp_path):
    """A part of the published site's index is taken into the next one only if every entry
    of it is an ordinary file or folder: one holding a link out of the site is made again
    by Pagefind, and what the link leads to is neither read nor published."""
    from briefings.publish.search import BUNDLE, KEYS, index_site
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the site")
    page = "<html><body><main data-pagefind-body>Neglect builds up.</main></body></html>"
    published = tmp_path / "published"
    published.mkdir()
    (published / "a.html").write_text(page)
    assert index_site(published) == 1
    (published / BUNDLE / "planted.txt").symlink_to(outside)
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(page)
    assert index_site(site, previous=published) == 1
    assert not (site / BUNDLE / "planted.txt").exists()

    # the whole index a link to a folder outside: its digests match, but it is not taken
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(site / BUNDLE, elsewhere / BUNDLE)
    (elsewhere / BUNDLE / "planted.txt").write_text("not for the site")
    (site / BUNDLE).symlink_to(elsewhere / BUNDLE)
    again = tmp_path / "again"
    again.mkdir()
    (again / "a.html").write_text(page)
    assert index_site(again, previous=site) == 1
    assert not (again / BUNDLE / "planted.txt").exists()

    # the digests a link to a file outside: not read, so nothing is taken from the site
    shutil.move(again / KEYS, elsewhere / KEYS)
    (again / KEYS).symlink_to(elsewhere / KEYS)
    last = tmp_path / "last"
    last.mkdir()
    (last / "a.html").write_text(page)
    assert index_site(last, previous=again) == 1
    entry = "pagefind-entry.json"
    assert (last / BUNDLE / entry).stat().st_ino != (again / BUNDLE / entry).stat().st_ino


def test_a_published_index_damaged_by_hand_is_made_again_not_carried_on(tmp_path):
    """A part is taken from the published site only if its bundle holds what it held when
    it was made: one with a file deleted is made again by Pagefind."""
    from briefings.publish.search import BUNDLE, index_site
    page = "<html><body><main data-pagefind-body>Neglect builds up.</main></body></html>"
    published = tmp_path / "published"
    published.mkdir()
    (published / "a.html").write_text(page)
    assert index_site(published) == 1
    made = sorted(p.relative_to(published).as_posix()
                  for p in (published / BUNDLE).rglob("*") if p.is_file())
    fragment = next((published / BUNDLE / "fragment").iterdir())
    fragment.unlink()
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(page)
    assert index_site(site, previous=published) == 1
    assert sorted(p.relative_to(site).as_posix()
                  for p in (site / BUNDLE).rglob("*") if p.is_file()) == made


def make_slow(root: Path, paragraphs: int = 600) -> None:
    """Give the sector briefings a long shared section, so each PDF takes seconds to lay out
    and the workers are busy when the build is stopped."""
    paragraph = ("Each agency saw part of the picture; the review found that no one put the "
                 "parts together until it was too late for the child. ")
    body = "\n\n".join(f"  {n}. {paragraph * 3}" for n in range(paragraphs))
    (root / "content/sections/about.yaml").write_text(
        f"id: about\ntitle: About this briefing\nbody: |\n{body}\n")


def start_rendering(root: Path) -> tuple[subprocess.Popen, list[int]]:
    """Start a build with PDFs and wait until its PDF workers are running."""
    make_slow(root)
    build = subprocess.Popen([sys.executable, "-m", "briefings.cli", "build", "-p", str(root)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = children(build.pid)
        if workers:
            time.sleep(0.3)  # let them start rendering
            return build, children(build.pid)
        assert build.poll() is None, build.communicate()
        time.sleep(0.01)
    raise AssertionError("the build never started its PDF workers")


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pids)


@pytest.fixture
def published(project):
    """A project whose site is already published (HTML only), to see it survive."""
    root = project("minimal")
    assert briefings("build", "--no-pdf", cwd=root).returncode == 0
    (root / "content/findings/neglect.yaml").write_text(
        (root / "content/findings/neglect.yaml").read_text().replace("Recognising", "Seeing"))
    return root, digest(root / "site")


@pytest.mark.parametrize("how, status", [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_stopped_build_says_so_in_one_line_and_leaves_nothing_behind(published, how, status):
    import os
    import signal
    root, before = published
    build, workers = start_rendering(root)
    if how == "SIGINT":                       # Ctrl-C: the whole terminal group gets it
        os.killpg(build.pid, signal.SIGINT)
    else:
        build.send_signal(signal.SIGTERM)
    out, err = build.communicate(timeout=60)
    assert build.returncode == status, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        "stopped: interrupted before the end; the previous site is unchanged"]
    assert gone_within(workers, 10), "PDF workers outlived the build"
    assert digest(root / "site") == before
    assert list(root.glob(".site.building-*")) == []


def test_a_killed_builds_workers_die_with_it_and_the_next_build_cleans_up(published):
    import signal
    root, before = published
    build, workers = start_rendering(root)
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=60)
    assert gone_within(workers, 1.5), "PDF workers outlived a killed build"
    assert digest(root / "site") == before
    assert list(root.glob(".site.building-*"))     # a kill leaves its staging folder...
    again = briefings("build", "--no-pdf", cwd=root)
    assert again.returncode == 0, again.stderr
    assert list(root.glob(".site.building-*")) == []  # ...which the next build removes
    assert "Seeing neglect" in (root / "site/findings/neglect/index.html").read_text()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG file's header saying it is `width` by `height` pixels, with no picture."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("name, data", [
    ("logo.png", png_claiming(200_000, 200_000)),  # Pillow refuses it as a bomb
    ("logo.png", b"this is not a picture"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e999 10"></svg>'),
])
def test_a_logo_whose_size_cannot_be_read_still_builds_without_a_size(project, name, data):
    root = project()
    (root / "assets" / name).write_bytes(data)
    replace_in(root / "briefings.yaml", "logo: assets/logo.svg", f"logo: assets/{name}")
    result = briefings("build", "--project", str(root), "--no-pdf", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    page = (root / "site/index.html").read_text()
    assert f'<img src="assets/{name}" alt="" class="brand-logo">' in page
