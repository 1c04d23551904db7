"""`briefings serve`: build, serve on 127.0.0.1, rebuild on every save, reload the page.

The site is built into a temporary folder (never the project's own `site/`), with the same
build as `briefings build`: staged beside the served folder and swapped in only when it
succeeds, so a broken save never replaces the last good site. The server adds one script to
each HTML page as it sends it (`/__briefings__/reload.js`, from the same origin, so the
pages' Content-Security-Policy allows it); the files on disk never hold it. The script
asks the server every moment which build it is showing, reloads the page when a newer one is
ready, and lays the current errors over the page while the content has any.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

from .build import build
from .problems import BuildError, ContentError
from .project import Project

PREFIX = "/__briefings__/"
HERE = Path(__file__).parent
POLL = 0.3   # seconds between looks at the project's files
PAUSE = 2.0  # seconds without a save before the search index is brought up to date


def watched(project: Project) -> dict[str, tuple[int, int]]:
    """(size, modification time) of every file a build reads, by path."""
    state = {}
    for top in (project.settings_file, project.content, project.assets,
                project.root / "templates"):
        paths = [top] if top.is_file() else (top.rglob("*") if top.is_dir() else [])
        for path in paths:
            with contextlib.suppress(OSError):
                if path.is_file():
                    st = path.stat()
                    state[str(path)] = (st.st_size, st.st_mtime_ns)
    return state


class State:
    """What the server shows: the number of the last good build and the current errors."""

    def __init__(self):
        self.version = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "errors": self.errors}).encode()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, with the reload script added to each HTML page."""

    state: State

    def log_message(self, *args) -> None:  # the terminal is for the content's problems
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path.startswith(PREFIX):
            return self.own(path[len(PREFIX):])
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return self.page(local)
        if not local.exists() and (Path(self.directory) / "404.html").is_file():
            return self.page(Path(self.directory) / "404.html", status=404)
        return super().do_GET()

    def page(self, path: Path, status: int = 200) -> None:
        html = path.read_bytes()
        tag = f'<script src="{PREFIX}reload.js" defer></script>'.encode()
        html = html.replace(b"</body>", tag + b"\n</body>", 1)
        self.reply(status, "text/html; charset=utf-8", html)

    def own(self, name: str) -> None:
        if name == "status":
            return self.reply(200, "application/json", self.state.json())
        files = {"reload.js": "application/javascript", "overlay.css": "text/css"}
        if name in files:
            return self.reply(200, files[name], (HERE / "serve_files" / name).read_bytes())
        self.send_error(404)

    def reply(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    """A web server on this computer. A browser asks for many files at once (a page's styles
    and fonts, the search index's fragments): the standard queue of 5 waiting connections
    drops some when the machine is busy, and a page then loads without them."""

    request_queue_size = 128
    daemon_threads = True


def serve(project_root: Path, port: int = 8000, pdf: bool = False,
          say: Callable[..., None] = print, ready: Optional[Callable[[str], None]] = None,
          stop: Optional[threading.Event] = None) -> None:
    """Serve the project until Ctrl-C (or `stop` is set). `say(line, error=False)` prints a
    line; `ready` is told the address once the first build is served."""
    with tempfile.TemporaryDirectory(prefix="briefings-serve-") as tmp:
        project = Project.at(project_root, Path(tmp) / "site")
        state = State()
        handler = functools.partial(type("Bound", (Handler,), {"state": state}),
                                    directory=str(project.out))
        try:
            server = Server(("127.0.0.1", port), handler)
        except OSError as exc:
            raise BuildError(f"cannot serve on port {port}: {exc.strerror}",
                             f"give another port, e.g. --port {port + 1}", status=2) from None
        seen = watched(project)  # before the first build: a save during it is a change
        rebuild(project, pdf, state, say)
        if not project.out.is_dir():
            project.out.mkdir()  # the first build failed: serve the errors over nothing
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        say(f"Serving {project.root.name} at {address} (Ctrl-C to stop)")
        if ready:
            ready(address)
        try:
            for change in changes(project, stop, seen):
                if change == "saved":      # show the save at once, with the last index
                    rebuild(project, pdf, state, say, search=False)
                else:                      # editing has paused: index the site for search
                    rebuild(project, pdf, state, say, announce=False)
        finally:
            server.shutdown()
            server.server_close()


def changes(project: Project, stop: Optional[threading.Event],
            seen: dict[str, tuple[int, int]]) -> Iterator[str]:
    """Yield "saved" each time a file the build reads has changed from `seen` (and
    settled), and "paused" once, when no file has changed for a while since."""
    quiet_since: Optional[float] = None
    while not (stop and stop.is_set()):
        time.sleep(POLL)
        now = watched(project)
        if now != seen:
            time.sleep(0.05)         # let an editor finish writing
            seen = watched(project)
            quiet_since = time.monotonic()
            yield "saved"
        elif quiet_since is not None and time.monotonic() - quiet_since > PAUSE:
            quiet_since = None
            yield "paused"


def rebuild(project: Project, pdf: bool, state: State, say: Callable[..., None],
            search: Optional[bool] = None, announce: bool = True) -> None:
    """Build into the served folder; the page reloads when `announce`-d builds succeed."""
    started = time.perf_counter()
    try:
        result = build(project, pdf=pdf, search=search, carry=("pagefind",) if search is False
                       else ())
    except ContentError as exc:
        lines = [str(p) for p in exc.problems]
        for line in lines:
            say(line, error=True)
        errors = [p for p in exc.problems if not p.warning]
        say(f"{len(errors)} error{'s' if len(errors) != 1 else ''}: still serving the last "
            "good build", error=True)
        with state.lock:
            state.errors = lines
        return
    for warning in result.warnings:
        say(str(warning), error=True)
    if (result.up_to_date and state.version) or not announce:
        return                      # nothing that changes the pages
    with state.lock:
        state.version += 1
        state.errors = []
    if state.version > 1 or os.environ.get("BRIEFINGS_DEBUG"):
        say(f"Rebuilt in {time.perf_counter() - started:.2f}s")
