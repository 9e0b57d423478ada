"""The workshop room's state: a paced session as a facilitator runs it, decision by decision."""

from __future__ import annotations

import json

import pytest

from eqtrainer.domain.room import Room, RoomError


def paced_room(*names: str) -> Room:
    room = Room()
    for name in names:
        room.join(name)
    room.start("friday-demo", paced=True)
    for name in names:
        room.at_scene(name, "friday-demo", "hallway", 3)
    return room


def test_a_paced_round_holds_each_choice_until_the_vote_closes_then_reveals_the_counts():
    room = paced_room("ana", "ben", "chloe")
    assert {p.stage for p in room.participants.values()} == {"choosing"}
    assert room.chose("ana", "friday-demo", "hallway", 1, 3)
    assert room.chose("ben", "friday-demo", "hallway", 1, 3)
    assert room.waiting_count("friday-demo", "hallway") == (2, 3)
    assert room.participants["ana"].stage == "chosen"
    assert room.chose("chloe", "friday-demo", "hallway", 0, 3)
    [tally] = room.close_vote()
    assert tally.counts() == [1, 2, 0]
    assert {p.stage for p in room.participants.values()} == {"revealed"}
    assert room.next() == 2
    assert {p.stage for p in room.participants.values()} == {"playing"}


def test_a_vote_counts_each_participant_once_whatever_they_press():
    room = paced_room("ana", "ben")
    assert room.chose("ana", "friday-demo", "hallway", 2, 3)
    assert not room.chose("ana", "friday-demo", "hallway", 0, 3)
    assert not room.chose("ana", "friday-demo", "hallway", 1, 3)
    room.close_vote()
    assert not room.chose("ana", "friday-demo", "hallway", 1, 3)  # closed: no second vote
    assert room.current_tallies()[0].counts() == [0, 0, 1]


def test_branching_counts_the_group_per_scene():
    room = paced_room("ana", "ben", "chloe")
    for name, index in (("ana", 0), ("ben", 1), ("chloe", 1)):
        room.chose(name, "friday-demo", "hallway", index, 3)
    room.close_vote()
    room.next()
    room.at_scene("ana", "friday-demo", "team-pushback", 2)
    room.at_scene("ben", "friday-demo", "estimate", 3)
    room.at_scene("chloe", "friday-demo", "estimate", 3)
    room.chose("ana", "friday-demo", "team-pushback", 1, 2)
    room.chose("ben", "friday-demo", "estimate", 2, 3)
    tallies = {t.scene: t.counts() for t in room.close_vote()}
    assert tallies == {"team-pushback": [0, 1], "estimate": [0, 0, 1]}
    assert room.current_scene() == "estimate"


def test_a_participant_reaching_a_decision_after_the_vote_closed_waits_for_the_next():
    room = paced_room("ana", "ben")
    room.chose("ana", "friday-demo", "hallway", 0, 3)
    room.close_vote()
    # ben, back at the decision just revealed, sees its result with the others
    assert room.at_scene("ben", "friday-demo", "hallway", 3) == "revealed"
    # ana moves on to a decision the room has not opened yet, and waits for it
    assert room.at_scene("ana", "friday-demo", "estimate", 3) == "waiting"
    assert room.chose("ana", "friday-demo", "estimate", 1, 3)  # ahead of the room: kept
    assert not room.chose("ana", "friday-demo", "estimate", 2, 3)  # and only once
    room.next()
    assert room.participants["ana"].stage == "chosen"
    assert [(t.scene, t.counts()) for t in room.current_tallies()] == [("estimate", [0, 1, 0])]


def test_a_reconnecting_participant_finds_their_vote_and_stage_again():
    room = paced_room("ana", "ben")
    room.chose("ana", "friday-demo", "hallway", 1, 3)
    room.leave("ana")
    assert room.as_json()["present"] == 1
    assert room.at_scene("ana", "friday-demo", "hallway", 3) == "chosen"
    assert room.participants["ana"].connected
    assert room.current_tallies()[0].counts() == [0, 1, 0]


def test_facilitator_actions_out_of_turn_say_why():
    room = Room()
    with pytest.raises(RoomError, match="start a paced scenario first"):
        room.close_vote()
    room = paced_room("ana")
    with pytest.raises(RoomError, match="close the vote on decision 1 first"):
        room.next()
    room.close_vote()
    with pytest.raises(RoomError, match="already closed"):
        room.close_vote()


def test_free_play_records_every_choice_and_the_room_as_json_is_plain_data():
    room = Room()
    room.join("ana")
    room.at_scene("ana", "vendor-slip", "call", 3)
    assert room.participants["ana"].stage == "playing"
    assert room.chose("ana", "vendor-slip", "call", 2, 3)
    room.ended("ana", "vendor-slip", "recovered")
    data = json.loads(json.dumps(room.as_json()))
    assert data["mode"] == "free" and data["present"] == 1
    assert data["participants"][0]["ending"] == "recovered"
    assert data["tallies"][0]["counts"] == [0, 0, 1]
    assert "votes" not in room.as_json(names=False)["tallies"][0]


def test_the_room_names_the_decisions_where_it_split_most():
    room = paced_room("a", "b", "c", "d")
    for name in "abcd":
        room.chose(name, "friday-demo", "hallway", 0, 3)  # unanimous
    room.close_vote()
    room.next()
    for name, index in zip("abcd", (0, 1, 2, 1), strict=True):
        room.at_scene(name, "friday-demo", "estimate", 3)
        room.chose(name, "friday-demo", "estimate", index, 3)
    room.close_vote()
    assert [t.scene for t in room.split_most()] == ["estimate", "hallway"]


def test_one_decision_a_round_a_participant_who_moved_on_early_waits_for_the_next():
    room = paced_room("ana", "ben")
    room.chose("ana", "friday-demo", "hallway", 0, 3)
    # ana's game went on before the room did (a slow network, a stale message): she waits
    assert room.at_scene("ana", "friday-demo", "estimate", 3) == "waiting"
    assert room.chose("ana", "friday-demo", "estimate", 2, 3)  # kept for her next round
    assert [t.counts() for t in room.current_tallies()] == [[1, 0, 0]]
    room.close_vote()
    room.next()
    assert room.participants["ana"].stage == "chosen"
    assert {t.scene: t.counts() for t in room.current_tallies()} == {"estimate": [0, 0, 1]}


def test_a_choice_made_after_the_vote_closed_is_counted_where_it_is_kept():
    room = paced_room("ana", "ben", "chloe")
    room.chose("ana", "friday-demo", "hallway", 2, 3)
    room.chose("ben", "friday-demo", "hallway", 0, 3)
    room.close_vote()
    # chloe had not chosen; she chooses while the result is on show. Her game keeps the
    # decision in the results, so the room's bars count it as well, once.
    assert room.chose("chloe", "friday-demo", "hallway", 1, 3)
    assert not room.chose("chloe", "friday-demo", "hallway", 0, 3)
    [tally] = room.current_tallies()
    assert tally.counts() == [1, 1, 1]
    assert room.waiting_count("friday-demo", "hallway") == (3, 3)
    assert room.participants["chloe"].stage == "revealed"


def test_next_after_everyone_has_finished_says_so_instead_of_opening_an_empty_vote():
    room = paced_room("ana", "ben")
    room.chose("ana", "friday-demo", "hallway", 1, 3)
    room.chose("ben", "friday-demo", "hallway", 1, 3)
    room.close_vote()
    room.ended("ana", "friday-demo", "good-ending")
    assert not room.as_json()["finished"]  # ben is still on his way
    assert room.next() == 2
    room.ended("ben", "friday-demo", "good-ending")
    room.close_vote()
    assert room.as_json()["finished"]
    with pytest.raises(RoomError, match="everyone has finished friday-demo"):
        room.next()
    assert room.round == 2


def test_the_room_knows_which_choices_anyone_was_shown():
    # a condition hid the scene's third choice from ana and its first from ben: choices are
    # counted as the scene lists them, and the room keeps the union of what was on offer
    room = Room()
    room.start("friday-demo", paced=True)
    room.at_scene("ana", "friday-demo", "hallway", 4, (0, 1, 3))
    room.at_scene("ben", "friday-demo", "hallway", 4, (1, 2, 3))
    assert room.chose("ana", "friday-demo", "hallway", 3, 4)
    assert room.chose("ben", "friday-demo", "hallway", 2, 4)
    [tally] = room.close_vote()
    shown = tally.as_json()
    assert shown["counts"] == [0, 0, 1, 1]
    assert shown["offered"] == [0, 1, 2, 3]
    room2 = Room()
    room2.start("friday-demo", paced=True)
    room2.at_scene("ana", "friday-demo", "hallway", 4, (0, 3))
    assert room2.current_tallies()[0].as_json()["offered"] == [0, 3]
    # a game that does not say (an older one) is taken to have been shown every choice
    room2.at_scene("ben", "friday-demo", "hallway", 4)
    assert room2.current_tallies()[0].as_json()["offered"] == [0, 1, 2, 3]
