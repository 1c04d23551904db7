"""The identifying-detail patterns, one by one: what they must catch and what they must not;
then the check as an author meets it, through `briefings check`, in every kind of record."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Optional

import pytest

from briefings.build import load
from briefings.content import kinds
from briefings.content.model import Case, Dated, Id, Md, Source, Text, record
from briefings.content.privacy import GIVEN_NAMES, identifying, nhs_number_valid, texts
from briefings.problems import ContentError, Pos
from briefings.project import Project

from .conftest import FIXTURES, briefings


def found(text: str, allowed=(), surnames=()) -> list[tuple[str, str]]:
    return [(what, match) for _, what, match in identifying(text, allowed, surnames)]


@pytest.mark.parametrize("text, what, match", [
    ("lived near NR4 7TJ then", "a postcode", "NR4 7TJ"),
    ("call 01603 123456 today", "a phone number", "01603 123456"),
    ("mobile +44 7700 900123", "a phone number", "+44 7700 900123"),
    ("wrote to mum@example.org", "an e-mail address", "mum@example.org"),
    ("NI number AB 12 34 56 C", "a National Insurance number", "AB 12 34 56 C"),
    ("she was born on 12/03/2015", "a date of birth", "born on 12/03/2015"),
    ("seen on 03/09/2026 at home", "a full date", "03/09/2026"),
    ("her mother Sarah Jones said", "a full name", "Sarah Jones"),
    ("Mrs Patel visited", "a full name", "Mrs Patel"),
    ("NHS 943 476 5919 on file", "an NHS number", "943 476 5919"),
])
def test_each_kind_of_identifying_detail_is_caught(text, what, match):
    assert (what, match) in found(text)


@pytest.mark.parametrize("text", [
    "Health visitors saw the baby many times.",
    "The Children Act 1989 and Working Together set out duties.",   # capitalised, no names
    "Between 2017 and 2019, 235 reviews were analysed.",
    "Table 1 gives 12 of 30 deaths.",
    "reference 943 476 5918 (not a valid NHS number)",
])
def test_ordinary_case_review_prose_is_not_flagged(text):
    assert found(text) == []


def test_a_deliberate_exception_is_not_flagged():
    assert found("reviewed by Sarah Jones", allowed=["Sarah Jones"]) == []


def test_nhs_numbers_are_judged_by_their_check_digit():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")


# ---- the new patterns ----------------------------------------------------------------------

CHILD_M = ("Child M (Emma Smith's son, born 03/09/2026, of 4 Elm Road, NR1 3QU, "
           "tel 07700 900123)")


def test_the_sentence_a_new_user_published_is_caught_piece_by_piece():
    assert list(identifying(CHILD_M)) == [
        (9, "a full name", "Emma Smith"),
        (27, "a date of birth", "born 03/09/2026"),   # once: not also as "a full date"
        (47, "an address", "4 Elm Road"),
        (59, "a postcode", "NR1 3QU"),
        (72, "a phone number", "07700 900123"),
    ]


@pytest.mark.parametrize("text, match", [
    ("Mason Smith was at home", "Mason Smith"),
    ("the lodger, Kelly Smith, said", "Kelly Smith"),
    ("Oluwaseun Adeyemi attended", "Oluwaseun Adeyemi"),    # given name not on the list
    ("Grace Smith visited", "Grace Smith"),                 # a given name that is a word
    ("Piotr Kowalski was interviewed", "Piotr Kowalski"),
    ("a man called Jack O'Brien", "Jack O'Brien"),
    ("Mary-Jane McDonald", "Mary-Jane McDonald"),
    ("Emma Louise Smith moved", "Emma Louise Smith"),
    ("Dr Laura Cook said", "Dr Laura Cook"),
    ("Mr. Smith called", "Mr. Smith"),
    ("Zoë Ward and others", "Zoë Ward"),
    ("Siân Jones rang", "Siân Jones"),
    ("the social worker, Aisha\nBegum, visited", "Aisha Begum"),  # over a line break
])
def test_full_names_are_caught_by_their_shape(text, match):
    assert found(text) == [("a full name", match)]


def test_a_surname_repeated_in_the_text_or_the_record_catches_a_name_not_on_any_list():
    assert found("Emma Kowalczyk and her partner Tyrese Kowalczyk") == [
        ("a full name", "Emma Kowalczyk"), ("a full name", "Tyrese Kowalczyk")]
    assert found("Tyreek Kowalczyk was not seen") == []            # neither name is known
    assert found("Tyreek Kowalczyk was not seen", surnames={"Kowalczyk"}) == [
        ("a full name", "Tyreek Kowalczyk")]                       # named elsewhere in it


def test_the_given_name_list_is_wide():
    assert len(GIVEN_NAMES) >= 400
    assert {"mason", "kelly", "mohammed", "oliwia", "chioma", "priya", "siobhan",
            "gurpreet"} <= GIVEN_NAMES


@pytest.mark.parametrize("text, match", [
    ("born 2015-03-12", "born 2015-03-12"),
    ("DOB: 2015-03-12", "DOB: 2015-03-12"),
    ("she was born 12 March 2015 at home", "born 12 March 2015"),
    ("born on the 12th of March 2015", "born on the 12th of March 2015"),
    ("born March 12, 2015", "born March 12, 2015"),
    ("date of birth: 12.03.2015", "date of birth: 12.03.2015"),
    ("d.o.b. 12/3/15", "d.o.b. 12/3/15"),
    ("She was born prematurely in hospital on 12 March 2015.",
     "born prematurely in hospital on 12 March 2015"),
])
def test_dates_of_birth_are_caught_in_every_form(text, match):
    assert found(text) == [("a date of birth", match)]


@pytest.mark.parametrize("number", [
    "+44 7700 900123", "+447700900123", "+44 (0)7700 900123", "+44 (0) 7700 900123",
    "+44 (0)1603 123456", "+44 1603 123456", "+441603123456", "+44 20 7946 0958",
    "+44 (0)20 7946 0958", "0044 20 7946 0958", "07700 900123", "020 7946 0958",
])
def test_phone_numbers_are_caught_in_uk_and_international_form(number):
    assert found(f"ring {number} after six") == [("a phone number", number)]


@pytest.mark.parametrize("text, match", [
    ("they lived at 4 Elm Road then", "4 Elm Road"),
    ("12 High Street", "12 High Street"),
    ("Flat 3, 21 Mill Lane", "Flat 3, 21 Mill Lane"),
    ("12a Church Lane", "12a Church Lane"),
    ("moved to 7 St John's Road", "7 St John's Road"),
    ("a room at 3 Park View", "3 Park View"),
    ("22 Acacia Avenue", "22 Acacia Avenue"),
    ("Apartment 12, 3 Elm Road", "Apartment 12, 3 Elm Road"),
    ("Unit 4 9 Mill Lane", "Unit 4 9 Mill Lane"),
    ("Upartment 12, 3 Elm Road", "3 Elm Road"),             # not a flat: only what follows
    ("Wunit 4, 9 Mill Lane", "9 Mill Lane"),
])
def test_street_addresses_are_caught(text, match):
    assert found(text) == [("an address", match)]


@pytest.mark.parametrize("text", [
    "Working Together to Safeguard Children (2018) sets out the duties.",
    "A Serious Case Review found the Health Visitor saw her twice.",
    "The Local Safeguarding Children Board and the Child Safeguarding Practice Review Panel.",
    "Mark the date in the chronology. Will Social Care respond?",
    "The Hope Street Project offered a Grace Period.",
    "Early Help Assessment; Multi-Agency Safeguarding Hub; Youth Offending Team.",
    "Young People's Services and Feltham Young Offender Institution.",
    "St John Ambulance and the Thomas Coram Research Unit.",
    "Great Ormond Street Hospital and Queen Elizabeth Hospital.",
    "The Joseph Rowntree Foundation and the Anna Freud Centre.",
    "the Victoria Climbié Inquiry",                        # a report's title
    "Child Q, Child LW, Baby P and Adult D; Rosie's mother.",
    "Designated Doctor and Named Nurse, under the Mental Health Act 1983.",
    "Lord Laming; Sarah's Law; Christmas Eve; Dear Colleague.",
    "She was born at 32 weeks, in 2015; born in March 2015; born 12 weeks early.",
    "In 2019 Family Court proceedings began; 12 Family Court hearings; 3 Crown Court dates.",
    "Table 3 Park View; Section 47 Child Protection enquiries; about 12 Local Authorities.",
    "the 2003 Green Paper Every Child Matters",
    "Call 999 or 101. Reviews 2017-2019 (2.5 years); 1 in 5 children; aged 14 to 17.",
    "Ofsted, the Care Quality Commission and HM Inspectorate of Constabulary",
    "On 3 June 2020 the review was published; DFE-RR164.",
    "reborn 12/3/15; DAB 12/3/15; case X12/3/2015; step 12/3/2015a",   # inside other words
    "ring 1+44 7700 900123 or 50161 496 0123; NHS 1943 476 5919 and 943 476 59190",
    "reference XJK123456C or BG123456A; QQ123456C",
])
def test_ordinary_case_review_prose_is_still_not_flagged(text):
    assert found(text) == []


def test_an_exception_covers_the_match_it_names_or_contains_even_over_a_line_break():
    text = "The Panel's review after the deaths of Arthur\nLabinjo-Hughes and Star Hobson"
    assert found(text) == [("a full name", "Arthur Labinjo-Hughes")]
    assert found(text, allowed=["Arthur Labinjo-Hughes"]) == []
    assert found(text, allowed=["Arthur Labinjo-Hughes and Star Hobson"]) == []
    assert found("Emma Smith, 4 Elm Road", allowed=["Emma Smith"]) == [
        ("an address", "4 Elm Road")]                            # only what it names


def test_fields_that_hold_names_by_design_are_not_read():
    here = Pos("x.yaml", 1, 1)
    source = Source(id=Text("s", here), authors=(Text("Kelly Smith", here),), year=2020,
                    title=Text("Report to Emma Smith", here), kind="research",
                    publisher=Text("Jessica Kingsley", here), note=Text("Sue Bailey", here))
    assert [str(t) for t in texts(source)] == ["s", "Sue Bailey"]
    case = Case(id=Text("c", here), title=Text("t", here), outcome="other",
                content_warning=Text("w", here), summary=Text("Rosie", here),
                source=None, themes=(), sectors=(), pseudonym=Text("Rosie Smith", here),
                privacy_exceptions=(Text("Emma Smith", here),))
    assert "Rosie Smith" not in texts(case) and "Emma Smith" not in texts(case)


# ---- through the command line ---------------------------------------------------------------

FINDING = "content/findings/neglect.yaml"
SEVEN = "content/seven-minute/neglect.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def check(root: Path) -> list[str]:
    """What `briefings check` says, line by line; it must fail."""
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stderr.splitlines()


def passes(root: Path) -> None:
    result = briefings("check", "--project", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def hint(where: str) -> str:
    return (f" (remove it, or if it is deliberate list it under `privacy_exceptions:` in "
            f"{where}, or in briefings.yaml for the whole project)")


def child_m(path: str, line: int, column: int, where: str) -> list[str]:
    """The five errors for CHILD_M written at `line`, `column` of `path`."""
    at = [(0, "'Emma Smith' looks like a full name"),
          (18, "'born 03/09/2026' looks like a date of birth"),
          (38, "'4 Elm Road' looks like an address"),
          (50, "'NR1 3QU' looks like a postcode"),
          (63, "'07700 900123' looks like a phone number")]
    return [f"{path}:{line}:{column + offset}: {message}{hint(where)}" for offset, message in at]


def test_identifying_detail_in_a_finding_is_an_error_at_each_piece(project):
    root = project()
    edit(root, FINDING, "  Neglect was present in most reviews [@smith-2020, p. 40].\n",
         f"  Neglect was present in most reviews [@smith-2020, p. 40].\n  {CHILD_M} was seen.\n")
    assert check(root) == [*child_m(FINDING, 7, 12, "finding 'neglect'"),
                           "5 errors; nothing was written."]


def test_identifying_detail_in_a_seven_minute_briefing_is_an_error_at_each_piece(project):
    root = project()
    edit(root, SEVEN, "why_it_matters: Neglect was the most common form of harm.",
         f"why_it_matters: |\n    Neglect was the most common form of harm.\n    {CHILD_M}")
    assert check(root) == [*child_m(SEVEN, 15, 14, "seven-minute briefing 'neglect'"),
                           "5 errors; nothing was written."]


def test_a_learning_point_says_where_its_exception_goes(project):
    root = project()
    edit(root, FINDING, "question: What does the chronology show?",
         f'question: "What does the chronology show for {CHILD_M}?"')
    assert check(root) == [
        *child_m(FINDING, 26, 59, "learning point 'neglect-cumulative' or its finding"),
        "5 errors; nothing was written."]


def test_a_per_record_exception_silences_what_it_names_and_nothing_else(project):
    root = project()
    edit(root, FINDING, "  Neglect was present in most reviews [@smith-2020, p. 40].\n",
         f"  Neglect was present in most reviews [@smith-2020, p. 40].\n  {CHILD_M} was seen.\n")
    edit(root, FINDING, "questions:", "privacy_exceptions: [Emma Smith, 4 Elm Road]\nquestions:")
    name, born, address, postcode, phone = child_m(FINDING, 7, 12, "finding 'neglect'")
    assert check(root) == [born, postcode, phone, "3 errors; nothing was written."]
    edit(root, FINDING, "[Emma Smith, 4 Elm Road]", "[Emma Smith, born 03/09/2026, 4 Elm Road, "
         "NR1 3QU, 07700 900123]")
    passes(root)


def test_an_exception_in_a_finding_covers_its_learning_points_and_one_in_a_learning_point_its_own(
        project):
    root = project()
    edit(root, FINDING, "question: What does the chronology show?",
         "question: What does the chronology show for Kelly Smith?")
    edit(root, FINDING, "text: Follow up every missed health appointment.",
         'text: "Follow up every appointment Tyrese Smith missed."')
    edit(root, FINDING, "    citations: [{source: smith-2020, page: 42}]",
         "    citations: [{source: smith-2020, page: 42}]\n    privacy_exceptions: [Kelly Smith]")
    assert check(root) == [
        f"{FINDING}:29:40: 'Tyrese Smith' looks like a full name"
        f"{hint('learning point ' + repr('neglect-health-only') + ' or its finding')}",
        "1 error; nothing was written."]
    edit(root, FINDING, "questions:", "privacy_exceptions: [Tyrese Smith]\nquestions:")
    passes(root)


def test_a_project_wide_exception_silences_a_match_in_any_record(project):
    root = project()
    edit(root, SEVEN, "why_it_matters: Neglect was the most common form of harm.",
         'why_it_matters: "As Kelly Smith put it, neglect was the most common form of harm."')
    edit(root, FINDING, "summary: Neglect builds up over time and is easy to miss.",
         'summary: "Kelly Smith found that neglect builds up over time."')
    assert check(root) == [
        f"{FINDING}:4:11: 'Kelly Smith' looks like a full name{hint('finding ' + repr('neglect'))}",
        f"{SEVEN}:13:23: 'Kelly Smith' looks like a full name"
        f"{hint('seven-minute briefing ' + repr('neglect'))}",
        "2 errors; nothing was written."]
    edit(root, "briefings.yaml", "language: en-GB",
         "language: en-GB\nprivacy_exceptions: [Kelly Smith]  # the report's author")
    passes(root)


# Every kind of record's prose is read: a name put in one text field of each. (The values
# are quoted: see test_a_match_in_a_plain_scalar_is_placed_at_its_column.)
@pytest.mark.parametrize("rel, old, new, pos, where", [
    ("content/sources/main.yaml", "  kind: guidance\n",
     '  kind: guidance\n  note: "Updated by Kelly Smith."\n', "17:21",
     "source 'working-together'"),
    ("content/sectors.yaml", "intro: What the reviews mean for health.",
     'intro: "What the reviews mean for Kelly Smith."', "10:37", "sector 'health'"),
    ("content/sectors.yaml", "roles: [Health visitors, school nurses]",
     'roles: [Health visitors, "Kelly Smith"]', "9:35", "sector 'health'"),
    ("content/themes.yaml", "description: Asking, checking and testing.",
     'description: "Asking Kelly Smith."', "6:24", "theme 'curiosity'"),
    ("content/glossary.yaml",
     "definition: The first look at a serious incident, within 15 working days.",
     "definition: \"Kelly Smith's first look at a serious incident.\"", "7:16",
     "glossary term 'rapid-review'"),
    ("content/sections/about.yaml", "It is one of several.",
     "It is one of several, by Kelly Smith.", "6:28", "section 'about'"),
    ("content/data/sample.yaml", "notes: [Primary category only.]",
     'notes: ["Checked by Kelly Smith."]', "15:25", "table 'deaths'"),
    ("content/data/sample.yaml", "- [Other, 8, 27]", '- ["Kelly Smith", 8, 27]', "13:11",
     "table 'deaths'"),
    ("content/data/sample.yaml", "text: The analysis covered **235** reviews.",
     'text: "Kelly Smith covered **235** reviews."', "23:12", "statistic 'reviews'"),
    (FINDING, "framing: Officers attending a home see its state.",
     "framing: \"Officers attending Kelly Smith's home.\"", "19:34", "finding 'neglect'"),
    (FINDING, "  - text: start again syndrome", '  - text: "start again, Kelly Smith"', "10:25",
     "finding 'neglect'"),
    ("content/cases/baby-a.yaml",
     "summary: The baby was seen many times, but nobody put the visits together.",
     "summary: \"Kelly Smith's baby was seen many times.\"", "11:11",
     "case study 'baby-a'"),
    ("content/cases/baby-a.yaml", "agencies: [health visiting, GP]",
     'agencies: [health visiting, "Kelly Smith"]', "7:30", "case study 'baby-a'"),
    ("content/briefings/police.yaml", 'title: "Part 2: Learning for the sector"',
     'title: "Part 2: Learning for Kelly Smith"', "13:34", "sector briefing 'police'"),
    ("content/briefings/police.yaml", "based_on: [smith-2020]",
     'based_on: [smith-2020]\nsummary: "For Kelly Smith."', "5:15", "sector briefing 'police'"),
    (SEVEN, "facilitator_notes: Allow two minutes for discussion.",
     'facilitator_notes: "Allow Kelly Smith two minutes."', "19:27",
     "seven-minute briefing 'neglect'"),
    (SEVEN, "what_to_do: [Start a chronology for every child open to you.]",
     'what_to_do: ["Start a chronology for Kelly Smith."]', "17:40",
     "seven-minute briefing 'neglect'"),
])
def test_a_name_in_any_kind_of_record_is_flagged_where_it_is(project, rel, old, new, pos, where):
    root = project()
    edit(root, rel, old, new)
    assert check(root) == [f"{rel}:{pos}: 'Kelly Smith' looks like a full name{hint(where)}",
                           "1 error; nothing was written."]


def test_the_project_settings_are_read_and_their_exception_goes_in_briefings_yaml(project):
    root = project()
    edit(root, "briefings.yaml", "description: A tiny project that uses every kind of record.",
         "description: \"Kelly Smith's project.\"")
    assert check(root) == [
        "briefings.yaml:2:15: 'Kelly Smith' looks like a full name (remove it, or if it is "
        "deliberate list it under `privacy_exceptions:` in briefings.yaml)",
        "1 error; nothing was written."]


def test_fields_that_hold_names_by_design_pass(project):
    root = project()
    edit(root, "content/sources/main.yaml", "title: A national analysis of case reviews",
         "title: A report to Emma Smith\n  label: Kelly Smith 2020")
    edit(root, "content/sources/main.yaml", "publisher: Department for Education",
         "publisher: Jessica Kingsley")
    edit(root, "content/cases/baby-a.yaml", "age_band:", "pseudonym: Rosie Smith\nage_band:")
    edit(root, FINDING, "    page: 41", "    page: 41\n    review: The review of Emma Smith")
    edit(root, "briefings.yaml", "name: Test Safeguarding Partnership",
         "name: Sarah Jones Partnership")
    edit(root, "briefings.yaml", "language: en-GB", "language: en-GB\ncontact:\n"
         "  phone: 01603 123456\n  email: sarah.jones@example.org\n"
         "  address: 4 Elm Road, NR1 3QU")
    passes(root)
    edit(root, "content/cases/baby-a.yaml", "description: A baby boy aged four months",
         'description: "Rosie Smith, aged four months"')         # not a field for names
    assert check(root) == [
        "content/cases/baby-a.yaml:3:15: 'Rosie Smith' looks like a full name"
        f"{hint('case study ' + repr('baby-a'))}", "1 error; nothing was written."]


def test_a_surname_named_anywhere_in_a_record_catches_the_same_surname_elsewhere_in_it(
        project):
    root = project()
    edit(root, FINDING, "  - What is a day like for this child?",
         '  - "Did anyone ask Tyreek Kowalczyk?"')
    passes(root)                                     # on its own, not a name the lists know
    edit(root, FINDING, "most reviews [@smith-2020, p. 40].",
         "most reviews [@smith-2020, p. 40]. Emma Kowalczyk saw it.")
    where = hint("finding " + repr("neglect"))
    assert check(root) == [
        f"{FINDING}:6:61: 'Emma Kowalczyk' looks like a full name{where}",
        f"{FINDING}:8:21: 'Tyreek Kowalczyk' looks like a full name{where}",
        "2 errors; nothing was written."]


def test_a_match_in_a_plain_scalar_is_placed_at_its_column(project):
    root = project()
    edit(root, FINDING, "summary: Neglect builds up over time and is easy to miss.",
         "summary: Kelly Smith found that neglect builds up over time.")
    assert check(root)[0].startswith(f"{FINDING}:4:10: 'Kelly Smith' looks like a full name")


# ---- a kind the engine has never heard of is read too ----------------------------------------

@record
class Notice(Dated):
    id: Id
    title: Text
    body: Md
    note: Optional[Text] = None


def test_a_new_kind_of_record_is_checked_without_naming_it(monkeypatch, tmp_path):
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (
        kinds.Kind("notice", Notice, "notice", "notices/*.yaml"),))
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "content/notices").mkdir()
    (root / "content/notices/closure.yaml").write_text(
        "id: closure\ntitle: Closed\nbody: |\n  Ask Kelly Smith,\n  on 07700 900123.\n"
        'note: "See Emma Smith."\n')
    with pytest.raises(ContentError) as error:
        load(Project.at(root))
    assert [str(p) for p in error.value.problems] == [
        f"content/notices/closure.yaml:4:7: 'Kelly Smith' looks like a full name"
        f"{hint('notice ' + repr('closure'))}",
        f"content/notices/closure.yaml:5:6: '07700 900123' looks like a phone number"
        f"{hint('notice ' + repr('closure'))}",
        f"content/notices/closure.yaml:6:12: 'Emma Smith' looks like a full name"
        f"{hint('notice ' + repr('closure'))}"]
    (root / "content/notices/closure.yaml").write_text(
        "id: closure\ntitle: Closed\nbody: Ask Kelly Smith.\n"
        "privacy_exceptions: [Kelly Smith]\n")
    load(Project.at(root))
