"""`briefings serve`: the site while you edit, rebuilt at every save, reloaded in the browser,
errors shown over the last good page, and stopped cleanly by Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("serve")]
FINDING = "content/findings/neglect.yaml"


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def until(condition, seconds: float = 20, every: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not within {seconds}s")


def edit(root: Path, old: str, new: str) -> None:
    path = root / FINDING
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "project"
    import shutil
    shutil.copytree(FIXTURES / "minimal", root)
    process = subprocess.Popen([sys.executable, "-m", "briefings.cli", "serve", "--port", "0",
                                "--project", str(root)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.startswith("Serving project at http://127.0.0.1:"), line + process.stderr.read()
    address = line.split(" at ", 1)[1].split(" ", 1)[0]
    yield root, address, process
    if process.poll() is None:
        process.kill()
        process.wait()


def status(address: str) -> dict:
    return json.loads(get(address + "__briefings__/status"))


def test_serve_shows_the_site_and_a_save_shows_within_seconds(served):
    root, address, _ = served
    page = get(address + "findings/neglect/index.html")
    assert "Recognising neglect" in page
    assert '<script src="/__briefings__/reload.js" defer></script>' in page
    assert get(address).count("reload.js") == 1                  # the home page too
    started = time.monotonic()
    edit(root, "title: Recognising neglect", "title: Seeing neglect")
    until(lambda: "Seeing neglect" in get(address + "findings/neglect/index.html"))
    assert time.monotonic() - started < 10
    assert not (root / "site").exists()                           # never the project's site/
    assert not [p for p in root.rglob("*") if p.is_file() and b"__briefings__" in p.read_bytes()]


def test_a_broken_save_keeps_the_last_good_site_and_reports_the_error(served):
    root, address, process = served
    edit(root, "title: Recognising neglect", "titel: Recognising neglect")
    found = until(lambda: status(address)["errors"])
    assert found == [f"{FINDING}:2:1: unknown key 'titel' in finding (did you mean 'title'?)"]
    assert "Recognising neglect" in get(address + "findings/neglect/index.html")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert f"{FINDING}:2:1: unknown key 'titel' in finding" in err
    assert "1 error: still serving the last good build" in err


def test_the_browser_shows_the_errors_over_the_page_and_reloads_when_they_are_fixed(served):
    from playwright.sync_api import expect, sync_playwright

    from .sites import CHROMIUM, CHROMIUM_ARGS
    root, address, _ = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.goto(address + "findings/neglect/index.html")
        edit(root, "title: Recognising neglect", "titel: Recognising neglect")
        overlay = page.locator("#briefings-errors")
        expect(overlay).to_contain_text("unknown key 'titel' in finding", timeout=20_000)
        expect(overlay).to_contain_text("this is the last good build")
        edit(root, "titel: Recognising neglect", "title: Seen neglect")
        expect(page.locator("h1")).to_have_text("Seen neglect", timeout=20_000)  # reloaded
        expect(overlay).to_have_count(0)
        assert violations == [], violations
        browser.close()


def test_ctrl_c_stops_it_cleanly(served):
    _, address, process = served
    assert "Recognising" in get(address + "findings/neglect/index.html")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Stopped serving." in out and "Traceback" not in err
    with pytest.raises(OSError):
        get(address)


def test_a_port_in_use_is_a_plain_error(served, tmp_path):
    root, address, _ = served
    port = address.rsplit(":", 1)[1].strip("/")
    result = subprocess.run([sys.executable, "-m", "briefings.cli", "serve", "--port", port,
                             "--project", str(root)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"error: cannot serve on port {port}" in result.stderr
    assert f"--port {int(port) + 1}" in result.stderr
