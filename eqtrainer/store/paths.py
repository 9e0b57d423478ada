"""Where eqtrainer keeps its files: each platform's own places (platformdirs), or where told.

The data directory (results, the log, the workshop's sockets and host key) is, in order:
`--data DIR` on the command line, the EQTRAINER_DATA environment variable, then the
platform's user data directory (~/.local/share/eqtrainer on Linux, XDG_DATA_HOME honoured;
~/Library/Application Support/eqtrainer on macOS; %LOCALAPPDATA%\\eqtrainer on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "eqtrainer"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get("EQTRAINER_DATA")
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False))
