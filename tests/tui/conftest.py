from __future__ import annotations

from pathlib import Path

import pytest

from eqtrainer.store.settings import Settings
from eqtrainer.tui.app import make_app

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini-demo.yaml"


@pytest.fixture
def app_for(tmp_path):
    """Build the real app on some scenario paths, with settings and results in tmp_path."""

    def build(*paths, hold_feedback=False, theme="dark"):
        settings = Settings(theme=theme, hold_feedback=hold_feedback)
        return make_app(
            [str(p) for p in paths or [MINI]], settings=settings, data=tmp_path / "data"
        )

    return build


@pytest.fixture
def fixtures():
    return FIXTURES
