"""Problems found in content, and the exception that carries them to the command line.

Every stage reports problems the same way: a `Problem` names the file, line and column, says
what is wrong and, where it can, how to fix it. The CLI prints them; nothing else does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from .content.model import Pos


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


def sort_key(p: Problem):
    return (p.pos.path, p.pos.line, p.pos.column, p.message)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]
