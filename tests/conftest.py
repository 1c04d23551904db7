"""Shared test helpers: fixture projects copied to a temporary folder, and the CLI run for real."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def briefings(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the `briefings` command as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "briefings.cli", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture(scope="session")
def minimal_built(tmp_path_factory):
    """The minimal project built once, PDFs and all, as the CLI reports it: shared by every
    test that only reads what a build made (tests that use it are in the xdist group
    "pdf", so one worker builds it once)."""
    root = tmp_path_factory.mktemp("minimal-built") / "minimal"
    shutil.copytree(FIXTURES / "minimal", root)
    result = briefings("build", "--project", str(root))
    assert result.returncode == 0, result.stderr
    return root, root / "site", result


@pytest.fixture(scope="session")
def default_site(request, tmp_path_factory) -> Path:
    """The repository's own content built once for the whole run, by whichever worker asks
    first (the other waits for it): with its PDFs when `make validate` runs, without them
    (it is quicker) in `make test`."""
    full = any(item.get_closest_marker("validators") for item in request.session.items)
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent          # the folder every worker's own one is in
    out = shared / "default-site" / "site"
    with (shared / "default-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "sitemap.xml").is_file():
            result = briefings("build", "--project", str(REPO), "--out", str(out), "--quiet",
                               *([] if full else ["--no-pdf"]))
            assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def default_corpus():
    """The repository's own content, loaded and checked (raises ContentError on an error)."""
    from briefings.build import load
    from briefings.project import Project
    return load(Project.at(REPO))[0]


@pytest.fixture(scope="session")
def partnership_site(tmp_path_factory) -> Path:
    """The partnership project built once (in-process, with search), shared by every test
    that only reads its site."""
    from .sites import build_fixture
    return build_fixture("partnership", tmp_path_factory.mktemp("partnership"))


@pytest.fixture
def project(tmp_path: Path, request):
    """Copy a fixture project into a temporary folder: `project("minimal")`.

    The minimal project comes with the PDF cache and compiled templates of its shared build,
    as a project that was built before has: `briefings check` lays out a seven-minute sheet
    only when it changed, which keeps the many checks of small edits quick. What a test
    changes is laid out anew.
    """

    def make(name: str = "minimal") -> Path:
        dest = tmp_path / name
        shutil.copytree(FIXTURES / name, dest)
        if name == "minimal":
            built = request.getfixturevalue("minimal_built")[0]
            for cache in ("pdf", "templates"):  # its PDFs, and the theme compiled
                shutil.copytree(built / ".briefings-cache" / cache,
                                dest / ".briefings-cache" / cache)
        return dest

    return make
