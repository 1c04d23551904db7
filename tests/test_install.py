"""The package as a user installs it: the wheel carries the default theme, so `pip install`
gives a `briefings` command that builds a project anywhere, with no checkout of this repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .sites import FIXTURES

REPO = Path(__file__).parent.parent


def run(*args, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.install
def test_the_installed_wheel_builds_a_project_outside_the_repository(tmp_path):
    # Build the wheel from a copy of the source, so the checkout stays clean.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(REPO / "pyproject.toml", source)
    for folder in ("briefings", "templates", "content"):
        shutil.copytree(REPO / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (source / "README.md").write_text("# briefings\n")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", tmp_path / "dist", source, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("briefings-*.whl"))

    # A fresh environment holding only the wheel; its dependencies are borrowed from the
    # test environment (after it on the path), so the test needs no network.
    fresh = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", "--without-pip", fresh, cwd=tmp_path)
    python = fresh / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=tmp_path)
    site_packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                             cwd=tmp_path).stdout.strip())
    (site_packages / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    where = run(python, "-c", "import briefings; print(briefings.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(fresh)), "briefings must come from the wheel"

    project = tmp_path / "my-partnership"
    shutil.copytree(FIXTURES / "minimal", project)
    run(fresh / "bin" / "briefings", "build", "--project", project, "--out", tmp_path / "public",
        cwd=tmp_path)
    public = tmp_path / "public"
    for path in ("index.html", "findings/neglect/index.html", "static/site.css",
                 "static/search.js", "static/fonts/SourceSansPro-Regular.ttf",
                 "static/fonts/SourceSansPro-Regular.woff2",
                 "pagefind/pagefind.js"):
        assert (public / path).is_file(), path
    assert "Recognising neglect" in (public / "findings/neglect/index.html").read_text()

    # The starter and the national showcase come with the package too.
    for example in ("starter", "national"):
        made = tmp_path / f"new-{example}"
        run(fresh / "bin" / "briefings", "new", made, "--example", example, cwd=tmp_path)
        run(fresh / "bin" / "briefings", "build", "--project", made, "--no-pdf", cwd=tmp_path)
        assert (made / "site/reviews/index.html").is_file(), example
    assert (tmp_path / "new-national/content/findings/recognising-neglect.yaml").is_file()
    assert (tmp_path / "new-starter/schemas/findings.schema.json").is_file()
