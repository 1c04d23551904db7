"""`briefings schema`: JSON Schemas made from the record model, one for each shape of content
file and one for briefings.yaml, that an editor (VS Code's YAML extension) checks content
against as it is typed, wired up in the project's .vscode/settings.json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Literal, Optional

import jsonschema
import pytest
import yaml

from briefings import schema as schemas
from briefings.build import load
from briefings.content import kinds
from briefings.content.load import MAX_ID, SLUG
from briefings.content.model import Date, Dated, Id, Md, Text, ThemeRef, record
from briefings.problems import BuildError, ContentError
from briefings.project import Project

from .conftest import FIXTURES, REPO, briefings

VALIDATOR = jsonschema.Draft202012Validator

# What VS Code is told: each schema (in schemas/, relative to the project) to its globs.
MAPPING = {
    "./schemas/settings.schema.json": ["/briefings.yaml"],
    "./schemas/sources.schema.json": ["/content/sources/*.yaml"],
    "./schemas/sectors.schema.json": ["/content/sectors.yaml"],
    "./schemas/reviews.schema.json": ["/content/reviews/*.yaml"],
    "./schemas/seven-minute.schema.json": ["/content/seven-minute/*.yaml"],
    "./schemas/themes.schema.json": ["/content/themes.yaml"],
    "./schemas/findings.schema.json": ["/content/findings/*.yaml"],
    "./schemas/cases.schema.json": ["/content/cases/*.yaml"],
    "./schemas/data.schema.json": ["/content/data/*.yaml"],
    "./schemas/glossary.schema.json": ["/content/glossary.yaml"],
    "./schemas/sections.schema.json": ["/content/sections/*.yaml"],
    "./schemas/briefings.schema.json": ["/content/briefings/*.yaml"],
    "./schemas/uses.schema.json": ["/content/uses/*.yaml"],
    "./schemas/sessions.schema.json": ["/content/sessions/*.yaml"],
}


# ---- helpers -----------------------------------------------------------------------------

def read(path: Path):
    """A content file as the JSON an editor validates.

    The YAML is read safely as yaml.safe_load does, but with PyYAML's C parser like load.py
    (the pure-Python one refuses a `?` inside a flow list, `[Why?, How?]`, that load.py and
    the fixtures use). Then: YAML reads an unquoted 2026-11-01 as a `datetime.date`, which
    JSON has no type for, while the editor's YAML 1.2 sees it as the string it is; so dates
    become their ISO strings, as the schemas expect (`format: date`, YYYY-MM-DD).
    """
    return as_json(yaml.load(path.read_text(encoding="utf-8"),
                             Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def as_json(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def problems(schema: dict, value) -> list[str]:
    """What the schema says is wrong with `value`, each as where: message (what an editor
    shows at that key), sorted."""
    validator = VALIDATOR(schema, format_checker=VALIDATOR.FORMAT_CHECKER)
    return sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(value))


def applying(root: Path, made=None) -> dict[Path, list[schemas.SchemaFile]]:
    """Each file of a project that a schema applies to, with the schemas that do."""
    found: dict[Path, list] = {}
    for s in made or schemas.schema_files():
        for glob in s.globs:
            for path in sorted(root.glob(glob)):
                found.setdefault(path, []).append(s)
    return found


def by_name(name: str) -> dict:
    return next(s.schema for s in schemas.schema_files() if s.name == name)


def load_problems(root: Path) -> list[str]:
    """What `briefings check` says about a project (in-process): [] when it loads."""
    try:
        load(Project.at(root))
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return []


# ---- the repository's own content, and every fixture project -----------------------------

def test_every_content_file_of_the_repository_and_briefings_yaml_pass_their_schemas():
    found = applying(REPO)
    content = set((REPO / "content").rglob("*.yaml"))
    assert content - set(found) == set(), "content files that no schema applies to"
    assert REPO / "briefings.yaml" in found
    assert all(len(s) == 1 for s in found.values()), "a file two schemas apply to"
    assert len(found) == len(content) + 1 > 90
    failed = {str(path.relative_to(REPO)): problems(s[0].schema, read(path))
              for path, s in found.items()}
    assert {path: errors for path, errors in failed.items() if errors} == {}


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()
                                        if (p / "briefings.yaml").is_file()))
def test_every_file_of_each_fixture_project_passes_its_schema(name):
    root = FIXTURES / name
    found = applying(root)
    assert set((root / "content").rglob("*.yaml")) <= set(found)
    failed = {str(path.relative_to(root)): problems(s[0].schema, read(path))
              for path, s in found.items()}
    assert {path: errors for path, errors in failed.items() if errors} == {}


# ---- what the schemas are made of --------------------------------------------------------

def test_each_kind_maps_to_a_schema_of_the_shape_of_its_files():
    made = {s.name: s for s in schemas.schema_files()}
    assert {s.name: list(s.globs) for s in made.values()} == {
        key.rsplit("/", 1)[1]: [g.lstrip("/") for g in globs] for key, globs in MAPPING.items()}
    # every kind with files of its own is in exactly one schema; one written inside
    # another kind (a learning point, inside its finding) has none of its own
    assert sorted(k for s in made.values() for k in s.kinds) == sorted(
        k.name for k in kinds.KINDS if k.files)
    assert not any("learning_point" in s.kinds for s in made.values())
    # one per file: the file is one record
    finding = made["findings.schema.json"].schema
    assert finding["type"] == "object" and finding["additionalProperties"] is False
    assert finding["required"] == ["id", "title", "themes", "summary", "body", "questions",
                                   "learning_points"]
    point = finding["properties"]["learning_points"]["items"]
    assert point["required"] == ["id", "text", "sectors", "audience", "citations"]
    # a list file: an array of records
    sources = made["sources.schema.json"].schema
    assert sources["type"] == "array" and sources["items"]["required"][0] == "id"
    # a file shared by several kinds: an object with one array for each key
    data = made["data.schema.json"]
    assert data.kinds == ("table", "statistic")
    assert data.schema["type"] == "object" and data.schema["additionalProperties"] is False
    assert {k: v["type"] for k, v in data.schema["properties"].items()} == {
        "tables": "array", "statistics": "array"}
    assert "columns" in data.schema["properties"]["tables"]["items"]["properties"]
    # briefings.yaml, from Settings
    settings = made["settings.schema.json"].schema
    assert settings["required"] == ["title", "partnership"]
    assert settings["properties"]["accessibility"]["properties"]["response_days"] == {
        "description": "Response days.", "type": "integer", "default": 5}


def test_types_come_from_the_hints_as_the_loader_reads_them():
    review = by_name("reviews.schema.json")["properties"]
    table = by_name("data.schema.json")["properties"]["tables"]["items"]["properties"]
    settings = by_name("settings.schema.json")["properties"]
    # an id: the loader's pattern and length
    assert review["id"]["pattern"] == SLUG.pattern and review["id"]["maxLength"] == MAX_ID
    # Literal: its vocabulary; Optional: null allowed too
    assert review["type"]["enum"][:2] == ["lcspr", "rapid-review"]
    assert table["columns"]["items"]["properties"]["unit"]["enum"][-1] is None
    # a date: a YYYY-MM-DD string
    assert {k: review["embargo_until"][k] for k in ("type", "format", "pattern")} == {
        "type": ["string", "null"], "format": "date", "pattern": schemas.DATE_PATTERN}
    # tuple: an array of its items; a nested record: an object with required fields
    action = (review["recommendations"]["items"]["properties"]["response"]["properties"]
              ["actions"]["items"])
    assert action["required"] == ["text", "owner", "due", "status"]
    assert action["properties"]["status"]["enum"] == [
        "planned", "not-started", "in-progress", "done", "superseded"]
    # Union: a cell is a number, text, a noted value or empty
    cell = table["rows"]["items"]["items"]
    assert cell["anyOf"][0] == {"type": ["number", "string", "null"]}
    assert cell["anyOf"][1]["required"] == ["value", "note"]
    # dict: an object of values; bool: boolean
    assert settings["seven_minute"]["properties"]["headings"]["additionalProperties"] == {
        "type": "string"}
    assert settings["pdf"]["type"] == "boolean"


def test_derived_fields_are_left_out_and_old_keys_accepted_as_deprecated(project):
    finding = by_name("findings.schema.json")

    def keys(schema):
        if isinstance(schema, dict):
            for key, value in schema.get("properties", {}).items():
                yield key
                yield from keys(value)
            for value in schema.values():
                if isinstance(value, (dict, list)):
                    yield from keys(value)
        elif isinstance(schema, list):
            for value in schema:
                yield from keys(value)

    assert not {"pos", "field_pos", "finding"} & set(keys(finding))
    old = finding["properties"]["sectors"]
    assert old["deprecated"] is True
    assert "'sectors' is now called 'overlays'" in old["deprecationMessage"]
    # a finding still written with the old key passes, and loads with a warning
    root = project("minimal")
    path = root / "content/findings/neglect.yaml"
    path.write_text(path.read_text().replace("overlays:", "sectors:"))
    assert problems(finding, read(path)) == []
    corpus, warnings = load(Project.at(root))
    assert any("'sectors' in finding is now called 'overlays'" in str(w) for w in warnings)


def test_descriptions_come_from_the_model():
    review = by_name("reviews.schema.json")["properties"]
    recommendation = review["recommendations"]["items"]
    action = recommendation["properties"]["response"]["properties"]["actions"]["items"]
    # the comment after the field in model.py
    assert action["properties"]["owner"]["description"] == "Owner (a role or team, not a person)."
    assert recommendation["properties"]["id"]["description"].startswith(
        "Id (unique within its review).")
    # the class's docstring, for a nested record
    assert action["description"] == ("What a partnership does about a recommendation, and "
                                     "the evidence that it worked.")
    # where the model says nothing: the field's name in words, and what its markers say
    assert review["title"]["description"] == "Title."
    assert review["themes"]["description"] == "Themes. Each is the id of a theme."
    assert "Markdown" not in review["summary"]["description"]  # the marker's own words:
    assert "citations" in review["summary"]["description"]     # "may hold [@source] citations"


def test_the_schemas_are_valid_and_read_the_same_by_a_draft_07_editor():
    """yaml-language-server validates with draft-07 rules: the schemas use only keywords
    that draft-07 reads the same way (or ignores, like `deprecated`), and no `$ref`."""
    allowed = {"$schema", "$comment", "title", "description", "type", "properties", "required",
               "additionalProperties", "items", "enum", "anyOf", "allOf", "pattern",
               "maxLength", "format", "default", "deprecated", "deprecationMessage"}

    def used(schema):
        yield from schema
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                yield from used(schema[key])
        for key in ("anyOf", "allOf"):
            for member in schema.get(key, ()):
                yield from used(member)
        for member in schema.get("properties", {}).values():
            yield from used(member)

    for s in schemas.schema_files():
        assert s.schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(s.schema)
        jsonschema.Draft7Validator.check_schema(s.schema)
        assert set(used(s.schema)) <= allowed, s.name


# ---- what an author is told --------------------------------------------------------------

BROKEN = [
    pytest.param("content/findings/neglect.yaml", "summary:", "sumary:",
                 ["$: 'summary' is a required property",
                  "$: Additional properties are not allowed ('sumary' was unexpected)"],
                 "unknown key 'sumary' in finding", id="misspelt key"),
    pytest.param("content/findings/neglect.yaml", "sectors: [health, police]",
                 "sectors: health",
                 ["$.learning_points[0].sectors: 'health' is not of type 'array'"],
                 "sectors should be a list, not text 'health'", id="wrong type"),
    pytest.param("content/findings/neglect.yaml", "audience: manager", "audience: managers",
                 ["$.learning_points[1].audience: 'managers' is not one of ['practitioner', "
                  "'manager', 'system-leader']"],
                 "audience 'managers' is not one of", id="outside the vocabulary"),
    pytest.param("briefings.yaml", "today: 2026-11-20", "today: 20/11/2026",
                 ["$.today: '20/11/2026' does not match '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'",
                  "$.today: '20/11/2026' is not a 'date'"],
                 "today should be a date written YYYY-MM-DD", id="not a date"),
]


@pytest.mark.parametrize("file, before, after, shown, loader_says", BROKEN)
def test_a_mistake_is_shown_at_its_key_as_briefings_check_reports_it(
        project, file, before, after, shown, loader_says):
    root = project("minimal")
    path = root / file
    text = path.read_text()
    assert before in text
    (schema,) = [s.schema for s in applying(root)[path]]
    assert problems(schema, read(path)) == []
    path.write_text(text.replace(before, after, 1))
    assert problems(schema, read(path)) == shown
    # and the loader rejects the same file, for the same reason
    assert any(loader_says in p for p in load_problems(root)), load_problems(root)


def test_a_date_that_does_not_exist_is_shown_as_briefings_check_reports_it(project):
    # PyYAML cannot read 2026-02-30 as a date at all; the editor sees the text as written
    root = project("minimal")
    path = root / "briefings.yaml"
    settings = read(path)
    assert problems(by_name("settings.schema.json"), {**settings, "today": "2026-02-30"}) == [
        "$.today: '2026-02-30' is not a 'date'"]
    path.write_text(path.read_text().replace("today: 2026-11-20", "today: 2026-02-30"))
    assert any("today '2026-02-30' is not a real date" in p for p in load_problems(root))


# ---- the schemas follow the model --------------------------------------------------------

@record
class Notice(Dated):
    """A partnership's notice: a kind briefings has never heard of."""

    id: Id
    title: Text
    body: Md
    kind: Literal["closure", "event"]
    starts: Optional[Date] = None  # the first day it applies
    themes: tuple[ThemeRef, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event(Dated):
    id: Id
    name: Text
    attendees: int


NOTICE = kinds.Kind("notice", Notice, "notice", "notices/*.yaml")
EVENT = kinds.Kind("event", Event, "event", "data/*.yaml", one_per_file=False, key="events")


def test_a_new_kind_gets_its_schema_and_a_new_key_of_a_shared_file_its_array(
        monkeypatch, project):
    assert "notices.schema.json" not in {s.name for s in schemas.schema_files()}
    assert "events" not in by_name("data.schema.json")["properties"]
    monkeypatch.setattr(kinds, "KINDS", kinds.KINDS + (NOTICE, EVENT))
    made = {s.name: s for s in schemas.schema_files()}
    notice = made["notices.schema.json"]
    assert notice.globs == ("content/notices/*.yaml",) and notice.kinds == ("notice",)
    assert list(notice.schema["properties"]) == [
        "id", "title", "body", "kind", "starts", "themes",
        "published", "reviewed", "review_due", "privacy_exceptions"]
    assert notice.schema["required"] == ["id", "title", "body", "kind"]
    assert notice.schema["description"] == ("A partnership's notice: a kind briefings has "
                                            "never heard of.")
    assert notice.schema["properties"]["starts"]["description"] == (
        "Starts (the first day it applies). A date written YYYY-MM-DD.")
    assert made["data.schema.json"].kinds == ("table", "statistic", "event")
    events = made["data.schema.json"].schema["properties"]["events"]
    assert events["items"]["properties"]["attendees"]["type"] == "integer"

    # written into a project, wired for VS Code, and checking a notice as it is typed
    root = project("minimal")
    written = schemas.write_schemas(root, root / "schemas")
    assert root / "schemas/notices.schema.json" in written
    mapping = json.loads((root / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert mapping["./schemas/notices.schema.json"] == ["/content/notices/*.yaml"]
    (root / "content/notices").mkdir()
    path = root / "content/notices/closure.yaml"
    path.write_text("id: closure\ntitle: Office closed\nbody: Back in January.\n"
                    "kind: closure\nstarts: 2026-12-24\n")
    on_disk = json.loads((root / "schemas/notices.schema.json").read_text())
    assert problems(on_disk, read(path)) == []
    path.write_text("id: closure\ntitle: Office closed\nbody: Back in January.\n"
                    "kind: closed\nstart: 2026-12-24\n")
    assert problems(on_disk, read(path)) == [
        "$.kind: 'closed' is not one of ['closure', 'event']",
        "$: Additional properties are not allowed ('start' was unexpected)"]


# ---- the command -------------------------------------------------------------------------

def test_the_command_writes_the_schemas_and_wires_them_for_vs_code(project):
    root = project("minimal")
    result = briefings("schema", "--project", str(root), cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Wrote {len(MAPPING)} schemas into schemas/:"
    assert "  findings.schema.json      content/findings/*.yaml" in lines
    assert "  data.schema.json          content/data/*.yaml" in lines
    assert "  settings.schema.json      briefings.yaml" in lines
    assert 'Merged their "yaml.schemas" into .vscode/settings.json.' in lines
    assert sorted(p.name for p in (root / "schemas").iterdir()) == sorted(
        key.rsplit("/", 1)[1] for key in MAPPING)
    # the files are what the model makes, nothing else
    for s in schemas.schema_files():
        assert json.loads((root / "schemas" / s.name).read_text()) == s.schema
    settings = json.loads((root / ".vscode/settings.json").read_text())
    assert settings == {"yaml.schemas": MAPPING}
    # as VS Code follows the mapping: every file of the project is checked, and passes
    checked = set()
    for key, globs in settings["yaml.schemas"].items():
        schema = json.loads((root / key).read_text())
        for glob in globs:
            for path in root.glob(glob.lstrip("/")):
                checked.add(path)
                assert problems(schema, read(path)) == [], path
    assert checked == set((root / "content").rglob("*.yaml")) | {root / "briefings.yaml"}


def test_the_command_writes_into_the_folder_it_is_given(project, tmp_path):
    root = project("minimal")
    result = briefings("schema", "--project", str(root), "editor/schemas", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "editor/schemas/cases.schema.json").is_file()
    mapping = json.loads((root / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert mapping["./editor/schemas/cases.schema.json"] == ["/content/cases/*.yaml"]
    assert not (root / "schemas").exists()


def test_settings_json_is_merged_not_overwritten(project):
    root = project("minimal")
    (root / ".vscode").mkdir()
    settings = root / ".vscode/settings.json"
    settings.write_text(json.dumps({
        "editor.tabSize": 2,
        "files.exclude": {"site": True},
        "yaml.schemas": {"https://example.org/ci.json": "/ci/*.yaml",
                         "./old/findings.schema.json": ["/content/findings/*.yaml"]},
    }))
    result = briefings("schema", "--project", str(root))
    assert result.returncode == 0, result.stderr
    merged = json.loads(settings.read_text())
    assert merged["editor.tabSize"] == 2 and merged["files.exclude"] == {"site": True}
    assert merged["yaml.schemas"] == {"https://example.org/ci.json": "/ci/*.yaml", **MAPPING}
    # an earlier run's entry for the same schema is replaced, so no file is checked twice
    assert "./old/findings.schema.json" not in merged["yaml.schemas"]
    # and running it again changes nothing
    before = settings.read_text()
    assert briefings("schema", "--project", str(root)).returncode == 0
    assert settings.read_text() == before


def test_settings_json_that_is_not_json_is_never_overwritten(project):
    root = project("minimal")
    (root / ".vscode").mkdir()
    settings = root / ".vscode/settings.json"
    text = '{\n  // my settings\n  "editor.tabSize": 2,\n}\n'
    settings.write_text(text)
    result = briefings("schema", "--project", str(root))
    assert result.returncode == 2
    assert "settings.json: it is not valid JSON (line 2, column 3" in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert settings.read_text() == text
    assert not (root / "schemas").exists()
    # the same for `new`, calling the function
    with pytest.raises(BuildError) as error:
        schemas.write_schemas(root, root / "schemas")
    assert error.value.status == 2
    assert not (root / "schemas").exists()


def test_the_command_has_help_with_an_example_and_refuses_a_folder_that_is_no_project(
        tmp_path):
    result = briefings("schema", "--help")
    assert result.returncode == 0 and "Example" in result.stdout
    result = briefings("schema", "--project", str(tmp_path))
    assert result.returncode == 2
    assert "is not a briefings project: it has no briefings.yaml" in result.stderr
    assert list(tmp_path.iterdir()) == []
