"""Bad input: every problem is reported at once, as path:line:column: message, exit status 1.

Each test starts from the minimal fixture project, makes one mistake an author might make,
and reads what `briefings check` tells them.
"""

from pathlib import Path

import pytest

from .conftest import briefings

FINDING = "content/findings/neglect.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def check(root: Path):
    result = briefings("check", "--project", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "nothing was written" in result.stderr
    return result.stderr


def test_malformed_yaml_names_the_line_and_column(project):
    root = project()
    edit(root, FINDING, "themes: [neglect]", "themes: [neglect")
    err = check(root)
    assert (f"{FINDING}:4:8: invalid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence)") in err


def test_a_wrong_type_says_what_was_expected(project):
    root = project()
    edit(root, FINDING, "questions:\n  - What is a day like for this child?",
         "questions: What is a day like for this child?")
    err = check(root)
    assert (f"{FINDING}:7:12: questions should be a list, not text "
            "'What is a day like for this child?'") in err
    assert "1 error;" in err


def test_a_missing_required_field_is_named(project):
    root = project()
    edit(root, FINDING, "summary: Neglect builds up over time and is easy to miss.\n", "")
    err = check(root)
    assert f"{FINDING}:1:1: finding is missing required field 'summary'" in err


def test_an_unknown_key_gets_a_did_you_mean(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", "titel: Recognising neglect")
    err = check(root)
    assert f"{FINDING}:2:1: unknown key 'titel' in finding (did you mean 'title'?)" in err


def test_a_duplicate_id_points_at_both_places(project):
    root = project()
    (root / "content/cases/baby-a-again.yaml").write_text(
        (root / "content/cases/baby-a.yaml").read_text())
    err = check(root)
    assert ("content/cases/baby-a.yaml:1:5: duplicate case study id 'baby-a' "
            "(first defined at content/cases/baby-a-again.yaml:1:5)") in err


def test_an_id_that_is_not_a_slug_is_rejected_with_a_suggestion(project):
    root = project()
    edit(root, "content/cases/baby-a.yaml", "id: baby-a", "id: Baby_A")
    edit(root, FINDING, "cases: [baby-a]", "cases: [Baby_A]")
    err = check(root)
    assert ("content/cases/baby-a.yaml:1:5: id 'Baby_A' is not a valid id "
            "(use lower-case letters, digits and single hyphens, e.g. 'baby-a')") in err


@pytest.mark.parametrize("rel, old, new, expected", [
    (FINDING, "themes: [neglect]", "themes: [neglet]",
     f"{FINDING}:3:10: unknown theme 'neglet' (did you mean 'neglect'?)"),
    (FINDING, "sectors: [health, police]", "sectors: [health, polise]",
     f"{FINDING}:23:23: unknown sector 'polise' (did you mean 'police'?)"),
    (FINDING, "citations: [{source: smith-2020, page: 42}]",
     "citations: [{source: smith-2021, page: 42}]",
     f"{FINDING}:25:26: unknown source 'smith-2021' (did you mean 'smith-2020'?)"),
    (FINDING, "cases: [baby-a]", "cases: [baby-b]",
     f"{FINDING}:17:13: unknown case study 'baby-b' (did you mean 'baby-a'?)"),
    ("content/seven-minute/neglect.yaml", "learning_points: [neglect-cumulative]",
     "learning_points: [neglect-cumulatve]",
     "content/seven-minute/neglect.yaml:8:19: unknown learning point 'neglect-cumulatve' "
     "(did you mean 'neglect-cumulative'?)"),
])
def test_a_reference_to_something_unknown_is_an_error(project, rel, old, new, expected):
    root = project()
    edit(root, rel, old, new)
    assert expected in check(root)


def test_a_citation_of_an_unknown_source_in_markdown_names_its_line_and_column(project):
    root = project()
    edit(root, FINDING, "Neglect was present in most reviews [@smith-2020, p. 40].",
         "Neglect was present in most reviews [@smyth-2020, p. 40].")
    err = check(root)
    assert (f"{FINDING}:6:39: citation of unknown source 'smyth-2020' "
            "(did you mean 'smith-2020'?)") in err


def test_every_problem_in_a_run_is_reported_not_just_the_first(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect", "titel: Recognising neglect")
    edit(root, "content/cases/baby-a.yaml", "outcome: serious-harm", "outcome: serious")
    edit(root, "content/briefings/police.yaml", "sector: police", "sector: polce")
    edit(root, "content/themes.yaml", "- id: curiosity\n  name:", "- id: curiosity\n  nme:")
    err = check(root)
    assert "unknown key 'titel'" in err
    assert ("content/cases/baby-a.yaml:5:10: outcome 'serious' is not one of: died, "
            "serious-harm, other (did you mean 'serious-harm'?)") in err
    assert "content/briefings/police.yaml:2:9: unknown sector 'polce'" in err
    assert "content/themes.yaml:5:3: unknown key 'nme' in theme (did you mean 'name'?)" in err
    assert "4 errors" in err


def test_python_tags_are_refused(project):
    root = project()
    edit(root, FINDING, "title: Recognising neglect",
         "title: !!python/object/apply:os.system ['echo hacked']")
    err = check(root)
    assert (f"{FINDING}:2:8: tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed in content") in err


def test_a_link_with_an_unsafe_scheme_and_a_remote_image_are_errors(project):
    root = project()
    edit(root, FINDING, "Neglect was present in most reviews",
         "See [this](javascript:alert(1)) and ![x](https://example.org/x.png). Neglect was present in most reviews")
    err = check(root)
    assert f"{FINDING}:6:7: link 'javascript:alert(1)' is not allowed" in err
    assert f"{FINDING}:6:39: remote image 'https://example.org/x.png' is not allowed" in err


def test_a_table_that_does_not_add_up_is_an_error_unless_noted(project):
    root = project()
    edit(root, "content/data/sample.yaml", "total: [All, 30, 100]", "total: [All, 31, 100]")
    err = check(root)
    assert ("content/data/sample.yaml:2:9: table 'deaths': column 'Number' adds up to 30, "
            "but the total row says 31") in err
    edit(root, "content/data/sample.yaml", "total: [All, 31, 100]",
         "total: [All, 31, 100]\n    total_note: The source prints 31.")
    assert briefings("check", "--project", str(root)).returncode == 0


def test_identifying_detail_in_a_case_study_is_flagged(project):
    root = project()
    edit(root, "content/cases/baby-a.yaml", "The baby was seen many times",
         "Baby lived at 12 High Street, NR4 7TJ, mother Sarah Jones, NHS 943 476 5919; the baby was seen many times")
    err = check(root)
    assert "'NR4 7TJ' looks like a postcode" in err
    assert "'Sarah Jones' looks like a full name" in err
    assert "'943 476 5919' looks like an NHS number" in err


def test_a_deliberate_exception_silences_the_privacy_check(project):
    root = project()
    edit(root, "content/cases/baby-a.yaml", "The baby was seen many times",
         "The review by Sarah Jones found the baby was seen many times")
    edit(root, "content/cases/baby-a.yaml", "source:",
         "privacy_exceptions: [Sarah Jones]\nsource:")
    result = briefings("check", "--project", str(root))
    assert result.returncode == 0, result.stderr


def test_an_overdue_review_is_a_warning_not_an_error(project):
    root = project()
    edit(root, "content/briefings/health.yaml", "review_due: 2027-11-01", "review_due: 2026-11-10")
    result = briefings("check", "--project", str(root))
    assert result.returncode == 0
    assert ("content/briefings/health.yaml:1:1: warning: 'health' was due for review on "
            "2026-11-10") in result.stderr


def test_an_overdue_review_shows_a_notice_on_the_page_and_only_there(project):
    root = project()
    edit(root, "content/briefings/health.yaml", "review_due: 2027-11-01", "review_due: 2026-11-10")
    assert briefings("build", "--project", str(root), "--no-pdf").returncode == 0
    health = (root / "site/briefings/health/index.html").read_text()
    police = (root / "site/briefings/police/index.html").read_text()
    assert "Review overdue:" in health and "10 November 2026" in health
    assert "Review overdue:" not in police


def test_a_findings_overlays_under_their_old_name_still_build_with_a_warning(project):
    root = project()
    edit(root, FINDING, "overlays:", "sectors:")
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert (f"{FINDING}:14:1: warning: 'sectors' in finding is now called 'overlays' "
            "(rename it to overlays: the old name will stop working)") in result.stderr
    assert "Health visitors see the home." in (root / "site/findings/neglect/index.html").read_text()
