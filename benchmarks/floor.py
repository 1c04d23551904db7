"""The Python floor: how far `briefings build` is from the least a Python site generator must
do for the same pages.

    .venv/bin/python benchmarks/floor.py              # 1,000 pages
    .venv/bin/python benchmarks/floor.py --pages 200

Makes N texts of about 600 words of Markdown each (seeded random words from a fixed list,
with headings, lists and links: the same bytes every run), then times, as CPU seconds,
the median of 3 rounds, each of the three in turn (this machine's speed has been seen to
change by half within minutes; the ratio to the floor is each round's, so it holds):
  (a) the floor, in this process: read each .md file, render it with briefings' own
      markdown-it configuration (briefings.content.prose.MD), wrap it in a Jinja2 page
      template, write it to an output folder;
  (b) `briefings build --no-pdf` with search off (`search: false` in briefings.yaml), cold,
      on a project of N findings whose bodies are those texts, with no learning points;
  (c) the same with search on.
A build makes more pages than the N finding pages (indexes, theme pages...): pages per
CPU-second are given for the N finding pages, as the floor's are, and the total is shown.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from briefings.content.prose import MD  # noqa: E402
from scale import build, search_off  # noqa: E402

SEED = 2017
RUNS = 3
WORDS = """
child children young person family parent mother father carer home school health police
social care worker practitioner assessment plan review meeting record referral concern risk
harm neglect abuse safety support service agency partner information share sharing visit
appointment nurse doctor teacher manager supervision decision threshold early help escalate
escalation challenge curiosity relationship voice lived experience daily life behaviour
pattern history chronology evidence judgement professional network housing poverty money
school attendance injury bruise hospital emergency department general practice midwife
health visitor education welfare exploitation online missing violence domestic alcohol drug
mental wellbeing disability communication interpreter language culture faith community
trust consent capacity protection strategy section enquiry outcome learning practice change
training leadership system local national partnership guidance procedure policy the a of to
and in for with that was not on as by from about their when who what after before over
between each every often never always sometimes again still only also
""".split()
PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>{{ title }}</title>\n<link rel=\"stylesheet\" href=\"../site.css\">\n</head>\n"
    "<body>\n<header><a href=\"../index.html\">Home</a></header>\n<main>\n"
    "<h1>{{ title }}</h1>\n{{ body | safe }}</main>\n</body>\n</html>\n")


# ---- the texts ----------------------------------------------------------------------

def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sentence(rng: random.Random, n: int) -> str:
    text = words(rng, n)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(9, 15)) for _ in range(5))


def markdown_text(rng: random.Random, i: int) -> str:
    """About 600 words: an opening paragraph, then three sections of two paragraphs, a
    list and a paragraph with a link."""
    parts = [paragraph(rng)]
    for section in range(3):
        parts.append(f"## {sentence(rng, 4)[:-1]}")
        parts += [paragraph(rng), paragraph(rng)]
        parts.append("\n".join(f"- {sentence(rng, rng.randint(6, 10))}" for _ in range(4)))
        parts.append(f"{sentence(rng, 12)} See [{words(rng, 3)}]"
                     f"(https://example.org/guidance/{i}/{section}) for {words(rng, 6)}.")
    return "\n\n".join(parts) + "\n"


def texts(n: int) -> list[tuple[str, str]]:
    """(title, Markdown) of each page, the same every run."""
    rng = random.Random(SEED)
    return [(sentence(rng, 5)[:-1], markdown_text(rng, i)) for i in range(n)]


# ---- (a) the floor ------------------------------------------------------------------

def write_markdown(pages: list[tuple[str, str]], folder: Path) -> None:
    folder.mkdir(parents=True)
    for i, (title, text) in enumerate(pages):
        (folder / f"page-{i:04d}.md").write_text(f"{title}\n\n{text}", encoding="utf-8")


def floor(source: Path, out: Path) -> None:
    """Read, render, wrap and write every page."""
    for md in sorted(source.glob("*.md")):
        title, text = md.read_text(encoding="utf-8").split("\n\n", 1)
        page = out / md.stem
        page.mkdir(parents=True)
        (page / "index.html").write_text(PAGE.render(title=title, body=MD.render(text)),
                                         encoding="utf-8")


def floor_cpu(source: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.process_time()
    floor(source, out)
    return time.process_time() - started


# ---- (b), (c) briefings -------------------------------------------------------------

def finding(i: int, title: str, text: str, theme: str) -> str:
    summary = text.split(".", 1)[0] + "."
    body = "".join(f"  {line}\n" if line else "\n" for line in text.splitlines())
    return (f"id: floor-{i:04d}\ntitle: {json.dumps(title)}\nthemes: [{theme}]\n"
            f"summary: {json.dumps(summary)}\nbody: |\n{body}"
            f"questions:\n  - What would this mean for the child in front of you?\n"
            "learning_points: []\n")


def make_floor_project(pages: list[tuple[str, str]], root: Path) -> Path:
    """The repository's settings, assets, sectors, themes and sources (the sectors cite
    them), and one finding per text."""
    (root / "content/findings").mkdir(parents=True)
    shutil.copy(REPO / "briefings.yaml", root / "briefings.yaml")
    shutil.copytree(REPO / "assets", root / "assets")
    for name in ("sectors.yaml", "themes.yaml"):
        shutil.copy(REPO / "content" / name, root / "content" / name)
    shutil.copytree(REPO / "content/sources", root / "content/sources")
    themes = [t["id"] for t in yaml.safe_load((REPO / "content/themes.yaml").read_text())]
    for i, (title, text) in enumerate(pages):
        (root / f"content/findings/floor-{i:04d}.yaml").write_text(
            finding(i, title, text, themes[i % len(themes)]), encoding="utf-8")
    return root


def briefings_cpu(root: Path, out: Path) -> tuple[float, int]:
    """CPU seconds of a cold build, and the number of HTML pages it made."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(root / ".briefings-cache", ignore_errors=True)
    return build(root, out).cpu, sum(1 for _ in out.rglob("*.html"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages (default: 1000)")
    n = parser.parse_args().pages
    pages = texts(n)
    n_words = statistics.mean(len(text.split()) for _, text in pages)
    names = ("(a) floor: read, markdown-it, Jinja2, write",
             "(b) briefings build --no-pdf, search off",
             "(c) briefings build --no-pdf, search on")
    runs: list[list[float]] = [[], [], []]
    built = [n, 0, 0]
    with tempfile.TemporaryDirectory(prefix="briefings-bench-floor-") as tmp:
        tmp = Path(tmp)
        write_markdown(pages, tmp / "markdown")
        root = make_floor_project(pages, tmp / "project")
        settings = (root / "briefings.yaml").read_text(encoding="utf-8")
        for _ in range(RUNS):  # in turn, so a change in the machine's speed touches all three
            runs[0].append(floor_cpu(tmp / "markdown", tmp / "floor"))
            search_off(root)
            cpu, built[1] = briefings_cpu(root, tmp / "site-no-search")
            runs[1].append(cpu)
            (root / "briefings.yaml").write_text(settings, encoding="utf-8")
            cpu, built[2] = briefings_cpu(root, tmp / "site")
            runs[2].append(cpu)
    print(f"Python floor: {n} pages of {n_words:.0f} words of Markdown on average; "
          f"CPU seconds, median of {RUNS} rounds of the three in turn; 'x floor' is the "
          "median of each round's ratio")
    print(f"{'':44}  {'CPU s':>7}  {'pages/CPU s':>11}  {'x floor':>7}  pages built")
    for name, cpu, made in zip(names, runs, built):
        ratio = statistics.median(c / f for c, f in zip(cpu, runs[0]))
        median = statistics.median(cpu)
        print(f"{name:44}  {median:7.2f}  {n / median:11.0f}  {ratio:7.1f}  {made}")


if __name__ == "__main__":
    main()
