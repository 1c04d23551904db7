"""The command line: `briefings build`, `briefings check`, `briefings --version`.

Exit status: 0 success, 1 content errors, 2 usage errors (Click's own). This is the only
module that prints.
"""

from __future__ import annotations

import functools
import os
import signal
import sys

import click

from . import __version__
from .problems import BuildError, ContentError, Problem, activity
from .project import Project

PROJECT = click.option(
    "--project", "-p", default=".", show_default=True,
    type=click.Path(exists=True, file_okay=False),
    help="The project folder: the one holding briefings.yaml and content/.")


def report(problems: list[Problem]) -> None:
    for p in problems:
        click.echo(str(p), err=True)


def fail(exc: ContentError) -> None:
    report(exc.problems)
    n = sum(1 for p in exc.problems if not p.warning)
    click.secho(f"{n} error{'s' if n != 1 else ''}; nothing was written.", fg="red", err=True)
    sys.exit(1)


class Stopped(BaseException):
    """The process was asked to stop (SIGTERM): unwind like Ctrl-C, cleaning up on the way."""


def _stop(signum, frame) -> None:
    raise Stopped()


def reported(command):
    """Run a command so that whatever happens, the user gets one plain line and an exit
    status: content errors (1), a build that cannot go ahead (1 or 2), a stop (130 for
    Ctrl-C, 143 for SIGTERM), or a fault in briefings itself (1), never a traceback."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        signal.signal(signal.SIGTERM, _stop)
        try:
            return command(*args, **kwargs)
        except ContentError as exc:
            fail(exc)
        except BuildError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(exc.status)
        except (KeyboardInterrupt, Stopped) as exc:
            click.secho("stopped: interrupted before the end; the previous site is unchanged",
                        fg="red", err=True)
            sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 143)
        except Exception as exc:  # a fault in briefings, not in the content
            if os.environ.get("BRIEFINGS_DEBUG"):
                raise
            what = " ".join(f"{type(exc).__name__}: {exc}".split())
            click.secho(f"internal error: {what}, while {activity()}. This is a fault in "
                        "briefings, not in your content: please report it with this line "
                        "(BRIEFINGS_DEBUG=1 shows the details).", fg="red", err=True)
            sys.exit(1)
    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefings")
def main() -> None:
    """Build safeguarding briefings, PDFs and a searchable website from YAML content.

    \b
    Example:
      briefings check              # read and check everything, write nothing
      briefings build              # build site/ from briefings.yaml and content/
    """


@main.command()
@PROJECT
@click.option("--out", "-o", type=click.Path(file_okay=False),
              help="Where to write the site (default: site/ in the project).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors and warnings.")
@click.option("--no-pdf", is_flag=True, help="Skip the PDFs: a quick HTML-only build.")
@click.option("--preview", is_flag=True,
              help="Include reviews still under embargo, every page marked as a preview, "
                   "into preview/ (not site/) unless --out says otherwise.")
@reported
def build(project: str, out: str | None, quiet: bool, no_pdf: bool, preview: bool) -> None:
    """Build the website (and PDFs) into site/.

    The new site is built beside the old one and swapped in only when the whole build
    succeeds, so a failed build leaves the published site as it was.

    \b
    Example:
      briefings build --project my-partnership --out public
      briefings build --no-pdf     # HTML only, for a quick look while writing
      briefings build --preview    # with reviews still under embargo, into preview/
    """
    from .build import build as run_build  # here, so --help and --version start at once

    if preview and not out:
        out = str(Project.at(project).root / "preview")
    show = not quiet and sys.stdout.isatty()
    with ProgressBar(show) as bar:
        result = run_build(Project.at(project, out), pdf=not no_pdf, progress=bar.update,
                           preview=preview)
    report(result.warnings)
    if result.up_to_date:
        if not quiet:
            click.echo(f"Nothing has changed since the last build: "
                       f"{Project.at(project, out).out} is up to date.")
        return
    if not quiet:
        pdfs = ""
        if result.pdfs_rendered or result.pdfs_cached:
            pdfs = (f" and {result.pdfs_rendered + result.pdfs_cached} PDFs "
                    f"({result.pdfs_rendered} rendered, {result.pdfs_cached} cached)")
        click.echo(f"Built {result.pages} pages{pdfs} in {result.seconds:.2f}s "
                   f"into {Project.at(project, out).out}")


class ProgressBar:
    """A progress bar for PDF rendering, shown only on a terminal and never with --quiet."""

    def __init__(self, show: bool):
        self.show = show
        self.bar = None

    def update(self, done: int, total: int, url: str) -> None:
        if not self.show:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Rendering PDFs", show_pos=True,
                                         item_show_func=lambda u: u)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, url or None)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@main.command()
@PROJECT
@reported
def check(project: str) -> None:
    """Read and check all content; write nothing.

    Reports every problem at once, as path:line:column: message.

    \b
    Example:
      briefings check --project my-partnership
    """
    from .build import load

    corpus, warnings = load(Project.at(project))
    report(warnings)
    lps = len(corpus.learning_points)
    click.echo(f"OK: {len(corpus.reviews)} reviews, {len(corpus.findings)} findings, "
               f"{lps} learning points, {len(corpus.cases)} case studies, "
               f"{len(corpus.briefings)} briefings, "
               f"{len(corpus.seven_minute)} seven-minute briefings.")


# ---- briefings schema: JSON Schemas for checking content as you type ---------------------

@main.command()
@PROJECT
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@reported
def schema(project: str, folder: str | None) -> None:
    """Write JSON Schemas of the content files, for an editor to check them as you type.

    One schema for each kind of content file and one for briefings.yaml, made from the
    record model, into FOLDER (default: schemas/ in the project); and the "yaml.schemas"
    setting that points VS Code's YAML extension at them, merged into the project's
    .vscode/settings.json (its other settings are kept). Run it again after upgrading
    briefings.

    \b
    Example:
      briefings schema                         # schemas/ and .vscode/settings.json
      briefings schema --project my-partnership
    """
    from pathlib import Path

    from .schema import schema_files, write_schemas

    root = Project.at(project).root
    here = "this folder" if root == Path.cwd().resolve() else _shown(root)
    if not (root / "briefings.yaml").is_file():
        raise BuildError(f"{here} is not a briefings project: it has no briefings.yaml",
                         "run this in the project folder, or give --project", status=2)
    target = Path(folder).resolve() if folder else root / "schemas"
    globs = {s.name: s.globs for s in schema_files()}
    written = write_schemas(root, target)
    schemas, settings = written[:-1], written[-1]
    click.echo(f"Wrote {len(schemas)} schemas into {_shown(target)}/:")
    width = max(len(p.name) for p in schemas)
    for path in schemas:
        click.echo(f"  {path.name:<{width}}  {', '.join(globs.get(path.name, ()))}")
    click.echo(f"Merged their \"yaml.schemas\" into {_shown(settings)}.")
    click.echo(f"Open {here} in VS Code with the YAML extension (redhat.vscode-yaml) to have "
               "content checked as you type.")


def _shown(path) -> str:
    """A path as the user knows it: relative to the current folder where it is inside it."""
    from pathlib import Path

    try:
        return str(Path(path).relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    main()
