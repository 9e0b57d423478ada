"""What every game screen shares: a typed way to reach the game app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import EqTrainerApp

ResultType = TypeVar("ResultType")


class GameScreen(Screen[ResultType]):
    """A screen of the game. `self.game` is the app with its library, settings and results."""

    @property
    def game(self) -> EqTrainerApp:
        from ..app import EqTrainerApp

        app = self.app
        if not isinstance(app, EqTrainerApp):
            raise TypeError(f"{type(self).__name__} runs only inside the eqtrainer game")
        return app
