"""`eqtrainer new`: a small scenario to start from, with comments saying what to change.

It validates with no warning, plays to an ending and crosses none of `eqtrainer analyze`'s
limits for an answer key, so an author changes a working story step by step instead of
starting from an empty file.
"""

from __future__ import annotations

from .read_fields import SLUG


class ScaffoldError(ValueError):
    """The id or title cannot make a scenario."""


_TEMPLATE = """\
# A new eqtrainer scenario. Change every text below into your own story, then check it
# with `eqtrainer validate {id}.yaml` and play it with `eqtrainer play {id}.yaml --watch`
# (the game reloads the file each time you save it). The guide: docs/authoring.md.
# For completion and checks while you type (VS Code's YAML extension and others): run
# `eqtrainer schema > eqtrainer-schema.json` in this folder and make this the first line:
# # yaml-language-server: $schema=eqtrainer-schema.json
format: 1
id: {id}                       # unique across the library: lower-case, digits, hyphens
title: {title}
summary: >-                    # one or two sentences, shown in the scenario list
  CHANGE ME: the situation in one or two sentences.
areas: [stakeholders]          # one or more of: integration, scope, schedule, cost, quality,
                               # communications, risk, procurement, stakeholders, resources
difficulty: 1                  # 1 foundation, 2 practitioner, 3 senior
minutes: 5                     # estimated play time

cast:                          # the people in the story; the player is the project manager
  sponsor:
    name: Alex Morgan          # CHANGE ME: a name that is not used in another scenario
    role: Executive sponsor
    trust: 50                  # 0..100, shown while playing; choices' effects move it
vars:                          # your own state: numbers and true/false, used in `if:`
  promised_date: false

start: first-meeting
# The scores below are placeholders that already make an honest answer key: the best
# option sits in a different place in each decision, is not always the longest, is beaten
# on some dimension by another option, and has a close runner-up. Keep that when you
# rewrite them; `eqtrainer analyze {id}.yaml` says if the key becomes easy to guess.
scenes:
  first-meeting:
    speaker: sponsor
    mood: tapping a pen, eyes on the clock      # the cue the player can read
    text: |
      CHANGE ME: what happens, and what the sponsor says.
      "We need a date for the board by Friday."
    read:                      # "read the room" before acting: it scores EQ only
      prompt: What is the sponsor mostly feeling?
      options:                 # options of similar length; mark the right one(s)
        - {{text: Pressure from the board, correct: true}}
        - {{text: Anger at the project team}}
        - {{text: Boredom with the details}}
      why: CHANGE ME - the clue that gives it away (the clock, the board, the pen).
    choices:                   # the decision; each option scored -2..+2 on four dimensions
      - text: Promise Friday on the spot.
        scores: {{communication: -1, strategy: -2, business_value: 2, eq: 0}}
        why: CHANGE ME - its merit first (the board can plan), then its flaw (no estimate).
        effects: {{sponsor.trust: +10, promised_date: true}}
        goto: second-meeting
      - text: Ask what the board must decide, and offer a range with its risks by Thursday.
        scores: {{communication: 2, strategy: 2, business_value: 1, eq: 1}}
        why: CHANGE ME - why this is the best option, and what it costs.
        goto: second-meeting
  second-meeting:
    speaker: sponsor
    mood: relieved, then wary
    text: |
      CHANGE ME: Thursday. The estimate is ready and the sponsor is waiting.
    read:
      prompt: What is the sponsor mostly feeling now?
      options:
        - {{text: Pleased the work is done}}
        - {{text: Wary of a second surprise, correct: true}}
        - {{text: Impatient to end the meeting}}
      why: CHANGE ME - the cue (relief first, then the wary look at the risks).
    choices:
      - text: Present the range and the two risks that drive it.
        scores: {{communication: 2, strategy: 1, business_value: 1, eq: 1}}
        why: CHANGE ME - the best option's reason, and its cost.
        goto: board-call
      - text: Give the optimistic end of the range only.
        if: not promised_date   # a condition: shown only when it holds
        scores: {{communication: -1, strategy: -1, business_value: 2, eq: 0}}
        why: CHANGE ME - its merit, then why it will hurt later.
        effects: {{sponsor.trust: +5}}
        goto: board-call
      - text: Ask for a week to narrow the range before presenting it.
        scores: {{communication: 0, strategy: 2, business_value: 0, eq: 1}}
        why: CHANGE ME - its merit (a firmer number), then its flaw (the board waits).
        effects: {{sponsor.trust: -5}}
        goto: board-call
  board-call:
    speaker: sponsor
    mood: leaning in, voice low
    text: |
      CHANGE ME: At the board, a director asks to cut testing to keep the date.
    choices:
      - text: Agree to cut testing to keep the date.
        scores: {{communication: 0, strategy: -2, business_value: 1, eq: 1}}
        why: CHANGE ME - its merit (the date holds), then its flaw (defects in production).
        goto: slipped
      - text: Hold the date, and ask the team to work the weekend.
        scores: {{communication: 2, strategy: 0, business_value: 2, eq: -2}}
        why: CHANGE ME - its merit (a clear answer), then its cost (a tired team).
        goto: strained
      - text: Offer to cut scope, and name what goes.
        scores: {{communication: 1, strategy: 2, business_value: 0, eq: 1}}
        why: CHANGE ME - why this is the best option, and what it costs.
        goto: on-track

endings:                       # at least a good, a mixed and a bad one
  on-track:
    outcome: good
    text: CHANGE ME - the board approves a date the team can keep.
  strained:
    outcome: mixed
    text: CHANGE ME - the date holds, but the sponsor feels shut out.
  slipped:
    outcome: bad
    text: CHANGE ME - the optimistic date slips and trust goes with it.
"""


def scaffold(scenario_id: str, title: str | None = None) -> str:
    """The text of a new scenario file."""
    if not SLUG.match(scenario_id):
        raise ScaffoldError(
            f"`{scenario_id}` is not a scenario id: use lower-case letters, digits and hyphens, "
            "e.g. `friday-demo`"
        )
    shown = title if title is not None else scenario_id.replace("-", " ").capitalize()
    if not shown.strip() or not shown.isprintable():
        raise ScaffoldError("the title must be printable text on one line")
    quoted = '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _TEMPLATE.format(id=scenario_id, title=quoted)
