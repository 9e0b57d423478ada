"""The profile screen at 80x24, pinned as SVG in the dark and the high-contrast theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqtrainer.tui.screens.profile import ProfileScreen
from tests.tui.helpers import ready, until
from tests.tui.test_progress_screens import profile_app

FIXTURES = Path(__file__).parent.parent / "fixtures"


async def open_profile(pilot):
    app = pilot.app
    await ready(pilot)
    await pilot.press("p")
    await until(pilot, lambda: isinstance(app.screen, ProfileScreen))
    await pilot.pause()


@pytest.mark.parametrize("theme", ["dark", "light", "contrast"])
def test_profile(snap_compare, tmp_path, theme):
    app = profile_app(tmp_path, FIXTURES, theme=theme, player="Ann [b]Lee[/b]")
    assert snap_compare(app, run_before=open_profile, terminal_size=(80, 24))
