"""The scenario list: what a player sees first."""

from __future__ import annotations

import re

import pytest
from textual.widgets import OptionList

from eqtrainer.library import bundled_scenarios
from eqtrainer.tui.screens.home import HomeScreen
from eqtrainer.tui.screens.scene import SceneScreen

from .helpers import leave_to_the_list, ready, screen_text, text_of, until


async def test_lists_every_bundled_scenario_with_areas_difficulty_and_minutes(app_for):
    app = app_for(bundled_scenarios())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#scenarios", OptionList)
        assert options.option_count == len(app.library.scenarios) >= 12
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        demo = next(r for r in rows if "Friday Demo" in r)
        assert "scope · stakeholders" in demo
        assert "min" in demo and ("●" in demo)
        assert f"{len(app.library.scenarios)} scenarios" in text_of(app.screen.query_one("#count"))


async def test_area_filter_shows_only_that_area_and_cycles_back(app_for):
    app = app_for(bundled_scenarios())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home = app.screen
        total = len(app.library.scenarios)
        await pilot.press("a")
        await until(pilot, lambda: home.area is not None)
        area = home.area
        assert area is not None
        options = home.query_one("#scenarios", OptionList)
        expected = [s for s in app.library.scenarios if area in s.areas]
        assert options.option_count == len(expected) < total
        assert options.border_title == f"Filter: {area}"
        assert f"of {total} scenarios" in text_of(home.query_one("#count"))
        await pilot.press("A")
        await until(pilot, lambda: home.area is None)
        assert options.option_count == total


async def test_summary_follows_the_highlight_and_enter_plays(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        summary = app.screen.query_one("#summary")
        first = text_of(summary)
        await pilot.press("down")
        await until(pilot, lambda: text_of(summary) != first)  # the summary follows the highlight
        await pilot.press("up")
        await until(pilot, lambda: text_of(summary) == first)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))


async def test_a_broken_file_is_named_and_the_rest_still_plays(app_for, fixtures, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    app = app_for(fixtures / "mini-demo.yaml", broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "1 file could not be loaded" in text_of(app.screen.query_one("#notice"))
        assert "eqtrainer validate" in text_of(app.screen.query_one("#notice"))
        assert f"{broken}: line " in text_of(app.screen.query_one("#notice"))  # names it
        assert app.screen.query_one("#scenarios", OptionList).option_count == 1


async def test_a_single_file_opens_straight_into_its_scenario(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SceneScreen)
        await leave_to_the_list(pilot)
        assert "The [b]Mini[/b] Demo" in screen_text(app.screen)


async def test_ctrl_c_quits_as_people_expect_in_a_terminal(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SceneScreen))
        await pilot.press("ctrl+c")
        await until(pilot, lambda: not app.is_running)  # it quits, after shutting down


async def test_a_bug_while_loading_is_shown_not_hidden_behind_a_spinner(app_for, monkeypatch):
    import eqtrainer.domain.loader as loader

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "load_library", broken)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        notice = text_of(app.screen.query_one("#notice"))
        assert notice.startswith("The scenarios could not be loaded (RuntimeError: boom).")
        assert "eqtrainer.log" in notice
        assert app.is_running


async def test_the_list_explains_its_columns_and_f_and_t_leave_the_list_uncovered(app_for):
    app = app_for(bundled_scenarios())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home = app.screen
        header = text_of(home.query_one("#columns"))
        assert header.split() == ["Scenario", "Areas", "Lvl", "Time", "Best"]
        legend = home.query_one("#scenarios", OptionList).border_subtitle
        assert "easy" in legend and "hard" in legend and "not played" in legend
        await pilot.press("t")
        await until(pilot, lambda: "theme: light" in text_of(home.query_one("#count")))
        await pilot.press("f")
        await until(pilot, lambda: "feedback held" in text_of(home.query_one("#count")))
        await pilot.press("f")
        await until(
            pilot, lambda: "feedback after each choice" in text_of(home.query_one("#count"))
        )
        assert not app._notifications  # nothing floats over the list


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 30)])
async def test_every_row_shows_its_best_score_beside_the_scrollbar(app_for, size):
    app = app_for(bundled_scenarios())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        options = app.screen.query_one("#scenarios", OptionList)
        strips = app.screen._compositor.render_strips()
        region = options.scrollable_content_region
        rows = [
            strips[y].text[region.x : region.right].rstrip() for y in range(region.y, region.bottom)
        ]
        drawn = [row for row in rows if row]  # a short list leaves empty lines below it
        assert len(drawn) == min(len(rows), options.option_count)
        assert all(re.search(r" min +(-|\d+%)$", row) for row in drawn), drawn


async def test_areas_that_do_not_fit_are_counted_not_cut_mid_word():
    from eqtrainer.tui.screens.home import fit_areas

    areas = ["integration", "schedule", "cost", "resources"]
    assert fit_areas(areas, 60) == "integration · schedule · cost · resources"
    assert fit_areas(areas, 28) == "integration · schedule +2"


async def test_a_workshop_welcome_is_said_in_the_title_bar_not_over_the_list(app_for, fixtures):
    app = app_for(fixtures / "mini-demo.yaml", fixtures / "second.yaml")
    app.player, app.workshop = "[b]ana[/b]", "ws-1"  # as the SSH server starts a game
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        title = app.screen.query_one("TitleBar .title")
        assert text_of(title).startswith("Welcome, [b]ana[/b]. Your decisions are kept")
        assert not app._notifications  # nothing floats over the list


def drawn_row(app, y: int) -> str:
    return app.screen._compositor.render_strips()[y].text


def leave_unfinished(data, scenario_file) -> None:
    """A playthrough of `scenario_file` left after its first decision."""
    from eqtrainer.domain.engine import Playthrough
    from eqtrainer.domain.loader import load_file
    from eqtrainer.store.progress import Progress, content_hash, default_player

    store = Progress.open(data, player=default_player())
    scenario = load_file(scenario_file).scenario
    play = Playthrough(scenario, seed=1)
    ident = store.begin(play, default_player(), None, content_hash(scenario.path))
    if play.awaiting_read:
        play.answer_read(0)
        store.save_state(ident, play)
    store.decided(ident, play, play.choose(0), 1.0)
    store.close()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_resume_line_keeps_to_one_line(app_for, tmp_path, size):
    leave_unfinished(tmp_path / "data", bundled_scenarios() / "well-liked.yaml")
    app = app_for(bundled_scenarios())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        resume = app.screen.query_one("#resume")
        assert resume.region.height == 1
        line = drawn_row(app, resume.region.y).strip()
        assert line.startswith("r Resume “The Colleague")
        assert re.search(r"” · decision 2 · today \d\d:\d\d$", line), line


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_keys_and_the_lists_legend_fit_the_width(app_for, size):
    app = app_for(bundled_scenarios())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        home = app.screen
        keys = drawn_row(app, size[1] - 1)
        assert keys.rstrip().endswith("? keys  q quit") or keys.rstrip().endswith(
            "? keys   q quit"
        ), keys
        assert "enter play" in keys and "p profile" in keys and "a area" in keys
        options = home.query_one("#scenarios", OptionList)
        legend = drawn_row(app, options.region.bottom - 1)
        assert "●○○ easy … ●●● hard" in legend and "not played" in legend, legend
        assert "not pla…" not in legend
        if size[0] >= 80:
            assert "best: your top score, - not played yet" in legend
            assert "f feedback" in keys and "t theme" in keys


async def test_with_an_area_filter_each_row_names_that_area_first(app_for):
    app = app_for(bundled_scenarios())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        home = app.screen
        options = home.query_one("#scenarios", OptionList)
        seen = set()
        while True:
            before = home.area
            await pilot.press("a")
            await until(pilot, lambda before=before: home.area != before)
            if home.area is None:
                break
            seen.add(home.area)
            start = text_of(home.query_one("#columns")).index("Areas")
            for i in range(options.option_count):
                row = str(options.get_option_at_index(i).prompt)
                assert row[start:].startswith(home.area), (home.area, row)
            assert text_of(home.query_one("#summary")).startswith(home.area)
        assert "integration" in seen
