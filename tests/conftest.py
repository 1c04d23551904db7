"""Shared test helpers: fixture projects copied to a temporary folder, and the CLI run for real."""

from __future__ import annotations

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
