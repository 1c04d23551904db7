"""The command line: `briefings build`, `briefings check`, `briefings --version`.

Exit status: 0 success, 1 content errors, 2 usage errors (Click's own). This is the only
module that prints.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

import click

from . import __version__
from .problems import BuildError, ContentError, Problem, activity
from .project import Project

STRICT = click.option("--strict", is_flag=True,
                      help="Treat warnings as errors (exit status 1): for CI.")
VERBOSE = click.option("--verbose", "-v", is_flag=True,
                       help="Say each step as it is done, with its time.")

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
    strict = " (with --strict, warnings count as errors)" if STRICT_RUN else ""
    click.secho(f"{n} error{'s' if n != 1 else ''}{strict}; nothing was written.", fg="red",
                err=True)
    sys.exit(1)


STRICT_RUN = False  # set by a command run with --strict, for fail()'s summary


def stepper(verbose: bool, quiet: bool):
    """Where each step of a build is said: always with --verbose; on a terminal otherwise
    the progress bar says enough, but a log (CI, `make site > log`) gets a line per step."""
    if quiet or not (verbose or not sys.stdout.isatty()):
        return None
    return lambda what, seconds: click.echo(f"  {what} ({seconds:.2f}s)")


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
      briefings check              # read and check everything, write no site
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
@STRICT
@VERBOSE
@reported
def build(project: str, out: str | None, quiet: bool, no_pdf: bool, preview: bool,
          strict: bool, verbose: bool) -> None:
    """Build the website (and PDFs) into site/.

    The new site is built beside the old one and swapped in only when the whole build
    succeeds, so a failed build leaves the published site as it was.

    \b
    Example:
      briefings build --project my-partnership --out public
      briefings build --no-pdf     # HTML only, for a quick look while writing
      briefings build --preview    # with reviews still under embargo, into preview/
      briefings build --strict     # in CI: a warning fails the build too
    """
    from .build import build as run_build  # here, so --help and --version start at once

    global STRICT_RUN
    STRICT_RUN = strict
    if preview and not out:
        out = str(Project.at(project).root / "preview")
    show = not quiet and sys.stdout.isatty()
    with ProgressBar(show) as bar:
        result = run_build(Project.at(project, out), pdf=not no_pdf, progress=bar.update,
                           preview=preview, strict=strict, step=stepper(verbose, quiet))
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
@STRICT
@VERBOSE
@reported
def check(project: str, strict: bool, verbose: bool) -> None:
    """Run every check a build runs; write no site.

    Reads and checks all content, renders the pages and lays out those whose layout is
    checked (a seven-minute briefing must fit its page), in a temporary folder. Reports every
    problem at once, as path:line:column: message.

    \b
    Example:
      briefings check --project my-partnership
      briefings check --strict     # in CI: a warning fails too
    """
    from .build import verify

    global STRICT_RUN
    STRICT_RUN = strict
    corpus, warnings = verify(Project.at(project), strict=strict,
                              step=stepper(verbose, False) if verbose else None)
    report(warnings)
    lps = len(corpus.learning_points)
    click.echo(f"OK: {len(corpus.reviews)} reviews, {len(corpus.findings)} findings, "
               f"{lps} learning points, {len(corpus.cases)} case studies, "
               f"{len(corpus.briefings)} briefings, "
               f"{len(corpus.seven_minute)} seven-minute briefings.")


@main.command()
@PROJECT
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to serve on (0: any free port).")
@click.option("--open", "open_", is_flag=True, help="Open the site in your web browser.")
@click.option("--pdf", is_flag=True, help="Make the PDFs too (slower to rebuild).")
@reported
def serve(project: str, port: int, open_: bool, pdf: bool) -> None:
    """Show the site at http://127.0.0.1:8000/ while you edit, rebuilt at every save.

    The page in your browser reloads itself when the new build is ready; while the content
    has errors, they are printed here and shown over the last good page. Only this
    computer can see the site. PDFs are left out unless --pdf. Ctrl-C stops it.

    \b
    Example:
      briefings serve
      briefings serve --port 8080 --open
    """
    from .serve import serve as run

    def ready(address: str) -> None:
        if open_:
            import webbrowser
            webbrowser.open(address)

    try:
        run(Path(project), port=port, pdf=pdf,
            say=lambda line, error=False: click.echo(line, err=error), ready=ready)
    except (KeyboardInterrupt, Stopped):  # Ctrl-C or a stop signal: the way to stop serving
        click.echo("Stopped serving.")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--name", default="Your Safeguarding Children Partnership", show_default=True,
              help="The partnership's name, for briefings.yaml and the example review.")
@click.option("--example", type=click.Choice(["starter", "national"]), default="starter",
              show_default=True,
              help="starter: a small project with a fictional example review; national: "
                   "the national analysis showcase, with every finding and learning point.")
@click.option("--force", is_flag=True,
              help="Write into a folder that is not empty, adding only the files that are "
                   "not there yet (nothing is overwritten or deleted).")
@reported
def new(folder: str, name: str, example: str, force: bool) -> None:
    """Start a new project in FOLDER: it builds at once.

    \b
    Example:
      briefings new riverside --name "Riverside Safeguarding Children Partnership"
      briefings new national-copy --example national
    """
    from .new import new as make

    made = make(Path(folder), name, example, force)
    for path in made.kept:
        click.echo(f"kept {path} (already there)")
    click.echo(f"Made a new project in {folder}: {len(made.written)} files. Next:\n"
               f"  cd {folder}\n  briefings serve        # see it, and edit it live\n"
               f"Start with {Path(folder) / 'README.md'}: it says what to change first.")

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


# ---- briefings uses: records of use -----------------------------------------------------------

@main.group()
def uses() -> None:
    """Records of use: the evidence that teams used the briefings.

    \b
    Example:
      briefings uses import returned/*.pdf survey.csv
    """


@uses.command("import")
@PROJECT
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@reported
def import_uses(project: str, files: tuple[str, ...]) -> None:
    """Add returned record-of-use forms to content/uses/, one file per session.

    FILES are PDFs of seven-minute briefings with the record of use filled in, or CSV files
    with a header row of the form's field names (briefing, date_used, team, agency,
    attendees, format, completed_by, discussion, actions, follow_up; the first four are
    needed). A session already imported is skipped; nothing is overwritten. A CSV with a
    bad row is not imported at all: put the row right and import it again. Names of people
    are removed. The next build counts them on the evidence-of-use page.

    \b
    Example:
      briefings uses import returned/*.pdf
      briefings uses import survey-export.csv --project my-partnership
    """
    from pathlib import Path

    from .build import load
    from .uses import import_files

    target = Project.at(project)
    corpus, _ = load(target)
    paths = [Path(f) for f in files]
    result = import_files(corpus, target.content / "uses", paths,
                          shown={p: _shown(p.resolve()) for p in paths})
    for what, path in result.written:
        click.echo(f"{what}: imported into {_shown(path)}")
    for what, path in result.skipped:
        where = f" ({_shown(path)})" if path.suffix == ".yaml" else ""
        click.echo(f"{what}: already imported{where}, skipped")
    for said in result.said:
        click.echo(str(said), err=True)
    n, skipped, bad = len(result.written), len(result.skipped), len(result.failed)
    summary = (f"{n} record{'s' if n != 1 else ''} of use imported"
               + (f", {skipped} already imported" if skipped else "")
               + (f"; {bad} file{'s' if bad != 1 else ''} not imported" if bad else "") + ".")
    if bad:
        click.secho(summary, fg="red", err=True)
        sys.exit(1)
    click.echo(summary)


def _shown(path) -> str:
    """A path as the user knows it: relative to the current folder where it is inside it."""
    from pathlib import Path

    try:
        return str(Path(path).relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    main()
