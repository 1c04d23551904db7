"""Problems found in content, and the exception that carries them to the command line.

Every stage reports problems the same way: a `Problem` names the file, line and column, says
what is wrong and, where it can, how to fix it. The CLI prints them; nothing else does.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple, Optional


class Pos(NamedTuple):
    """A place in a content file (line and column count from 1)."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    pos: Pos
    message: str
    hint: Optional[str] = None
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        text = f"{self.pos}: {kind}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ContentError(Exception):
    """The content cannot be built; `problems` says everything that is wrong with it."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """The build cannot go ahead, for a reason that is not in the content: an output folder
    it must not replace (`status` 2, a usage error), a full disk or a folder it cannot write
    to (`status` 1). Printed as one line, with what to do about it."""

    def __init__(self, message: str, hint: Optional[str] = None, status: int = 1):
        self.message = message
        self.hint = hint
        self.status = status
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


def sort_key(p: Problem):
    return (p.pos.path, p.pos.line, p.pos.column, p.message)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


_DOING: contextvars.ContextVar[str] = contextvars.ContextVar("doing", default="building")
_FAILED: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("failed", default=None)


@contextlib.contextmanager
def doing(activity: str) -> Iterator[None]:
    """Say what the build is doing ("reading content/themes.yaml"), so an unexpected failure
    can be reported with the file it happened on."""
    token = _DOING.set(activity)
    try:
        yield
    except Exception:
        if _FAILED.get() is None:  # the innermost activity, where it went wrong
            _FAILED.set(activity)
        raise
    finally:
        _DOING.reset(token)


def activity() -> str:
    """What the build was doing when it failed (or is doing now)."""
    return _FAILED.get() or _DOING.get()
