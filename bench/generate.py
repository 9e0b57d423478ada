"""Write a library of realistic generated scenarios for the benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

from eqtrainer.domain.vocabulary import AREAS


def scenario(index: int, scenes: int = 20, rng: random.Random | None = None) -> str:
    rng = rng or random.Random(index)
    areas = ", ".join(rng.sample(AREAS, 2))
    out = [
        "format: 1",
        f"id: generated-{index}",
        f"title: Generated scenario {index}",
        "summary: >-",
        "  A generated scenario for the benchmark, shaped like the bundled ones.",
        f"areas: [{areas}]",
        f"difficulty: {rng.randint(1, 3)}",
        f"minutes: {rng.randint(5, 12)}",
        "cast:",
        "  dana: {name: Dana Whitfield, role: VP Sales, trust: 50}",
        "  raj: {name: Raj Patel, role: Tech lead, trust: 70}",
        "vars:",
        "  budget_k: 120",
        "  scope_frozen: false",
        "start: scene-0",
        "scenes:",
    ]
    for number in range(scenes):
        following = [f"scene-{n}" for n in range(number + 1, min(number + 3, scenes))] or [
            "good-end"
        ]
        out += [
            f"  scene-{number}:",
            "    speaker: dana" if number % 2 else "    speaker: raj",
            "    mood: tense, arms folded",
            "    text: |",
            f"      Scene {number}. The steering committee meets on Thursday and the",
            "      numbers still do not add up. Everyone is looking at you.",
        ]
        if number % 4 == 0:
            out += [
                "    read:",
                "      prompt: What is the speaker mostly feeling?",
                "      options:",
                "        - {text: Worried about the deadline, correct: true}",
                "        - {text: Angry at you}",
                "        - {text: Bored}",
                "      why: The tension is about the date; nothing is aimed at you.",
            ]
        out.append("    choices:")
        for option in range(3):
            scores = [rng.randint(-2, 2) for _ in range(4)]
            out += [
                f"      - text: Option {option} for scene {number}, phrased like a real reply.",
                f"        scores: {{communication: {scores[0]}, strategy: {scores[1]}, "
                f"business_value: {scores[2]}, eq: {scores[3]}}}",
                "        why: A concrete rationale that names the consequence of this choice.",
                f"        effects: {{dana.trust: {rng.choice(['+5', '-5', '+10'])}, budget_k: -5}}",
            ]
            if option == 2:
                out.append("        if: budget_k > 20 and dana.trust >= 30")
            out.append(f"        goto: {following[option % len(following)]}")
    out += [
        "endings:",
        "  good-end:",
        "    outcome: good",
        "    text: The release ships on the date and the sponsor says so in public.",
    ]
    return "\n".join(out) + "\n"


def write_library(folder: Path, count: int, scenes: int = 20) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"generated-{index:04d}.yaml"
        path.write_text(scenario(index, scenes), encoding="utf-8")
        paths.append(path)
    return paths
