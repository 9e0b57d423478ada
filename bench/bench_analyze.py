"""`eqtrainer analyze` on a 200-scene scenario with variables, against `validate` on the same file.

The scenario is the benchmark generator's (`generate.py`): 3 choices a scene with scores,
trust and budget effects, a condition on a variable and a trust meter, a read question every
fourth scene; each scene leads to one of the next two, so the paths number in the millions.
Prints, best of N rounds measured alternately in the same run:
- `validate`: loading and checking the file (the baseline, what an author runs anyway);
- `analyze`: the full report (state graph, paths, best/worst per dimension, answer key);
- `analyze --runs 200`: the same plus 200 seeded random playthroughs;
and the ratios to the baseline. Goal (issue 14): analyze under 2 s.

    python bench/bench_analyze.py [--rounds 3] [--scenes 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import scenario

from eqtrainer.domain.analyze import analyze
from eqtrainer.domain.loader import check_library, load_file


def best_of(rounds: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scenes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.yaml"
        path.write_text(scenario(7, scenes=args.scenes), encoding="utf-8")
        loaded = load_file(str(path))
        assert loaded.scenario is not None and not loaded.errors, loaded.errors[:3]
        big = loaded.scenario
        report = analyze(big)
        print(
            f"{args.scenes} scenes: {report['states']} play states, {report['paths']:.3g} paths, "
            f"search {'complete' if report['complete'] else 'BOUNDED'}"
        )
        timings: dict[str, list[float]] = {"validate": [], "analyze": [], "analyze --runs 200": []}
        for _ in range(args.rounds):  # alternate, so a busy moment hits all three alike
            timings["validate"].append(best_of(1, lambda: check_library([str(path)])))
            timings["analyze"].append(best_of(1, lambda: analyze(load_file(str(path)).scenario)))
            timings["analyze --runs 200"].append(
                best_of(1, lambda: analyze(load_file(str(path)).scenario, runs=200))
            )
    baseline = min(timings["validate"])
    print(f"{'':<20} {'best':>8} {'ratio':>8}")
    for name, values in timings.items():
        best = min(values)
        print(f"{name:<20} {best:>7.3f}s {best / baseline:>8.1f}")


if __name__ == "__main__":
    main()
