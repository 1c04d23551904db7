"""Read YAML content into records, collecting every problem rather than stopping at the first.

YAML is composed into nodes (which keep their line and column) and converted by walking the
record classes' type hints, so each error can name the exact place it was made. Only plain
YAML is accepted: no Python or custom tags, and files and alias expansion are capped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import typing
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml

from .. import files
from ..problems import Pos, Problem, doing
from . import kinds
from .model import Corpus, Settings, Slug, Text, hints

try:  # the C composer is several times faster; fall back to pure Python
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_CHARS = 10 * MAX_FILE_BYTES  # the text a file may expand to, aliases followed
MAX_ID = 100                     # an id is a folder name in the site
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in
                 ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}

class _Reader:
    """Converts the nodes of one file, appending problems to a shared list."""

    def __init__(self, path: Path, label: str, problems: list[Problem],
                 root: Path | None = None):
        self.label = label
        self.problems = problems
        self.lines: list[str] = []
        self.visited = 0
        self.chars = 0
        self.path = path
        self.root = root  # the project: nothing outside it is read

    # -- reading ---------------------------------------------------------------------------
    def compose(self, empty: str = "write its content, or delete the file"):
        """The file's YAML as nodes, or None (with the problem reported)."""
        pos = Pos(self.label, 1, 1)
        refused = files.refusal(self.path, [self.root]) if self.root else None
        if refused:
            self.error(pos, *refused)
            return None
        try:
            size = self.path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.error(pos, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                           "split it into several files")
                return None
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.error(pos, f"file is not UTF-8 text ({exc.reason})", "save it as UTF-8")
            return None
        except OSError as exc:
            self.error(pos, f"cannot read the file: {exc.strerror}", "check it can be opened")
            return None
        self.lines = text.splitlines()
        try:
            node = yaml.compose(text, Loader=_Loader)
            if node is None:
                self.error(pos, "the file is empty", empty)
            return node
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = Pos(self.label, mark.line + 1, mark.column + 1) if mark else pos
            message = f"invalid YAML: {exc.problem or exc.context}"
            if exc.context and exc.problem:
                message += f" ({exc.context})"
            self.error(where, message, "check indentation, colons and quotes around this point")
        except yaml.YAMLError as exc:
            self.error(pos, f"invalid YAML: {exc}")
        return None

    def error(self, pos: Pos, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(pos, message, hint))

    def pos(self, node) -> Pos:
        return Pos(self.label, node.start_mark.line + 1, node.start_mark.column + 1)

    def text(self, node) -> Text:
        block = None
        if node.style in ("|", ">"):
            line = node.start_mark.line + 1
            while line < len(self.lines) and not self.lines[line].strip():
                line += 1
            if line < len(self.lines):
                block = len(self.lines[line]) - len(self.lines[line].lstrip(" "))
        return Text(node.value, self.pos(node), block, quoted=node.style in ('"', "'"))

    def expand(self, node) -> bool:
        """Count the text a scalar adds; False once the file has grown too large (a short
        file can expand enormously by using one alias many times)."""
        self.chars += len(node.value)
        if self.chars <= MAX_CHARS:
            return True
        if self.chars - len(node.value) <= MAX_CHARS:
            self.error(self.pos(node), f"the file expands to more than {MAX_CHARS:,} characters "
                       "(an alias used many times?)", "write the text out once, or split "
                       "the file")
        return False

    def read(self, node, sharing: list[kinds.Kind], path: Path, found: dict,
             unloaded: set) -> None:
        """Convert a file's records: of one kind, or of several each under its own key."""
        if sharing[0].key is None:
            self.records(node, sharing[0], path, found, unloaded)
            return
        if not isinstance(node, yaml.MappingNode):
            keys = " and/or ".join(f"`{k.key}:`" for k in sharing)
            self.wrong(node, f"a mapping with {keys}", path.name)
            return
        by_key = {k.key: k for k in sharing}
        for key_node, value_node in node.value:
            kind = by_key.get(key_node.value)
            if kind is None:
                self.error(self.pos(key_node),
                           f"unknown key {key_node.value!r} in {path.parent.name} file",
                           did_you_mean(key_node.value, by_key) or
                           "this file holds " + " and ".join(by_key))
                continue
            self.records(value_node, kind, path, found, unloaded)

    def records(self, node, kind: kinds.Kind, path: Path, found: dict, unloaded: set) -> None:
        """Convert a file's records of one kind (one, or a list of them)."""
        if kind.one_per_file:
            items = [node]
        elif isinstance(node, yaml.SequenceNode):
            items = node.value
        else:
            self.wrong(node, f"a list of {kind.label}s (each starting with '- id:')",
                       kind.key or path.name)
            return
        for item in items:
            record = self.convert(item, kind.record, kind.label)
            if record is not None:
                found[kind.name].append(record)
            else:
                unloaded.add((kind.name, record_id(item, path, kind.one_per_file)))

    # -- converting ------------------------------------------------------------------------
    def convert(self, node, hint, what: str):
        """Convert `node` to `hint`; on a problem, report it and return None."""
        self.visited += 1
        if self.visited > MAX_NODES:
            if self.visited == MAX_NODES + 1:
                self.error(self.pos(node), f"more than {MAX_NODES:,} values (alias expansion?)",
                           "write the values out, or split the file")
            return None
        if isinstance(node, yaml.ScalarNode) and not self.expand(node):
            return None
        if node.tag not in STANDARD_TAGS:
            self.error(self.pos(node), f"tag {node.tag!r} is not allowed in content",
                       "content is plain YAML: remove the tag")
            return None
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is Annotated:
            value = self.convert(node, args[0], what)
            if value is not None and any(isinstance(m, Slug) for m in args[1:]):
                if len(value) > MAX_ID:
                    self.error(self.pos(node), f"{what} {value[:10] + '…'!r} is {len(value)} "
                               f"characters long; the limit is {MAX_ID}", "use a shorter id")
                    return None
                if not SLUG.match(value):
                    self.error(self.pos(node), f"{what} {value!r} is not a valid id",
                               f"use lower-case letters, digits and single hyphens, "
                               f"e.g. {slugify(value)!r}")
                    return None
            return value
        if origin is Union:
            return self.union(node, args, what)
        if origin is Literal:
            return self.literal(node, args, what)
        if origin is tuple:
            if not isinstance(node, yaml.SequenceNode):
                return self.wrong(node, "a list", what)
            items = []
            # An item is named for what it is (an action), or else for its list's field.
            item_what = (args[0].__name__.lower() if dataclasses.is_dataclass(args[0])
                         else f"{what} item")
            for n in node.value:
                item = self.convert(n, args[0], item_what)
                if item is not None or (n.tag.endswith(":null") and allows_none(args[0])):
                    items.append(item)
            return tuple(items)
        if origin is dict:
            if not isinstance(node, yaml.MappingNode):
                return self.wrong(node, "a mapping of keys to values", what)
            out, first = {}, {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value in first:
                    self.error(self.pos(k), f"{k.value!r} appears twice in {what}",
                               f"first given at {first[k.value]}; give it once")
                    continue
                first.setdefault(getattr(k, "value", None), self.pos(k))
                key = self.convert(k, args[0], f"key of {what}")
                value = self.convert(v, args[1], f"{what} {k.value!r}")
                if key is not None and value is not None:
                    out[key] = value
            return out
        if dataclasses.is_dataclass(hint):
            return self.record(node, hint, what)
        if not isinstance(node, yaml.ScalarNode):
            return self.wrong(node, TYPE_NAMES.get(hint, hint.__name__), what)
        if hint is Text or hint is str:
            if node.tag.endswith(":null"):
                return self.wrong(node, "text", what)
            return self.text(node)
        if hint is bool:
            return self.scalar(node, "bool", what, "true or false")
        if hint is int:
            return self.scalar(node, "int", what, "a whole number")
        if hint is float:
            value = self.scalar(node, ("int", "float"), what, "a number")
            return None if value is None else float(value)
        if hint is dt.date:
            value = self.scalar(node, "timestamp", what, "a date written YYYY-MM-DD")
            return value.date() if isinstance(value, dt.datetime) else value
        raise TypeError(f"no conversion for {hint!r}")  # a bug in model.py, not in content

    def scalar(self, node, tags, what, expected):
        tags = (tags,) if isinstance(tags, str) else tags
        if not any(node.tag.endswith(":" + t) for t in tags):
            return self.wrong(node, expected, what)
        try:
            return _CONSTRUCTOR.construct_object(node)
        except ValueError as exc:  # 2026-02-30: a date that does not exist
            self.error(self.pos(node), f"{what} {node.value!r} is not a real date ({exc})",
                       "write the date as YYYY-MM-DD")
            return None

    def wrong(self, node, expected: str, what: str):
        got = describe(node)
        self.error(self.pos(node), f"{what} should be {expected}, not {got}")
        return None

    def union(self, node, args, what):
        if node.tag.endswith(":null"):
            if type(None) in args:
                return None
        options = [a for a in args if a is not type(None)]
        flat = []
        for a in options:
            flat.extend(typing.get_args(a) if typing.get_origin(a) is Union else [a])
        if isinstance(node, yaml.MappingNode):
            for a in flat:
                if dataclasses.is_dataclass(a):
                    return self.convert(node, a, what)
        if isinstance(node, yaml.ScalarNode):
            for a in flat:
                if a is int and node.tag.endswith(":int"):
                    return self.convert(node, int, what)
                if a is float and node.tag.endswith((":float", ":int")):
                    return self.convert(node, float, what)
            for a in flat:
                if a in (Text, str) or typing.get_origin(a) is Annotated:
                    return self.convert(node, a, what)
            if len(flat) == 1:
                return self.convert(node, flat[0], what)
        if len(flat) == 1:
            return self.convert(node, flat[0], what)
        names = " or ".join(sorted({TYPE_NAMES.get(a, getattr(a, "__name__", "value"))
                                    for a in flat}))
        return self.wrong(node, names, what)

    def literal(self, node, options, what):
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            return self.wrong(node, "one of " + ", ".join(map(str, options)), what)
        if node.value in options:
            return self.text(node)
        self.error(self.pos(node), f"{what} {node.value!r} is not one of: "
                   + ", ".join(map(str, options)), did_you_mean(node.value, options))
        return None

    def record(self, node, cls, what):
        if not isinstance(node, yaml.MappingNode):
            return self.wrong(node, "a mapping (key: value lines)", what)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        allowed = [n for n, f in fields.items() if not f.metadata.get("derived")]
        renamed = {old: n for n, f in fields.items() for old in f.metadata.get("formerly", ())}
        types = hints(cls)
        values, ok, seen, suggested = {}, True, set(), set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in renamed and key not in allowed:
                self.problems.append(Problem(
                    self.pos(key_node), f"{key!r} in {what} is now called {renamed[key]!r}",
                    f"rename it to {renamed[key]}: the old name will stop working",
                    warning=True))
                key = renamed[key]
            if key not in allowed:
                self.error(self.pos(key_node), f"unknown key {key!r} in {what}",
                           did_you_mean(key, allowed) or "allowed keys: " + ", ".join(allowed))
                suggested.update(difflib.get_close_matches(key, allowed, n=1, cutoff=0.6))
                ok = False
                continue
            if key in seen:
                self.error(self.pos(key_node), f"key {key!r} appears twice in {what}")
                ok = False
                continue
            seen.add(key)
            value = self.convert(value_node, types[key], key)
            if value is None and not value_node.tag.endswith(":null"):
                ok = False
                continue
            if value is None and not allows_none(types[key]):
                self.error(self.pos(value_node), f"{key!r} in {what} needs a value")
                ok = False
                continue
            values[key] = value
        for name, f in fields.items():
            required = (f.default is dataclasses.MISSING
                        and f.default_factory is dataclasses.MISSING)
            if required and name not in seen | suggested and name in allowed:
                self.error(self.pos(node), f"{what} is missing required field {name!r}")
                ok = False
        if "pos" in fields:
            values["pos"] = self.pos(node)
        if "field_pos" in fields:
            values["field_pos"] = {k.value: self.pos(v) for k, v in node.value}
        if not ok:
            return None
        return cls(**values)


TYPE_NAMES = {Text: "text", str: "text", int: "a whole number", float: "a number",
              bool: "true or false", dt.date: "a date (YYYY-MM-DD)"}


def allows_none(hint) -> bool:
    return typing.get_origin(hint) is Union and type(None) in typing.get_args(hint)


def describe(node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    kind = node.tag.rsplit(":", 1)[-1]
    names = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true/false",
             "null": "empty", "timestamp": "a date"}
    return f"{names.get(kind, kind)} {node.value!r}" if kind != "null" else "empty"


def did_you_mean(word: str, options) -> str | None:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "an-id"


# ---- the project ---------------------------------------------------------------------------

def load_settings(path: Path, root: Path, problems: list[Problem]) -> Settings | None:
    reader = _Reader(path, relative(path, root), problems, root)
    node = reader.compose("it needs at least `title:` and `partnership: {name: ...}`")
    if node is None:
        return None
    return reader.convert(node, Settings, "briefings.yaml")


def load_corpus(content: Path, settings: Settings, root: Path,
                problems: list[Problem]) -> Corpus:
    """Read every content file under `content/` into one Corpus, kind by kind."""
    found: dict[str, list] = {k.name: [] for k in kinds.KINDS}
    unloaded: set[tuple[str, str]] = set()  # (kind, id) of records that failed to load
    patterns = dict.fromkeys(k.files for k in kinds.KINDS if k.files)
    for pattern in patterns:
        sharing = [k for k in kinds.KINDS if k.files == pattern]
        for path in sorted(content.glob(pattern)):
            reader = _Reader(path, relative(path, root), problems, root)
            with doing(f"reading {reader.label}"):
                node = reader.compose()
                if node is not None:
                    reader.read(node, sharing, path, found, unloaded)
            if node is None:
                unloaded.update((k.name, path.stem) for k in sharing if k.one_per_file)
    for k in kinds.KINDS:
        if k.inside:
            parent, field_name = k.inside
            found[parent] = [adopt(r, field_name, parent) for r in found[parent]]
            found[k.name] = [child for r in found[parent] for child in getattr(r, field_name)]
    return Corpus(settings=settings, records={n: tuple(rs) for n, rs in found.items()},
                  unloaded=frozenset(unloaded))


def adopt(parent, field_name: str, parent_kind: str):
    """Tell each record written inside `parent` which one it belongs to (its derived field
    named after the parent's kind, e.g. a learning point's `finding`)."""
    children = tuple(dataclasses.replace(c, **{parent_kind: str(parent.id)})
                     for c in getattr(parent, field_name))
    return dataclasses.replace(parent, **{field_name: children})


def record_id(node, path: Path, one_per_file: bool) -> str:
    """The id of a record that failed to load, so references to it are not reported too."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "id" and isinstance(v, yaml.ScalarNode):
                return v.value
    return path.stem if one_per_file else ""


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
