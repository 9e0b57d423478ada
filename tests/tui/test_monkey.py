"""A monkey at the keyboard: random keys across the bundled library never crash the game."""

from __future__ import annotations

import os
import random

import pytest

from eqtrainer.library import bundled_scenarios

from .helpers import ready

KEYS = [
    "1",
    "2",
    "3",
    "4",
    "9",
    "enter",
    "up",
    "down",
    "pageup",
    "pagedown",
    "question_mark",
    "escape",
    "y",
    "n",
    "r",
    "l",
    "a",
    "A",
    "f",
    "t",
    "space",
    "tab",
]  # no q: it would quit from the list


@pytest.mark.parametrize("seed", range(3))
async def test_random_keys_never_crash_the_game(app_for, seed, request):
    # one seed by default (it takes a while); every seed with --monkey-all or
    # EQTRAINER_MONKEY_ALL=1 (before a release, or after a change to the key handling)
    every = request.config.getoption("--monkey-all") or os.environ.get("EQTRAINER_MONKEY_ALL")
    if seed and not every:
        pytest.skip("more monkey seeds: --monkey-all or EQTRAINER_MONKEY_ALL=1")
    rng = random.Random(seed)
    app = app_for(bundled_scenarios())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screens = set()
        for _ in range(250):
            await pilot.press(rng.choice(KEYS))
            screens.add(type(app.screen).__name__)
            if not app.is_running:
                break
        await pilot.pause()
    assert "SceneScreen" in screens or "FeedbackScreen" in screens  # it really played
