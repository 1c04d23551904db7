"""The theme a partnership adapts: its words in labels.yaml, its templates by name, and a
mistake in either reported at its file and line, never as a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .conftest import FIXTURES, briefings


def project_with_templates(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    (root / "templates").mkdir()
    return root


def test_labels_yaml_renames_the_words_of_the_interface(tmp_path):
    root = project_with_templates(tmp_path)
    (root / "templates/labels.yaml").write_text(
        "home: Start\nindex:\n  case: Stories from reviews\n")
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert result.returncode == 0, result.stderr
    home = (root / "site/index.html").read_text()
    assert re.search(r'<a href="cases/index.html"[^>]*>Stories from reviews</a>', home)
    case = (root / "site/cases/baby-a/index.html").read_text()
    assert '<a href="../../index.html">Start</a>' in case                # breadcrumb
    assert '<a href="../../cases/index.html">Stories from reviews</a>' in case
    assert "<title>Stories from reviews – " in (root / "site/cases/index.html").read_text()
    assert ">Findings</a>" in home                                       # the rest as before


def test_an_unknown_label_is_an_error_with_a_suggestion(tmp_path):
    root = project_with_templates(tmp_path)
    (root / "templates/labels.yaml").write_text("index:\n  cases: Stories\n")
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert result.returncode == 1
    assert ("templates/labels.yaml:2:3: unknown label 'index.cases' (did you mean 'case'?)"
            in result.stderr)
    assert "Traceback" not in result.stderr


def test_a_misspelt_field_in_a_template_fails_the_build_naming_the_line(tmp_path):
    root = project_with_templates(tmp_path)
    (root / "templates/findings.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n'
        "{% for f in findings %}<p>{{ f.titel }}</p>{% endfor %}\n{% endblock %}\n")
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert result.returncode == 1
    assert ("templates/findings.html:3:1: template error: "
            "'briefings.render.views.FindingCard object' has no attribute 'titel'"
            in result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_a_template_syntax_error_or_an_include_from_outside_is_an_error_not_a_traceback(
        tmp_path):
    root = project_with_templates(tmp_path)
    (root / "templates/glossary.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% if x %}\n{% endblock %}\n')
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/glossary.html:4:1: template error: Encountered unknown tag 'endblock'" \
        in result.stderr
    (root / "templates/glossary.html").write_text('{% include "../../etc/passwd" %}\n')
    result = briefings("build", "--project", str(root), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/glossary.html:1:1: template error: no template '../../etc/passwd'" \
        in result.stderr
