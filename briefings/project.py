"""Where a project's files are: briefings.yaml, content/, templates/, assets/, output, cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _theme() -> Path:
    """The default theme: inside the installed package, or the top-level templates/ folder
    of a source checkout."""
    installed = Path(__file__).parent / "templates"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "templates"


THEME = _theme()


@dataclass(frozen=True)
class Project:
    root: Path
    out: Path

    @classmethod
    def at(cls, root: str | Path = ".", out: str | Path | None = None) -> "Project":
        root = Path(root).resolve()
        return cls(root=root, out=Path(out).resolve() if out else root / "site")

    @property
    def settings_file(self) -> Path:
        return self.root / "briefings.yaml"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def assets(self) -> Path:
        """The project's own files to publish as they are (logo, images)."""
        return self.root / "assets"

    @property
    def cache(self) -> Path:
        return self.root / ".briefings-cache"

    @property
    def protected(self) -> dict[str, Path]:
        """What a site may never replace, hold or sit in (the project may hold the site)."""
        return {"the project folder": self.root, "content/": self.content,
                "assets/": self.assets, "templates/": self.root / "templates",
                "the build cache .briefings-cache/": self.cache}

    @property
    def own_templates(self) -> list[Path]:
        """The project's own templates/, if it has one (that is not the default theme)."""
        own = self.root / "templates"
        return [own] if own.is_dir() and own.resolve() != THEME.resolve() else []

    @property
    def template_dirs(self) -> list[Path]:
        """Template lookup order: the project's own templates/ first, then the theme's."""
        return self.own_templates + [THEME]

    @property
    def static_dirs(self) -> list[Path]:
        """Static files (CSS, JS): the theme's, overridden by the project's own."""
        return [d / "static" for d in reversed(self.template_dirs) if (d / "static").is_dir()]
