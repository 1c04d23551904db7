"""Records of use: the fillable form in each seven-minute PDF, `briefings uses import` of the
forms teams send back (and of a CSV of them), and the evidence-of-use page they add up to.

The form is read from the shared build of the minimal project (`minimal_built`); imports run
the command as a user does, on copies of that project, and are checked on the files they
write and on the page a quick (HTML-only) build makes of them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pikepdf
import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import briefings
from tests.pdfua import problems

pytestmark = [pytest.mark.pdf]  # reads the shared build: either worker may run it

FIELDS = ["briefing", "date_used", "attendees", "team", "agency", "format", "discussion",
          "actions", "follow_up", "completed_by"]
NAME = "Kayleigh Okafor"
FILLED = {"date_used": "14/10/2026", "team": "Northshire health visiting team",
          "agency": "health", "attendees": "9", "format": "Team meeting",
          "completed_by": "Team leader",
          "discussion": f"What a day is like for the child; {NAME} said chronologies help.",
          "actions": "Start a chronology for every family.\nReview it in supervision.",
          "follow_up": "14/01/2027"}


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def fill(blank: Path, out: Path, values: dict[str, str]) -> Path:
    """Fill in a record-of-use form as a PDF viewer does: the fields' values."""
    with pikepdf.open(blank) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            if str(field.T) in values:
                field.V = pikepdf.String(values[str(field.T)])
        pdf.save(out)
    return out


@pytest.fixture
def sheet(minimal_built) -> Path:
    return minimal_built[1] / "seven-minute/neglect/neglect.pdf"


def uses_in(root: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text()) for p in sorted((root / "content/uses").glob("*.yaml"))]


# ---- the form ---------------------------------------------------------------------------------

def test_the_seven_minute_pdf_has_a_blank_fillable_record_of_use_that_says_what_it_is_for(sheet):
    reader = PdfReader(sheet)
    fields = reader.get_fields()
    assert list(fields) == FIELDS
    assert {f.get("/FT") for f in fields.values()} == {"/Tx"}  # text fields, all of them
    assert fields["briefing"]["/V"] == "seven_minute:neglect"
    assert int(fields["briefing"]["/Ff"]) & 1  # read-only: it says which briefing it records
    assert all(fields[f].get("/V", "") == "" for f in FIELDS[1:])  # printed blank
    assert int(fields["actions"]["/Ff"]) & 4096  # multi-line
    assert fields["completed_by"]["/TU"] == "Completed by (role, not name)"
    assert not any("name" in f and f != "completed_by" for f in fields)  # no attendees' names
    widgets = [a.get_object() for a in reader.pages[1]["/Annots"]
               if a.get_object()["/Subtype"] == "/Widget"]
    assert len(widgets) == len(FIELDS)  # all on page 2, with the facilitator notes
    assert problems(sheet) == []


def test_the_pdf_check_finds_a_form_field_with_no_tooltip_or_no_form_tag(sheet, tmp_path):
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(sheet) as pdf:
        fields = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        del fields["team"].TU
        del fields["agency"].StructParent
        pdf.save(broken)
    found = problems(broken)
    assert "the form field 'team' on page 2 has no /TU: a screen reader cannot say what to " \
           "fill in (give the field a <label>)" in found
    assert any(p.startswith("the form field 'agency' on page 2 is not in the structure tree")
               for p in found), found


# ---- importing --------------------------------------------------------------------------------

def test_a_filled_form_is_imported_once_and_counted_on_the_evidence_page_without_names(
        sheet, project, tmp_path):
    root = project()
    form = fill(sheet, tmp_path / "returned.pdf", FILLED)
    first = briefings("uses", "import", str(form), "--project", str(root))
    assert first.returncode == 0, first.stderr
    assert "1 record of use imported." in first.stdout
    assert "looks like a full name: it was removed" in first.stderr
    [use] = uses_in(root)
    assert use["briefing"] == "neglect" and str(use["date"]) == "2026-10-14"
    assert use["attendees"] == 9 and use["agency"] == "health"
    assert use["actions"] == "Start a chronology for every family.\nReview it in supervision."
    assert NAME not in use["discussion"] and "[removed]" in use["discussion"]

    again = briefings("uses", "import", str(form), "--project", str(root))
    assert again.returncode == 0, again.stderr
    assert "already imported" in again.stdout and "0 records of use imported" in again.stdout
    assert again.stderr == ""  # what was removed was said the first time
    assert len(uses_in(root)) == 1

    # The same session typed into a survey's CSV is the same session; another is new.
    survey = tmp_path / "survey.csv"
    survey.write_text("briefing,date_used,team,agency,attendees,format,completed_by,"
                      "discussion,actions,follow_up\n"
                      f"neglect,14/10/2026,{FILLED['team']},health,9,Team meeting,Team leader,"
                      f"\"{FILLED['discussion']}\",\"{FILLED['actions']}\",14/01/2027\n"
                      "neglect,3 November 2026,Riverside police team,Police,12,Training,,,,\n")
    from_csv = briefings("uses", "import", str(survey), "--project", str(root))
    assert from_csv.returncode == 0, from_csv.stderr
    assert "1 record of use imported, 1 already imported." in from_csv.stdout
    assert len(uses_in(root)) == 2

    built = briefings("build", "--no-pdf", "--project", str(root))
    assert built.returncode == 0, built.stderr
    site = root / "site"
    page = (site / "evidence/index.html").read_text()
    text = text_of(page)
    assert ("2 teams recorded using our briefings in 2 sessions with 21 people, from "
            "October 2026 to November 2026.") in text
    assert "Neglect in seven minutes 2 21 2" in text           # by briefing
    assert "Health 1 9 1 Police 1 12 1" in text                 # by agency or sector
    assert "October 2026 1 9 1 November 2026 1 12 1" in text    # by month
    assert 'href="../seven-minute/neglect/index.html"' in page
    rows = list(csv.DictReader(io.StringIO((site / "evidence/evidence-of-use.csv").read_text())))
    assert [(r["month"], r["agency_or_sector"], r["sessions"], r["people"]) for r in rows] == [
        ("2026-10", "Health", "1", "9"), ("2026-11", "Police", "1", "12")]
    assert "Used by 2 teams in 2 sessions" in text_of(
        (site / "seven-minute/neglect/index.html").read_text())
    assert 'href="evidence/index.html">Evidence of use</a>' in (site / "index.html").read_text()
    published = " ".join(p.read_text(errors="ignore") for p in site.rglob("*")
                         if p.is_file() and p.suffix in (".html", ".csv", ".json", ".xml"))
    for private in ("Kayleigh", "Okafor", "Northshire", "chronology for every family", "Team leader"):
        assert private not in published


def test_a_sessions_facilitator_guide_carries_the_form_and_its_uses_count_for_the_session(
        minimal_built, project, tmp_path):
    guide = minimal_built[1] / "sessions/neglect-health/guide/neglect-health-guide.pdf"
    fields = PdfReader(guide).get_fields()
    assert list(fields) == FIELDS and fields["briefing"]["/V"] == "session:neglect-health"
    assert problems(guide) == []
    root = project()
    form = fill(guide, tmp_path / "returned.pdf", FILLED)
    result = briefings("uses", "import", str(form), "--project", str(root))
    assert result.returncode == 0, result.stderr
    [use] = uses_in(root)
    assert use["session"] == "neglect-health" and "briefing" not in use
    built = briefings("build", "--no-pdf", "--project", str(root))
    assert built.returncode == 0, built.stderr
    page = (root / "site/evidence/index.html").read_text()
    assert 'href="../sessions/neglect-health/index.html"' in page

    # A record of use says what was used: a briefing or a session, not both, not neither.
    [written] = (root / "content/uses").glob("*.yaml")
    written.write_text(written.read_text() + "briefing: neglect\n")
    both = briefings("check", "--project", str(root))
    assert both.returncode == 1
    assert f"content/uses/{written.name}:1:1: the record of use" in both.stderr
    assert "a seven-minute briefing or a training session, not both" in both.stderr


def test_a_csv_with_a_bad_row_says_file_and_line_and_imports_nothing_from_it(project, tmp_path):
    root = project()
    survey = tmp_path / "survey.csv"
    survey.write_text("briefing,date_used,team,agency,attendees\n"
                      "neglect,01/10/2026,Duty team,Children's social care,6\n"
                      "neglect,31/02/2026,Duty team,Children's social care,6\n"
                      "no-such-briefing,02/10/2026,Duty team,Children's social care,six\n")
    result = briefings("uses", "import", str(survey), "--project", str(root))
    assert result.returncode == 1
    shown = str(survey)
    assert f"{shown}:3: the date used, '31/02/2026', is not a date there is" in result.stderr
    assert (f"{shown}:4: the form is for the seven-minute briefing 'no-such-briefing', which "
            "this project does not have") in result.stderr
    assert f"{shown}:4: the number of people, 'six', is not a whole number" in result.stderr
    assert f"{shown}: nothing was imported from this file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "content/uses").exists()


def test_a_pdf_without_a_form_or_for_another_briefing_is_refused_in_words(
        minimal_built, sheet, project, tmp_path):
    root = project()
    sector = minimal_built[1] / "briefings/health/health.pdf"
    other = fill(sheet, tmp_path / "other.pdf", {**FILLED, "briefing": "seven_minute:elsewhere"})
    result = briefings("uses", "import", str(sector), str(other), "--project", str(root))
    assert result.returncode == 1
    assert f"{sector}: has no form to read" in result.stderr
    assert (f"{other}: the form is for the seven-minute briefing 'elsewhere', which this "
            "project does not have") in result.stderr
    assert "2 files not imported" in result.stderr
    assert not (root / "content/uses").exists()


def test_with_no_records_of_use_the_page_says_how_to_collect_them(minimal_built):
    text = text_of((minimal_built[1] / "evidence/index.html").read_text())
    assert "No records of use have been added yet." in text
    assert "How records of use are collected" in text and "briefings uses import" in text
    assert not (minimal_built[1] / "evidence/evidence-of-use.csv").exists()
