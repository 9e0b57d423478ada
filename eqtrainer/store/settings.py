"""The player's preferences: a small JSON file that survives a damaged or missing copy."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .paths import config_dir

THEMES = ("dark", "light", "contrast")


@dataclass
class Settings:
    theme: str = "dark"
    hold_feedback: bool = False

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "settings.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        settings = cls()
        if data.get("theme") in THEMES:
            settings.theme = data["theme"]
        if isinstance(data.get("hold_feedback"), bool):
            settings.hold_feedback = data["hold_feedback"]
        return settings

    def save(self, path: Path | None = None) -> None:
        path = path or config_dir() / "settings.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # preferences are a convenience; never stop the game for them
