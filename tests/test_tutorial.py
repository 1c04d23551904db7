"""The tutorial (docs/tutorial.md), followed word for word in a fresh folder: its shell
commands run as written, its files written where it says, and what it promises is there."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = [pytest.mark.pdf, pytest.mark.xdist_group("tutorial")]
TUTORIAL = REPO / "docs/tutorial.md"


def blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block, in order."""
    return re.findall(r"^```(\w+)\n(.*?)^```$", text, re.M | re.S)


def serve_and_look(cwd: Path, env: dict) -> str:
    """`briefings serve` blocks until Ctrl-C: start it, fetch the home page, press Ctrl-C."""
    process = subprocess.Popen(["briefings", "serve", "--port", "0"], cwd=cwd, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    address = line.split(" at ", 1)[1].split(" ", 1)[0]
    page = urllib.request.urlopen(address, timeout=10).read().decode()
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=20)
    assert process.returncode == 0
    return page


def test_the_tutorial_works_as_written(tmp_path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    cwd = tmp_path
    ran = []
    for language, body in blocks(TUTORIAL.read_text()):
        if language == "sh":
            for command in body.strip().splitlines():
                ran.append(command)
                words = shlex.split(command)
                if words[0] == "cd":
                    cwd = (cwd / words[1]).resolve()
                elif words[:2] == ["briefings", "serve"]:
                    assert "Riverside Safeguarding Children Partnership" in serve_and_look(cwd, env)
                else:
                    done = subprocess.run(command, shell=True, cwd=cwd, env=env,
                                          capture_output=True, text=True)
                    assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
                    assert "warning" not in done.stderr, f"{command}\n{done.stderr}"
        elif language == "yaml":
            first, _, rest = body.partition("\n")
            where = re.match(r"# (file|add to): (\S+)$", first)
            assert where, f"a YAML block must say where it goes: {first!r}"
            path = cwd / where.group(2)
            if where.group(1) == "file":
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(rest)
            else:
                path.write_text(path.read_text().rstrip("\n") + "\n" + rest)
    assert ran[0].startswith("briefings new") and "briefings check" in ran
    site, public = cwd / "site", cwd.parent / "public"
    review = (site / "reviews/child-b/index.html").read_text()
    assert "Child B: a rapid review" in review and "Designated safeguarding lead network" in review
    assert (site / "seven-minute/child-b/child-b.pdf").is_file()
    assert "https://learning.riverside.example/reviews/child-b/" in \
        (public / "sitemap.xml").read_text()
