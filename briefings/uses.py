"""`briefings uses import`: returned record-of-use forms into `content/uses/`.

A record of use comes back in one of two ways: the PDF of a briefing with its form filled in
(the form's fields, read with pikepdf), or a CSV whose header row holds the same field names,
for a partnership that collects them by e-mail or an online survey. Each session becomes one
YAML file in content/uses/, which the build turns into the evidence-of-use page.

- Nothing is overwritten. A record's file is named after its briefing, its date and a hash
  of what it says, so the same form imported twice (or a form and the CSV row typed from it)
  is recognised and skipped.
- A CSV is all or nothing: one bad row and nothing is written for that file, so that after
  the row is put right the whole file can be imported again (rows already imported are
  skipped). Other files on the command line are still imported.
- Names are not kept: whatever looks like a person's name or other identifying detail
  (content/privacy.py) in any field is removed, and the output says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Optional

import yaml

from .content import kinds, privacy
from .content.model import Corpus

# The form's fields, in the order of the form: the PDF's field names and the CSV's columns.
# Never rename one: forms printed and sent out years ago still come back with these names.
FIELDS = ("briefing", "date_used", "team", "agency", "attendees", "format", "completed_by",
          "discussion", "actions", "follow_up")
REQUIRED = ("briefing", "date_used", "team", "agency")
LABELS = {"briefing": "briefing", "date_used": "date used", "team": "team or service",
          "agency": "agency or sector", "attendees": "number of people", "format": "format",
          "completed_by": "completed by", "discussion": "questions discussed",
          "actions": "actions agreed", "follow_up": "date to review the actions"}
TEXTS = ("team", "agency", "format", "completed_by", "discussion", "actions")
# The kinds of record a form can be for (the form's `briefing` field: "seven_minute:neglect",
# "session:neglect-health"), and the field of the record of use that names it.
FOR_KINDS = {"seven_minute": "briefing", "session": "session"}
REMOVED = "[removed]"
MAX_ATTENDEES = 1000
MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}


@dataclass(frozen=True)
class Said:
    """One thing to tell the user, about a file (and a line of a CSV)."""

    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {'warning: ' if self.warning else ''}{self.message}"


@dataclass
class Imported:
    written: list[tuple[str, Path]] = field(default_factory=list)   # (what, file written)
    skipped: list[tuple[str, Path]] = field(default_factory=list)   # (what, file it is in)
    said: list[Said] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)                   # files not imported

    @property
    def errors(self) -> list[Said]:
        return [s for s in self.said if not s.warning]


def import_files(corpus: Corpus, folder: Path, files: Iterable[Path],
                 shown: Mapping[Path, str] | None = None) -> Imported:
    """Read each file (PDF or CSV) and write a YAML file per session into `folder`."""
    shown = dict(shown or {})
    out = Imported()
    known = {fingerprint(record_fields(u)) for u in corpus.of("use")}
    today = corpus.settings.today or dt.date.today()
    for path in files:
        name = shown.get(path, str(path))
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            rows = [(name, read_pdf(path, name, out))]
        elif suffix == ".csv":
            rows = read_csv(path, name, out)
        else:
            out.said.append(Said(name, "is neither a PDF nor a CSV file: give the PDF of a "
                                 "filled-in record-of-use form, or a CSV of them"))
            out.failed.add(name)
            continue
        records = []
        for where, row in rows:
            record = validate(row, where, corpus, today, out) if row is not None else None
            records.append((where, record))
        if name in out.failed or any(r is None for _, r in records):
            out.failed.add(name)
            if suffix == ".csv" and records:
                out.said.append(Said(name, "nothing was imported from this file: put the "
                                     "rows above right and import it again"))
            continue
        for where, record in records:
            write(record, where, folder, known, out)
    return out


# ---- reading -------------------------------------------------------------------------------

def read_pdf(path: Path, name: str, out: Imported) -> Optional[dict[str, str]]:
    """The form fields of a filled-in PDF, by name."""
    import pikepdf  # here: only an import of PDFs needs it

    def fail(message: str) -> None:
        out.said.append(Said(name, message))
        out.failed.add(name)

    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        fail(f"cannot be read as a PDF ({' '.join(str(exc).split())})")
        return None
    with pdf:
        form = pdf.Root.get("/AcroForm")
        values: dict[str, str] = {}
        if isinstance(form, pikepdf.Dictionary):
            for fld in form.get("/Fields", ()):
                _field_values(fld, values, set())
    if not values:
        fail("has no form to read: give the PDF of a seven-minute briefing with its record "
             "of use filled in (an older PDF, or one printed to PDF, has no form)")
        return None
    if "briefing" not in values:
        fail("has a form, but not a record of use (it has no 'briefing' field)")
        return None
    if not any(values.get(f, "").strip() for f in FIELDS if f != "briefing"):
        fail("the record of use in this PDF is blank: fill it in (and save the PDF) first")
        return None
    return values


def _field_values(node, values: dict[str, str], seen: set) -> None:
    import pikepdf

    if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen:
        return
    seen.add(node.objgen)
    if "/T" in node and "/V" in node:
        value = node.V
        values[str(node.T)] = (str(value)[1:] if isinstance(value, pikepdf.Name)
                               else str(value))
    for kid in node.get("/Kids", ()):
        _field_values(kid, values, seen)


def read_csv(path: Path, name: str, out: Imported) -> list[tuple[str, Optional[dict]]]:
    """(where, fields) of each row of a CSV of records of use; its header names the fields."""
    def fail(where: str, message: str) -> list:
        out.said.append(Said(where, message))
        out.failed.add(name)
        return []

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return fail(name, "is not UTF-8 text: save the spreadsheet as \"CSV UTF-8\"")
    except OSError as exc:
        return fail(name, f"cannot be read ({exc.strerror})")
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    except StopIteration:
        return fail(name, "is empty: its first row names the fields "
                    f"({', '.join(FIELDS)})")
    except csv.Error as exc:
        return fail(f"{name}:1", f"cannot be read as CSV: {exc}")
    unknown = [h for h in header if h not in FIELDS]
    missing = [f for f in REQUIRED if f not in header]
    if unknown or missing:
        what = []
        if unknown:
            what.append(f"unknown column{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(repr(h) for h in unknown)}")
        if missing:
            what.append(f"no column {', '.join(repr(m) for m in missing)}")
        return fail(f"{name}:1", f"{'; '.join(what)} (the columns are: {', '.join(FIELDS)}; "
                    f"{', '.join(REQUIRED)} are needed)")
    rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            where = f"{name}:{line}"
            line = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                fail(where, f"has {len(cells)} values but the header names {len(header)} "
                     "columns (a value with a comma in it needs quotes)")
                rows.append((where, None))
                continue
            rows.append((where, dict(zip(header, cells))))
    except csv.Error as exc:
        return fail(f"{name}:{line}", f"cannot be read as CSV: {exc}")
    if not rows and name not in out.failed:
        return fail(name, "has a header row but no records of use")
    return rows


# ---- checking ------------------------------------------------------------------------------

def validate(row: Mapping[str, str], where: str, corpus: Corpus, today: dt.date,
             out: Imported) -> Optional[dict]:
    """The record a row (or form) makes, in the order of its YAML; None if it is wrong (and
    each thing wrong is said)."""
    said_before = len(out.errors)
    def wrong(message: str) -> None:
        out.said.append(Said(where, message))

    value = {k: " ".join(str(row.get(k) or "").split()) for k in FIELDS}
    for k in ("discussion", "actions"):  # keep the lines of a longer answer
        value[k] = "\n".join(" ".join(line.split()) for line in str(row.get(k) or "")
                             .splitlines() if line.strip())
    for k in REQUIRED:
        if not value[k]:
            wrong(f"the {LABELS[k]} is not filled in")
    used = used_for(value["briefing"], corpus, wrong) if value["briefing"] else None
    date = parse_date(value["date_used"], "date used", wrong) if value["date_used"] else None
    if date and date > today:
        wrong(f"the date used, {date:%-d %B %Y}, is in the future")
    follow_up = (parse_date(value["follow_up"], "date to review the actions", wrong)
                 if value["follow_up"] else None)
    attendees = None
    if value["attendees"]:
        number = re.fullmatch(r"\d+", value["attendees"])
        attendees = int(value["attendees"]) if number else None
        if attendees is None or not 1 <= attendees <= MAX_ATTENDEES:
            wrong(f"the number of people, {value['attendees']!r}, is not a whole number "
                  f"from 1 to {MAX_ATTENDEES}")
            attendees = None
    if len(out.errors) > said_before:
        return None
    allowed = tuple(corpus.settings.privacy_exceptions)
    texts = {k: without_names(value[k], LABELS[k], where, allowed, out) for k in TEXTS}
    record = {**dict([used] if used else []), "date": date, "team": texts["team"],
              "agency": texts["agency"], "attendees": attendees, "format": texts["format"],
              "completed_by": texts["completed_by"], "discussion": texts["discussion"],
              "actions": texts["actions"], "follow_up": follow_up}
    return {k: v for k, v in record.items() if v not in (None, "")}


def used_for(reference: str, corpus: Corpus, wrong) -> Optional[tuple[str, str]]:
    """What a form is for, as the record of use's field and value: "seven_minute:neglect"
    (as the form has it) or "neglect" is ("briefing", "neglect"); "session:neglect-health"
    is ("session", "neglect-health")."""
    kind, _, id = reference.rpartition(":")
    kind = kind or "seven_minute"
    if kind not in FOR_KINDS:
        wrong(f"the form is for {reference!r}, not a seven-minute briefing or a training "
              "session: records of use can only be imported for those")
        return None
    if id not in corpus.index(kind):
        wrong(f"the form is for the {kinds.kind(kind).label} {id!r}, which this project does "
              "not have (is it from another partnership's site, or was it renamed?)")
        return None
    return FOR_KINDS[kind], id


def parse_date(text: str, what: str, wrong) -> Optional[dt.date]:
    """A date as people write it: 14/10/2026, 14-10-2026, 2026-10-14, 14 October 2026."""
    t = text.strip().rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", t):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})", t):
            month = next((n for name, n in MONTHS.items()
                          if len(m[2]) >= 3 and name.startswith(m[2].lower())), None)
            if month:
                return dt.date(int(m[3]), month, int(m[1]))
    except ValueError:
        wrong(f"the {what}, {text!r}, is not a date there is")
        return None
    wrong(f"the {what}, {text!r}, is not a date: write it as DD/MM/YYYY")
    return None


def without_names(text: str, what: str, where: str, allowed: tuple, out: Imported) -> str:
    """The text with anything that looks like identifying detail taken out, each said."""
    found = list(privacy.identifying(text, allowed))
    for _, kind, match in found:
        out.said.append(Said(where, f"the {what} has {match!r}, which looks like {kind}: "
                             f"it was removed (a record of use keeps no names)", warning=True))
    for _, _, match in found:
        text = re.sub(r"\s+".join(map(re.escape, match.split())), REMOVED, text)
    return text


# ---- writing -------------------------------------------------------------------------------

def record_fields(use) -> dict:
    """A loaded record of use as `validate` makes one, to recognise it when it comes again."""
    out = {}
    for k in ("briefing", "session", "date", "team", "agency", "attendees", "format", "completed_by",
              "discussion", "actions", "follow_up"):
        v = getattr(use, k)
        if v is not None and v != "":
            out[k] = v if isinstance(v, (int, dt.date)) else str(v)
    return out


def fingerprint(record: Mapping) -> str:
    """What a record of use says, hashed, after the spaces and case of its words are evened
    out: the same session read twice has the same fingerprint."""
    def even(v):
        return v.isoformat() if isinstance(v, dt.date) else (
            " ".join(str(v).split()).lower() if isinstance(v, str) else v)
    data = json.dumps({k: even(v) for k, v in record.items()}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:8]


def write(record: dict, where: str, folder: Path, known: set[str], out: Imported) -> None:
    digest = fingerprint(record)
    used = record.get("briefing") or record.get("session")
    id = f"{record['date'].isoformat()}-{used}-{digest}"
    target = folder / f"{id}.yaml"
    if target.exists() or digest in known:
        out.skipped.append((where, target if target.exists() else folder))
        # what was removed from it was said when it was first imported
        out.said = [s for s in out.said if not (s.warning and s.where == where)]
        return
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.dump({"id": id, **record}, Dumper=_Dumper, sort_keys=False,
                     allow_unicode=True, width=88)
    with open(target, "x", encoding="utf-8") as f:  # never over a file already there
        f.write(text)
    known.add(digest)
    out.written.append((where, target))


class _Dumper(yaml.SafeDumper):
    """YAML as a person would write it: an answer of several lines as a block (`|`)."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
