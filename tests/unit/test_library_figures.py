"""The bundled library keeps a senior PM weighing options (issue 15, items 1 and 3): the
figures of eqtrainer.domain.key_figures stay within their limits, so a future scenario cannot
quietly make the game easy again."""

from __future__ import annotations

from eqtrainer.domain.key_figures import breaches, library_figures
from eqtrainer.domain.loader import load_library
from eqtrainer.library import bundled_scenarios

LIBRARY = load_library([str(bundled_scenarios())])


def test_the_bundled_library_meets_every_limit_of_issue_15():
    figures = library_figures(LIBRARY.scenarios)
    assert figures.decisions > 0
    assert breaches(figures) == []
