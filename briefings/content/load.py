"""Read YAML content into records, collecting every problem rather than stopping at the first.

YAML is composed into nodes (which keep their line and column) and converted by walking the
record classes' type hints, so each error can name the exact place it was made. Only plain
YAML is accepted: no Python or custom tags, and files and alias expansion are capped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import fnmatch
import re
import typing
from pathlib import Path
from typing import Annotated, Literal, Union

import yaml

from .. import files
from ..problems import Pos, Problem, doing
from . import kinds
from .model import (
    Address,
    Corpus,
    EmailAddress,
    Ref,
    Settings,
    Slug,
    Text,
    WebAddress,
    hints,
    marker,
)

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
                 root: Path | None = None, unloaded: set | None = None):
        self.label = label
        self.problems = problems
        self.unloaded = set() if unloaded is None else unloaded  # (kind, id) that failed
        self.curly_seen: set[int] = set()  # scalars already looked at for curly quotes
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
            self.lines = yaml_lines(self.path.read_bytes().decode("utf-8", "replace"))
            return None
        except OSError as exc:
            self.error(pos, f"cannot read the file: {exc.strerror}", "check it can be opened")
            return None
        self.lines = yaml_lines(text)
        try:
            node = yaml.compose(text, Loader=_Loader)
            if node is None:
                self.error(pos, "the file is empty", empty)
            return node
        except yaml.MarkedYAMLError as exc:
            self.problems.append(explain(exc, text, self.lines, self.label))
        except yaml.YAMLError as exc:
            self.error(pos, f"invalid YAML: {exc}")
        return None

    def comment_for_value(self, key_node, value_node) -> tuple[Pos, str] | None:
        """`accent: #8a3b12`: a value was meant, but YAML read a comment and no value. Where
        the # is and the would-be value ("#8a3b12"), if the line reads so; `key:  # a note`
        (a space after the #) is a comment."""
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null")
                and value_node.value == "" and not value_node.style):
            return None
        line = _row(self.lines, key_node.end_mark.line)
        found = re.compile(r"[ \t]*:[ \t]+(#\S.*)").match(line, key_node.end_mark.column)
        if not found:
            return None
        return (Pos(self.label, key_node.end_mark.line + 1, found.start(1) + 1),
                found.group(1).rstrip())

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
                unloaded.update((kind.name, i) for i in record_ids(item, path,
                                                                    kind.one_per_file))

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
        if (isinstance(node, yaml.ScalarNode) and not node.style and curly(node.value)
                and id(node) not in self.curly_seen):
            self.curly_seen.add(id(node))
            return self.curly(node, hint, what)
        return self.converted(node, hint, what)

    def curly(self, node, hint, what: str):
        """A value in a word processor's curly quotes (“Neglect”): as text it keeps them,
        with a warning; as anything else (an id or a reference to one, an address, a date, one
        of a list) it cannot be read."""
        before = len(self.problems)
        value = self.converted(node, hint, what)
        if (value is None or names_something(hint)
                or any(not p.warning for p in self.problems[before:])):
            del self.problems[before:]
            self.error(self.pos(node), f"{what} {node.value!r} is in curly quotes", CURLY_HINT)
            return None
        self.problems.append(Problem(self.pos(node), f"{what} {node.value!r} is in curly "
                                     "quotes, which will be shown as part of it", CURLY_HINT,
                                     warning=True))
        return value

    def converted(self, node, hint, what: str):
        """`convert`, once the node has been counted and its tag allowed."""
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
            # An item is named for what it is (an action, a learning point), or else for its
            # list's field.
            kind = next((k for k in kinds.KINDS if k.record is args[0]), None)
            item_what = (kind.label if kind else args[0].__name__.lower()
                         if dataclasses.is_dataclass(args[0]) else f"{what} item")
            for n in node.value:
                item = self.convert(n, args[0], item_what)
                if item is not None or (n.tag.endswith(":null") and allows_none(args[0])):
                    items.append(item)
                elif kind is not None:  # a learning point written inside its finding
                    self.unloaded.update((kind.name, i) for i in record_ids(n))
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
        if isinstance(node, yaml.SequenceNode):
            for a in flat:
                if typing.get_origin(a) is tuple:
                    return self.convert(node, a, what)
        if isinstance(node, yaml.ScalarNode):
            for a in flat:
                if a is bool and node.tag.endswith(":bool"):
                    return self.convert(node, bool, what)
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
        names = " or ".join(sorted({"a list" if typing.get_origin(a) is tuple else
                                    TYPE_NAMES.get(a, getattr(a, "__name__", "value"))
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
            comment = self.comment_for_value(key_node, value_node)
            if comment:
                at, meant = comment
                noun = "colour" if HEX.fullmatch(meant) else "value"
                optional = allows_none(types[key])
                self.problems.append(Problem(
                    at, f"{key!r} in {what} is empty: # starts a comment in YAML",
                    f"put the {noun} in quotes, e.g. {quoted(meant)}", warning=optional))
                ok = ok and optional
                values[key] = None
                continue
            if value_node.tag.endswith(":null") and not allows_none(types[key]):
                self.error(self.pos(value_node), f"{key!r} in {what} needs a value")
                ok = False
                continue
            value = self.convert(value_node, types[key], key)
            if value is None and not value_node.tag.endswith(":null"):
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


def names_something(hint) -> bool:
    """Whether a value of this type is an id, a reference to one or an address: a name,
    which curly quotes would change, never text to show."""
    if typing.get_origin(hint) is Union:
        return any(names_something(a) for a in typing.get_args(hint))
    return any(marker(hint, m) for m in (Slug, Ref, Address, WebAddress, EmailAddress))


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


# ---- YAML syntax errors, in words an editor can act on ------------------------------------
#
# PyYAML says where its scan stopped and what it expected there ("mapping values are not
# allowed here"). That is often not where the mistake is, nor in words its author would
# use. Each rule below recognises one common mistake from the error and the tokens scanned
# before it, and says where it was made and what to do; anything else is reported as
# PyYAML put it.

QUOTES = ('"', "'")
CURLY_OPEN = "“‘„‚”’"    # Word's opening quotes (and the closing ones it sometimes puts first)
CURLY_CLOSE = "”’“‘"
CURLY_HINT = ("these are curly quotes from a word processor: use straight quotes \" or ', "
              "or none")
KEY = re.compile(r"[a-z][a-z0-9_]*")   # content's keys; anything else before a colon is text
UNSPACED = re.compile(r"([a-z][a-z0-9_]*):([^\s/].*)")  # `id:neglect`
KEY_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)")
HEX = re.compile(r"#[0-9a-fA-F]{3,8}")
ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*[\"']?([^\"'#\s,}\]]+)")
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """The file's lines as YAML counts them (str.splitlines also breaks at form feeds)."""
    return _BREAK.split(text)


def curly(value: str) -> bool:
    """Whether a value is wrapped in a word processor's curly quotes: “Neglect”."""
    return len(value) >= 2 and value[0] in CURLY_OPEN and value[-1] in CURLY_CLOSE


def quoted(value: str) -> str:
    """`value` in the quotes that keep it as written: double, unless it holds a double quote
    or a backslash (an escape in double quotes)."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def _row(lines: list[str], line: int) -> str:
    return lines[line] if 0 <= line < len(lines) else ""


def _before(mark, other) -> bool:
    return (mark.line, mark.column) < (other.line, other.column)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scanned(text: str) -> list:
    """The tokens YAML reads before its scan fails (or all of them, if only parsing did)."""
    tokens = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _key_of(tokens: list, start) -> yaml.ScalarToken | None:
    """The key whose value starts at `start` (`title` in `title: "Neglect`)."""
    prior = [t for t in tokens if _before(t.start_mark, start)]
    if (len(prior) >= 2 and isinstance(prior[-1], yaml.ValueToken)
            and isinstance(prior[-2], yaml.ScalarToken)):
        return prior[-2]
    return None


def _the(key) -> str:
    return f"the {key.value}" if key is not None and KEY.fullmatch(key.value) else "the value"


def explain(exc: yaml.MarkedYAMLError, text: str, lines: list[str], label: str) -> Problem:
    """A YAML syntax error as a Problem: where the mistake is, and what to do about it."""
    tokens = _scanned(text)
    for rule in (_tab, _unclosed_quote, _escape, _colon, _comment_in_flow, _quote_ends_early):
        found = rule(exc, tokens, lines)
        if found:
            (line, column), message, hint = found
            return Problem(Pos(label, line + 1, column + 1), message, hint)
    mark = exc.problem_mark or exc.context_mark
    where = Pos(label, mark.line + 1, mark.column + 1) if mark else Pos(label, 1, 1)
    message = f"invalid YAML: {exc.problem or exc.context}"
    if exc.context and exc.problem:
        message += f" ({exc.context})"
    return Problem(where, message, "check indentation, colons and quotes around this point")


def _tab(exc, tokens, lines):
    """A tab where YAML wants spaces: "found character '\\t' that cannot start any token"."""
    mark = exc.problem_mark
    if mark is None:
        return None
    line = _row(lines, mark.line)
    column = mark.column
    if not (column < len(line) and line[column] == "\t"):
        column = line.find("\t")
        if "tab" not in (exc.problem or "") or column < 0:
            return None
    tabbed = sum(1 for ln in lines
                 if ln.strip() and "\t" in ln[:len(ln) - len(ln.lstrip(" \t"))])
    hint = "use spaces, not tabs"
    if tabbed > 1:
        hint += f": {tabbed} lines in this file are indented with tabs"
    return (mark.line, column), "a tab is used for indentation here", hint


def _unclosed_quote(exc, tokens, lines):
    """A quote opened and never closed. YAML reads on to the end of the file, or to the next
    quote (on another line), and says what went wrong there."""
    problem, context = exc.problem or "", exc.context or ""
    start = None
    if ("quoted scalar" in context and exc.context_mark is not None
            and ("end of stream" in problem or "document" in problem)):
        start = exc.context_mark
    elif exc.problem_mark is not None:
        for t in tokens:
            if (isinstance(t, yaml.ScalarToken) and t.style in QUOTES
                    and t.end_mark.line > t.start_mark.line
                    and not _before(exc.problem_mark, t.end_mark)
                    and _swallows_a_key(t, _key_of(tokens, t.start_mark), lines)):
                start = t.start_mark
    if start is None:
        return None
    quote = _row(lines, start.line)[start.column:start.column + 1] or '"'
    the = _the(_key_of(tokens, start))
    return ((start.line, start.column), "this quote is not closed",
            f"put a closing {quote} at the end of {the}")


def _swallows_a_key(token, key, lines) -> bool:
    """A quoted value that runs on over a line that looks like the next key: its closing
    quote is missing, and the quote that ended it opened the next value."""
    first = token.start_mark.line
    column = key.start_mark.column if key is not None else _indent(_row(lines, first))
    for n in range(first + 1, token.end_mark.line + 1):
        line = _row(lines, n)
        if line.strip() and _indent(line) <= column and KEY_LINE.match(line):
            return True
    return False


def _escape(exc, tokens, lines):
    """A backslash in double quotes, read as the start of an escape ("C:\\Users")."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark
    if mark is None or "quoted scalar" not in context or not (
            "escape" in problem or "hexdecimal" in problem):
        return None
    column = _row(lines, mark.line).rfind("\\", 0, mark.column + 1)
    hint = "put it in single quotes, where a backslash is only a backslash"
    start = exc.context_mark
    if start is not None and start.line == mark.line:
        written = _row(lines, start.line)[start.column + 1:].rstrip()
        written = written[:-1] if written.endswith('"') else written
        key = _key_of(tokens, start)
        fix = "'" + written.replace("'", "''") + "'"
        if _the(key) != "the value":
            fix = f"{key.value}: {fix}"
        hint = (f"put {_the(key)} in single quotes, where a backslash is only a backslash: "
                f"{fix}")
    return ((mark.line, max(column, 0)), "a backslash in double quotes starts an escape code",
            hint)


def _colon(exc, tokens, lines):
    """A colon and a space inside an unquoted value (`title: Child M: a review`), which YAML
    reads as another key; or a key indented under the one before it, or with no space after
    its colon."""
    mark = exc.problem_mark
    if mark is None or "mapping values are not allowed" not in (exc.problem or ""):
        return None
    prior = [t for t in tokens if _before(t.start_mark, mark)]
    if not prior or not isinstance(prior[-1], yaml.ScalarToken) or not prior[-1].plain:
        return None
    value = prior[-1]
    key = _key_of(tokens, value.start_mark)
    here = _row(lines, mark.line)
    word = here[:mark.column].strip()
    start = value.start_mark
    unspaced = UNSPACED.match(_row(lines, start.line), start.column)
    if key is None and unspaced:  # `id:neglect` is text, not a key and its value
        return ((start.line, start.column), f"'{unspaced.group(1)}:' needs a space after "
                "the colon", f"write {unspaced.group(1)}: {unspaced.group(2).strip()}")
    if mark.line != start.line and KEY.fullmatch(word):
        if key is None or not KEY.fullmatch(key.value):
            return None
        return ((mark.line, _indent(here)),
                f"'{word}:' is indented more than '{key.value}:' above it, so it is read as "
                f"part of the {key.value}",
                f"start '{word}:' in the same column as '{key.value}:'")
    if key is not None and not KEY.fullmatch(key.value):
        value, key = key, None  # `- Why: because: ...`: the "key" is the start of the text
        start = value.start_mark
    parts = [_row(lines, start.line)[start.column:]]
    parts += [_row(lines, n).strip() for n in range(start.line + 1, mark.line + 1)]
    written = re.sub(r"\s+#.*$", "", " ".join(parts)).strip()
    if len(written) > 70:
        written = written[:50].rstrip() + " … " + written[-15:].lstrip()
    where = (start.line, start.column)
    if key is None:
        return (where, "this text has a colon in it, so it is read as a key and a value",
                f"put it in quotes: {quoted(written)}")
    if curly(written):
        return (where, f"the {key.value} is in curly quotes, and has a colon in it",
                f"these are curly quotes from a word processor: use straight quotes, e.g. "
                f"{key.value}: {quoted(written[1:-1])}")
    return (where, f"the {key.value} has a colon in it",
            f"put the {key.value} in quotes: {key.value}: {quoted(written)}")


def _comment_in_flow(exc, tokens, lines):
    """`{accent: #8a3b12}`: the # starts a comment, and the rest of the line is lost."""
    mark = exc.problem_mark
    if "flow" not in (exc.context or "") or mark is None:
        return None
    opened = [t for t in tokens if _before(t.start_mark, mark) and isinstance(
        t, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken))]
    if not opened:
        return None
    start = opened[-1].start_mark
    for n in range(start.line, mark.line + 1):
        line = _row(lines, n)
        found = re.compile(r"[ \t](#[^\s,}\]\"']+)").search(
            line, start.column if n == start.line else 0)
        if found:
            word = found.group(1)
            noun = "colour" if HEX.fullmatch(word) else "value"
            return ((n, found.start(1)),
                    "# starts a comment in YAML, so the rest of this line is not read",
                    f"put the {noun} in quotes, e.g. \"{word}\"")
    return None


def _quote_ends_early(exc, tokens, lines):
    """`title: 'Baby A's story'`: the apostrophe closes the quote, and the rest of the line
    cannot be read."""
    mark = exc.problem_mark
    if mark is None:
        return None
    prior = [t for t in tokens if _before(t.start_mark, mark)]
    for t in reversed(prior):
        if isinstance(t, yaml.ScalarToken) and t.style in QUOTES:
            break
    else:
        return None
    line = _row(lines, t.end_mark.line)
    rest = line[t.end_mark.column:].strip()
    if t.end_mark.line != mark.line or not rest or rest[0] in "#,]}:":
        return None
    quote = t.style
    written = line[t.start_mark.column + 1:].rstrip()
    if written.endswith(quote):
        written = written[:-1]
    key = _key_of(tokens, t.start_mark)
    the = _the(key)
    fix = quoted(written) if quote == "'" else "'" + written.replace("'", "''") + "'"
    if the != "the value":
        fix = f"{key.value}: {fix}"
    if quote == '"':
        hint = f"put {the} in single quotes: {fix}"
    elif '"' in written or "\\" in written:
        hint = f"write a ' inside single quotes as two: {fix}"
    else:
        hint = f"write a ' inside single quotes as two (''), or put {the} in double quotes: {fix}"
    return ((t.end_mark.line, t.end_mark.column - 1),
            f"this {quote} ends the quoted text early, and the rest of the line cannot be read",
            hint)


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
    read: set[Path] = set()
    for pattern in patterns:
        sharing = [k for k in kinds.KINDS if k.files == pattern]
        for path in sorted({p for glob in spellings(pattern) for p in content.glob(glob)}):
            read.add(path)
            reader = _Reader(path, relative(path, root), problems, root, unloaded)
            with doing(f"reading {reader.label}"):
                node = reader.compose()
                if node is not None:
                    reader.read(node, sharing, path, found, unloaded)
            if node is None:
                unloaded.update(unreadable_ids(reader.lines, path, sharing))
    problems += unread(content, read, list(patterns), root)
    for k in kinds.KINDS:
        if k.inside:
            parent, field_name = k.inside
            found[parent] = [adopt(r, field_name, parent) for r in found[parent]]
            found[k.name] = [child for r in found[parent] for child in getattr(r, field_name)]
    return Corpus(settings=settings, records={n: tuple(rs) for n, rs in found.items()},
                  unloaded=frozenset(unloaded))


def spellings(pattern: str) -> tuple[str, ...]:
    """A kind's files, `findings/*.yaml`, may also be named `.yml`."""
    if pattern.endswith(".yaml"):
        return pattern, pattern[:-len(".yaml")] + ".yml"
    return (pattern,)


def unreadable_ids(lines: list[str], path: Path, sharing: list[kinds.Kind]) -> set:
    """(kind, id) of every record in a file that could not be read at all (its YAML is
    broken), so that its one mistake is not followed by every reference to what it holds:
    the ids are found by their `id:` lines, for its kinds and the kinds written inside them."""
    names = {k.name for k in sharing}
    affected = sharing + [k for k in kinds.KINDS if k.inside and k.inside[0] in names]
    ids = set()
    for line in lines:
        found = ID_LINE.match(line)
        if found:
            ids |= {found.group(1), slugify(found.group(1))}
    out = {(k.name, i) for k in affected for i in ids}
    out |= {(k.name, path.stem) for k in sharing if k.one_per_file}
    return out


def unread(content: Path, read: set[Path], patterns: list[str], root: Path) -> list[Problem]:
    """Warnings for YAML files under content/ that no kind reads: in a folder briefings does
    not know (`finding/`, `notes/`), a sub-folder, directly in content/ under another name,
    or named `.YAML`. Files that are not YAML, and hidden ones, are left alone."""
    top_files = sorted(p for p in patterns if "/" not in p)
    folders = sorted({p.split("/")[0] for p in patterns if "/" in p})
    groups: dict[tuple, list[Path]] = {}
    for path in files.tree(content):
        rel = path.relative_to(content)
        if (path in read or path.suffix.lower() not in (".yaml", ".yml") or path.is_dir()
                or any(part.startswith(".") for part in rel.parts)):
            continue
        lowered = (rel.parent / (rel.stem + ".yaml")).as_posix()
        if any(_matches(lowered, p) for p in patterns):
            groups[("suffix", rel.as_posix())] = [path]
        elif len(rel.parts) == 1:
            groups[("top", rel.name)] = [path]
        elif rel.parts[0] in folders:
            groups.setdefault(("sub", rel.parent.as_posix()), []).append(path)
        else:
            groups.setdefault(("folder", rel.parts[0]), []).append(path)
    base = relative(content, root)
    known = ", ".join(f + "/" for f in folders)
    out = []
    for (how, name), paths in groups.items():
        pos = Pos(relative(paths[0], root), 1, 1)
        these = "this file is" if len(paths) == 1 else f"its {len(paths)} files are"
        if how == "suffix":
            path = paths[0]
            message = f"this file is not read: its name ends in {path.suffix}"
            hint = f"rename it to {path.stem}.yaml"
        elif how == "top":
            message = f"{base}/{name} is not read: it is not one of the files read in {base}/"
            stem = Path(name).stem
            folder = difflib.get_close_matches(stem, folders, n=1, cutoff=0.6)
            file = difflib.get_close_matches(stem, [Path(f).stem for f in top_files], n=1,
                                             cutoff=0.6)
            guess = (f"did you mean '{file[0]}.yaml'?" if file else
                     f"did you mean to put it in '{folder[0]}/'?" if folder else None)
            hint = ((guess + " " if guess else "") + f"the files read here are "
                    f"{', '.join(top_files)}; everything else goes in its folder: {known}")
        elif how == "sub":
            top = name.split("/")[0]
            message = (f"{base}/{name}/ is a folder inside {top}/, and only the files directly "
                       f"in {top}/ are read, so {these} not read")
            hint = f"move {'it' if len(paths) == 1 else 'them'} into {top}/, or out of {base}/"
        else:
            message = f"{base}/{name}/ is not a folder briefings reads, so {these} not read"
            close = difflib.get_close_matches(name, folders, n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}/'? " if close else "") + f"the folders are {known}"
        out.append(Problem(pos, message, hint, warning=True))
    return out


def _matches(rel: str, pattern: str) -> bool:
    """Whether a path under content/ is one of a kind's files (`*` stays in its folder)."""
    folder, _, name = pattern.rpartition("/")
    here, _, file = rel.rpartition("/")
    return here == folder and any(fnmatch.fnmatchcase(file, p) for p in spellings(name))


def adopt(parent, field_name: str, parent_kind: str):
    """Tell each record written inside `parent` which one it belongs to (its derived field
    named after the parent's kind, e.g. a learning point's `finding`)."""
    children = tuple(dataclasses.replace(c, **{parent_kind: str(parent.id)})
                     for c in getattr(parent, field_name))
    return dataclasses.replace(parent, **{field_name: children})


def record_ids(node, path: Path | None = None, one_per_file: bool = False) -> set[str]:
    """The ids a record that failed to load may be known by, so references to it are not
    reported too: its id as written and as a valid id would be ("Neglect" and "neglect"),
    and the name of its file if it has one to itself."""
    ids = set()
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                ids |= {v.value, slugify(v.value)}
    if one_per_file and path is not None:
        ids.add(path.stem)
    return ids


def relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
