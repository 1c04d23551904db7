"""Where a project's files are: briefings.yaml, content/, templates/, assets/, output, cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

THEME = Path(__file__).parent / "theme"  # the default theme, shipped inside the package


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
    def template_dirs(self) -> list[Path]:
        """Template lookup order: the project's own templates/ first, then the theme's."""
        own = self.root / "templates"
        return ([own] if own.is_dir() else []) + [THEME / "templates"]

    @property
    def static_dirs(self) -> list[Path]:
        """Static files (CSS, JS, fonts): the theme's, overridden by the project's own."""
        own = self.root / "templates" / "static"
        return [THEME / "static"] + ([own] if own.is_dir() else [])
