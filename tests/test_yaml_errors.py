"""Files that will not load: each mistake a new editor makes is told as `path:line:column`,
where it was made, with what to do in plain words, never a traceback.

Each test starts from the minimal fixture project, makes one mistake, and reads every line
`briefings check` prints: exit status 1 for an error, 0 for warnings only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefings.content import load as loader

from .conftest import briefings

FINDING = "content/findings/neglect.yaml"
SOURCES = "content/sources/main.yaml"
CURLY = "these are curly quotes from a word processor: use straight quotes \" or ', or none"
OK = "OK: 0 reviews, 1 findings, 2 learning points, 1 case studies, 2 briefings, " \
     "1 seven-minute briefings."


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def check(root: Path, status: int, ok: str = OK) -> list[str]:
    """What `briefings check` says, line by line (errors and warnings go to stderr)."""
    result = briefings("check", "--project", str(root))
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    if status == 0:
        assert result.stdout.strip() == ok, result.stdout
    return result.stderr.splitlines()


def the_error(root: Path) -> str:
    """The one error a mistake causes: nothing else is reported with it."""
    lines = check(root, 1)
    assert lines[1:] == ["1 error; nothing was written."], lines
    return lines[0]


# ---- 1. a tab used for indentation -----------------------------------------------------------

@pytest.mark.parametrize("old, new, where", [
    ("questions:\n  - What", "questions:\n\t- What", "8:1"),                    # a list item
    ("  health:\n    framing", "  health:\n\tframing", "16:1"),                 # a key
    ("  health:\n    framing", "  health:\n  \tframing", "16:3"),              # after spaces
    ("body: |\n  Neglect", "body: |\n\tNeglect", "6:1"),                        # a block of text
    ("    text: Look", "\t  text: Look", "22:1"),                               # a learning point
])
def test_a_tab_used_for_indentation_says_use_spaces_and_points_at_the_tab(
        project, old, new, where):
    root = project()
    edit(root, FINDING, old, new)
    assert the_error(root) == (f"{FINDING}:{where}: a tab is used for indentation here "
                               "(use spaces, not tabs)")


def test_tabs_on_several_lines_are_counted_so_the_editor_fixes_them_all(project):
    root = project()
    edit(root, FINDING, "questions:\n  - What", "questions:\n\t- What")
    edit(root, FINDING, "  police:\n    framing", "  police:\n\tframing")
    assert the_error(root) == (f"{FINDING}:8:1: a tab is used for indentation here "
                               "(use spaces, not tabs: 2 lines in this file are indented "
                               "with tabs)")


# ---- 2. an unquoted colon in a value ---------------------------------------------------------

def test_an_unquoted_colon_in_a_title_says_put_it_in_quotes_and_shows_how(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", "title: Child M: a review")
    assert the_error(root) == (f"{FINDING}:2:8: the title has a colon in it "
                               "(put the title in quotes: title: \"Child M: a review\")")


@pytest.mark.parametrize("old, new, expected", [
    ("    text: Look at the whole history, not only the latest incident.",
     "    text: Look at the history: all of it.",
     f"{FINDING}:22:11: the text has a colon in it "
     "(put the text in quotes: text: \"Look at the history: all of it.\")"),
    # a colon on the value's second line: the error points at the line of its key
    ("summary: Neglect builds up over time and is easy to miss.",
     "summary: Neglect builds up over time\n  and is easy: to miss.",
     f"{FINDING}:4:10: the summary has a colon in it "
     "(put the summary in quotes: summary: \"Neglect builds up over time and is easy: to "
     "miss.\")"),
    # a value with a double quote in it is shown in single quotes
    ("title: Recognising neglect", 'title: Child M: the "toxic trio"',
     f"{FINDING}:2:8: the title has a colon in it "
     "(put the title in quotes: title: 'Child M: the \"toxic trio\"')"),
    # a list of questions: what looks like a key is the start of the text
    ("  - What is a day like for this child?", "  - Why: and why then: and why us?",
     f"{FINDING}:8:5: this text has a colon in it, so it is read as a key and a value "
     "(put it in quotes: \"Why: and why then: and why us?\")"),
])
def test_a_colon_in_any_value_is_explained_at_the_line_of_its_key(project, old, new, expected):
    root = project()
    edit(root, FINDING, old, new)
    assert the_error(root) == expected


def test_a_key_indented_under_the_one_above_is_not_called_a_colon_in_the_value(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect\nthemes",
         "title: Recognising neglect\n  themes")
    assert the_error(root) == (f"{FINDING}:3:3: 'themes:' is indented more than 'title:' "
                               "above it, so it is read as part of the title (start "
                               "'themes:' in the same column as 'title:')")


def test_a_key_with_no_space_after_its_colon_says_so(project):
    root = project()
    edit(root, "content/themes.yaml", "- id: curiosity", "- id:curiosity")
    assert the_error(root) == ("content/themes.yaml:4:3: 'id:' needs a space after the colon "
                               "(write id: curiosity)")


# ---- 3. a word processor's curly quotes --------------------------------------------------------

@pytest.mark.parametrize("title", ["“Neglect”", "‘Neglect’"])
def test_curly_quotes_around_text_are_a_warning(project, title):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", f"title: {title}")
    assert check(root, 0) == [f"{FINDING}:2:8: warning: title '{title}' is in curly quotes, "
                              f"which will be shown as part of it ({CURLY})"]


def test_curly_quotes_inside_straight_quotes_are_meant_and_not_warned_about(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", "title: '“Toxic trio” thinking'")
    assert check(root, 0) == []


@pytest.mark.parametrize("rel, old, new, expected", [
    (FINDING, "id: neglect", "id: “neglect”",
     f"{FINDING}:1:5: id '“neglect”' is in curly quotes ({CURLY})"),
    # a reference: reported once, and not again as an unknown theme
    (FINDING, "themes: [neglect]", "themes: [“neglect”]",
     f"{FINDING}:3:10: themes item '“neglect”' is in curly quotes ({CURLY})"),
    (FINDING, "audience: practitioner", "audience: “practitioner”",
     f"{FINDING}:24:15: audience '“practitioner”' is in curly quotes ({CURLY})"),
    ("content/cases/baby-a.yaml", "age_band: under-1", "age_band: ‘under-1’",
     f"content/cases/baby-a.yaml:4:11: age_band '‘under-1’' is in curly quotes ({CURLY})"),
])
def test_curly_quotes_around_an_id_a_reference_or_a_choice_are_an_error(
        project, rel, old, new, expected):
    root = project()
    edit(root, rel, old, new)
    assert the_error(root) == expected


def test_curly_quotes_around_a_value_with_a_colon_are_an_error_that_shows_the_fix(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", "title: “Neglect: a review”")
    assert the_error(root) == (f"{FINDING}:2:8: the title is in curly quotes, and has a colon "
                               "in it (these are curly quotes from a word processor: use "
                               "straight quotes, e.g. title: \"Neglect: a review\")")


# ---- 4. # read as a comment ----------------------------------------------------------------

def test_an_unquoted_colour_is_read_as_a_comment_and_says_put_it_in_quotes(project):
    root = project()
    settings = root / "briefings.yaml"
    settings.write_text(settings.read_text() + "colours:\n  primary: \"#1d4f91\"\n"
                        "  accent: #8a3b12\n")
    assert the_error(root) == ("briefings.yaml:10:11: 'accent' in colours is empty: # starts "
                               "a comment in YAML (put the colour in quotes, e.g. \"#8a3b12\")")


def test_a_colour_in_a_flow_mapping_is_read_as_a_comment_too(project):
    root = project()
    settings = root / "briefings.yaml"
    settings.write_text(settings.read_text() + "colours: {primary: \"#1d4f91\", "
                        "accent: #8a3b12}\n")
    assert the_error(root) == ("briefings.yaml:8:39: # starts a comment in YAML, so the rest "
                               "of this line is not read (put the colour in quotes, e.g. "
                               "\"#8a3b12\")")


def test_any_value_starting_with_a_hash_is_explained_and_an_optional_one_is_a_warning(project):
    root = project()
    edit(root, FINDING, "    question: What does the chronology show?",
         "    question: #1 What does the chronology show?")
    assert check(root, 0) == [f"{FINDING}:26:15: warning: 'question' in learning point is "
                              "empty: # starts a comment in YAML (put the value in quotes, "
                              "e.g. \"#1 What does the chronology show?\")"]


def test_a_comment_after_an_empty_optional_value_is_just_a_comment(project):
    root = project()
    edit(root, FINDING, "    question: What does the chronology show?",
         "    question:  # to write after the workshop")
    assert check(root, 0) == []


# ---- 5. a quote that is not closed -----------------------------------------------------------

def test_an_unclosed_quote_is_pointed_at_where_it_opens_not_at_the_end_of_the_file(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", 'title: "Neglect')
    assert the_error(root) == (f"{FINDING}:2:8: this quote is not closed "
                               "(put a closing \" at the end of the title)")


def test_an_unclosed_quote_ended_by_the_next_quote_on_another_line_is_found(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", 'title: "Neglect')
    edit(root, FINDING, "summary: Neglect builds up over time and is easy to miss.",
         'summary: "Neglect builds up over time and is easy to miss."')
    assert the_error(root) == (f"{FINDING}:2:8: this quote is not closed "
                               "(put a closing \" at the end of the title)")


def test_an_unclosed_single_quote_in_a_learning_point_is_found(project):
    root = project()
    edit(root, FINDING, "    text: Look at", "    text: 'Look at")
    assert the_error(root) == (f"{FINDING}:22:11: this quote is not closed "
                               "(put a closing ' at the end of the text)")


def test_an_apostrophe_that_ends_a_single_quoted_value_early_is_explained(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", "title: 'Baby A's story'")
    assert the_error(root) == (f"{FINDING}:2:15: this ' ends the quoted text early, and the "
                               "rest of the line cannot be read (write a ' inside single "
                               "quotes as two (''), or put the title in double quotes: "
                               "title: \"Baby A's story\")")


def test_a_backslash_in_double_quotes_is_explained(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", 'title: "Read S:\\Uploads first"')
    assert the_error(root) == (f"{FINDING}:2:16: a backslash in double quotes starts an escape "
                               "code (put the title in single quotes, where a backslash is "
                               "only a backslash: title: 'Read S:\\Uploads first')")


# ---- 6. .yml files ---------------------------------------------------------------------------

def test_yml_files_are_read_as_yaml_files_are(project):
    root = project()
    (root / "content/cases/baby-a.yaml").rename(root / "content/cases/baby-a.yml")
    (root / SOURCES).rename(root / "content/sources/main.yml")
    (root / "content/themes.yaml").rename(root / "content/themes.yml")
    assert check(root, 0) == []


def test_a_yml_file_is_reported_under_its_own_name(project):
    root = project()
    (root / "content/cases/baby-a.yaml").rename(root / "content/cases/baby-a.yml")
    edit(root, "content/cases/baby-a.yml", "outcome: serious-harm", "outcome: serious")
    assert the_error(root) == ("content/cases/baby-a.yml:5:10: outcome 'serious' is not one "
                               "of: died, serious-harm, other (did you mean 'serious-harm'?)")


def test_a_file_named_in_capitals_is_a_warning_saying_what_to_rename_it(project):
    root = project()
    (root / "content/cases/baby-a.yaml").rename(root / "content/cases/baby-a.YAML")
    edit(root, FINDING, "    cases: [baby-a]\n", "")
    (root / "content/sessions/neglect-health.yaml").unlink()  # it tells the case too
    assert check(root, 0, OK.replace("1 case", "0 case")) == ["content/cases/baby-a.YAML:1:1: warning: this file is not read: "
                              "its name ends in .YAML (rename it to baby-a.yaml)"]


# ---- 7. files briefings does not read --------------------------------------------------------

FOLDERS = ("briefings/, cases/, data/, findings/, reviews/, sections/, sessions/, seven-minute/, "
           "sources/, uses/")


def test_a_file_in_a_mistyped_folder_is_a_warning_with_a_did_you_mean(project):
    root = project()
    (root / "content/finding").mkdir()
    (root / "content/finding/physical-abuse.yaml").write_text("id: physical-abuse\n")
    assert check(root, 0) == [
        "content/finding/physical-abuse.yaml:1:1: warning: content/finding/ is not a folder "
        "briefings reads, so this file is not read (did you mean 'findings/'? the folders "
        f"are {FOLDERS})"]


def test_a_folder_of_notes_is_one_warning_for_all_its_yaml_files(project):
    root = project()
    (root / "content/notes/2025").mkdir(parents=True)
    (root / "content/notes/a.yaml").write_text("x: 1\n")
    (root / "content/notes/b.yml").write_text("x: 1\n")
    (root / "content/notes/2025/c.yaml").write_text("x: 1\n")
    (root / "content/notes/README.md").write_text("My notes.\n")
    assert check(root, 0) == [
        "content/notes/a.yaml:1:1: warning: content/notes/ is not a folder briefings "
        f"reads, so its 3 files are not read (the folders are {FOLDERS})"]


def test_a_folder_inside_a_kinds_folder_is_a_warning(project):
    root = project()
    (root / "content/findings/drafts").mkdir()
    (root / "content/findings/drafts/old.yaml").write_text("id: old\n")
    assert check(root, 0) == [
        "content/findings/drafts/old.yaml:1:1: warning: content/findings/drafts/ is a folder "
        "inside findings/, and only the files directly in findings/ are read, so this file is "
        "not read (move it into findings/, or out of content/)"]


@pytest.mark.parametrize("name, guess", [
    ("theme.yaml", "did you mean 'themes.yaml'? "),
    ("finding.yml", "did you mean to put it in 'findings/'? "),
    ("notes.yaml", ""),
])
def test_a_yaml_file_directly_in_content_that_no_kind_reads_is_a_warning(project, name, guess):
    root = project()
    (root / "content" / name).write_text("x: 1\n")
    assert check(root, 0) == [
        f"content/{name}:1:1: warning: content/{name} is not read: it is not one of the files "
        f"read in content/ ({guess}the files read here are glossary.yaml, sectors.yaml, "
        f"themes.yaml; everything else goes in its folder: {FOLDERS})"]


def test_files_that_are_not_yaml_are_left_alone(project):
    root = project()
    (root / "content/README.md").write_text("How to edit this.\n")
    (root / "content/.DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / "content/findings/.DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / "content/findings/neglect.docx").write_bytes(b"PK\3\4")
    (root / "content/.git").mkdir()
    (root / "content/.git/config.yaml").write_text("x: 1\n")
    assert check(root, 0) == []


# ---- 8. one bad file, and the others that depend on it ----------------------------------------

def test_a_source_that_fails_to_load_is_reported_once_not_at_every_citation(project):
    root = project()
    edit(root, SOURCES, "  year: 2020\n  title: A national", "  yeer: 2020\n  title: A national")
    again = " ".join(f"Again [@smith-2020, p. {page}]." for page in range(1, 13))
    edit(root, FINDING, "most reviews [@smith-2020, p. 40].", f"most reviews. {again}")
    assert the_error(root) == (f"{SOURCES}:3:3: unknown key 'yeer' in source "
                               "(did you mean 'year'?)")


def test_a_sources_file_that_is_not_yaml_is_reported_once_not_at_every_citation(project):
    root = project()
    edit(root, SOURCES, "  title: A national analysis of case reviews",
         "  title: A national analysis: case reviews")
    assert the_error(root) == (f"{SOURCES}:4:10: the title has a colon in it (put the title in "
                               "quotes: title: \"A national analysis: case reviews\")")


def test_a_sources_file_saved_from_word_as_windows_text_is_reported_once(project):
    root = project()
    path = root / SOURCES
    path.write_bytes(path.read_text().replace("Department for Education",
                                              "Department for Education’s").encode("cp1252"))
    assert the_error(root) == (f"{SOURCES}:1:1: file is not UTF-8 text (invalid start byte) "
                               "(save it as UTF-8)")


def test_a_finding_whose_id_is_invalid_is_reported_not_every_reference_to_it(project):
    root = project()
    edit(root, FINDING, "id: neglect", "id: Neglect")
    assert the_error(root) == (f"{FINDING}:1:5: id 'Neglect' is not a valid id (use lower-case "
                               "letters, digits and single hyphens, e.g. 'neglect')")


def test_a_learning_point_that_fails_to_load_is_reported_not_every_use_of_it(project):
    root = project()
    edit(root, FINDING, "    audience: practitioner", "    audiense: practitioner")
    assert the_error(root) == (f"{FINDING}:24:5: unknown key 'audiense' in learning point "
                               "(did you mean 'audience'?)")


def test_a_learning_point_whose_id_is_invalid_is_reported_not_every_use_of_it(project):
    root = project()
    edit(root, FINDING, "  - id: neglect-cumulative", "  - id: Neglect-cumulative")
    assert the_error(root) == (f"{FINDING}:21:9: id 'Neglect-cumulative' is not a valid id "
                               "(use lower-case letters, digits and single hyphens, e.g. "
                               "'neglect-cumulative')")


def test_a_finding_that_fails_to_load_hides_the_uses_of_its_learning_points(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", "titel: Recognising neglect")
    assert the_error(root) == (f"{FINDING}:2:1: unknown key 'titel' in finding "
                               "(did you mean 'title'?)")


# ---- whichever YAML reader is installed -------------------------------------------------------

@pytest.mark.parametrize("reader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("written, expected", [
    ("title: Child M: a review\n",
     "x.yaml:1:8: the title has a colon in it (put the title in quotes: "
     "title: \"Child M: a review\")"),
    ("questions:\n\t- What?\n",
     "x.yaml:2:1: a tab is used for indentation here (use spaces, not tabs)"),
    ('id: x\ntitle: "Neglect\nsummary: Neglect.\n',
     "x.yaml:2:8: this quote is not closed (put a closing \" at the end of the title)"),
    ('title: "Neglect\n---\n',
     "x.yaml:1:8: this quote is not closed (put a closing \" at the end of the title)"),
])
def test_the_messages_are_the_same_with_the_c_or_the_python_yaml_reader(
        monkeypatch, tmp_path, reader, written, expected):
    if not hasattr(yaml, reader):
        pytest.skip(f"PyYAML was built without {reader}")
    monkeypatch.setattr(loader, "_Loader", getattr(yaml, reader))
    (tmp_path / "x.yaml").write_text(written)
    problems = []
    loader._Reader(tmp_path / "x.yaml", "x.yaml", problems).compose()
    assert [str(p) for p in problems] == [expected]
