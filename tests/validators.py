"""The validators a public body runs on a site, run for real: the Nu HTML Checker (vnu.jar
on the system's Java) and pa11y-ci (HTML_CodeSniffer and axe, in Debian's chromium). Both
come from package.json, installed by `make test` into node_modules/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).parent.parent
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
PA11Y = REPO / "node_modules/.bin/pa11y-ci"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@dataclass(frozen=True)
class Finding:
    """One message of a validator: where, what kind, which check, and its words."""

    where: str       # a page's path in the site, or its URL
    level: str       # "error" or "warning"
    code: str        # the check: vnu's message kind, pa11y's code (runner: code)
    message: str
    context: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.code}: {self.message} {self.context[:160]}"


def missing() -> str | None:
    """Why the validators cannot run here, or None."""
    if not shutil.which("java"):
        return "no Java runtime (make test installs default-jre-headless on Debian)"
    if not VNU.is_file() or not PA11Y.is_file():
        return "node_modules not installed (make test runs npm ci)"
    return None


def vnu(pages: list[Path]) -> list[Finding]:
    """Every error and warning of the Nu HTML Checker on `pages`, read from disk (it refuses
    to fetch from 127.0.0.1)."""
    result = subprocess.run(["java", "-Xss1024k", "-jar", str(VNU), "--format", "json",
                             *map(str, pages)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError:
        raise AssertionError(f"the Nu HTML Checker did not run:\n{result.stderr[-2000:]}")
    return [Finding(m.get("url", ""), "warning" if m.get("subType") == "warning" else m["type"],
                    "vnu", m["message"], m.get("extract", ""))
            for m in messages if m["type"] != "info" or m.get("subType") == "warning"]


def pa11y(urls: list[str], workdir: Path) -> list[Finding]:
    """Every error and warning pa11y-ci reports for `urls`, with both of its runners
    (HTML_CodeSniffer and axe) against WCAG 2 AA. (pa11y's `rules` option is shared by both
    runners, so axe's WCAG 2.2 target-size rule cannot be added here without breaking
    HTML_CodeSniffer: the axe runs of test_browser.py include it.)"""
    # One pa11y-ci works through its pages about one at a time, whatever its concurrency:
    # two of them, each with half the pages in sitemap order, keep both cores busy.
    half = (len(urls) + 1) // 2
    runs = []
    for n, part in enumerate((urls[:half], urls[half:])):
        report = workdir / f"pa11y-report-{n}.json"
        config = {
            "defaults": {
                "standard": "WCAG2AA", "runners": ["htmlcs", "axe"],
                "includeWarnings": True, "timeout": 60_000,
                # To a file: written to a pipe, a report is cut off at 64 KB at exit.
                "reporters": [["json", {"fileName": str(report)}]],
                "chromeLaunchConfig": {"executablePath": "/usr/bin/chromium",
                                       "args": CHROMIUM_ARGS},
            },
            "concurrency": 2,
            "urls": part,
        }
        path = workdir / f"pa11y-ci-{n}.json"
        path.write_text(json.dumps(config))
        runs.append((report, subprocess.Popen([str(PA11Y), "--config", str(path)],
                                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                              text=True)))
    results: dict = {}
    for report, process in runs:
        output, _ = process.communicate(timeout=1800)
        try:
            results.update(json.loads(report.read_text())["results"])
        except (OSError, ValueError, KeyError):
            raise AssertionError(f"pa11y-ci did not run:\n{output[-3000:]}")
    found = []
    for url, issues in results.items():
        for issue in issues:
            if not isinstance(issue, dict) or "code" not in issue:   # the page did not load
                found.append(Finding(url, "error", "pa11y-ci", str(issue)))
                continue
            extras = issue.get("runnerExtras") or {}
            code = f"{issue.get('runner', 'htmlcs')}: {issue['code']}"
            if extras.get("needsFurtherReview"):
                code += " (needs review)"
            found.append(Finding(url, issue["type"], code,
                                 re.sub(r" \(https://dequeuniversity[^)]*\)", "",
                                        issue["message"]), issue.get("context") or ""))
    return found
