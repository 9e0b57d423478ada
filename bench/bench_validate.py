"""`eqtrainer validate` on a generated library, against the plainest parse of the same files.

Prints, for libraries of 250, 500 and 1,000 scenarios of 20 scenes each:
- the time of PyYAML's C loader alone (`yaml.load(f, Loader=yaml.CSafeLoader)`), the baseline;
- the time of a full validation on one core (parse, checks, conditions, story analysis,
  duplicate ids), as the game loads a library;
- the time of `eqtrainer validate`'s own path, which spreads files over the cores;
- the ratios to the baseline, and the time per file, to show the growth is linear.
Each figure is the best of several rounds, all measured alternately in the same run.

    python bench/bench_validate.py [--rounds 3] [--sizes 250,500,1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_library

from eqtrainer.domain.loader import check_library, load_library


def plain_parse(paths) -> None:
    for path in paths:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)


def one_core(folder: Path) -> None:
    library = load_library([str(folder)])
    errors = [d for d in library.diagnostics if d.severity == "error"]
    assert not errors, errors[:3]


def validate(folder: Path) -> None:
    results = check_library([str(folder)])
    errors = [d for r in results for d in r.diagnostics if d.severity == "error"]
    assert not errors, errors[:3]


def best_of(rounds: int, work) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="250,500,1000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    import os

    print(f"{os.cpu_count()} cores; best of {args.rounds} rounds")
    print(
        f"{'scenarios':>9}  {'MiB':>5}  {'CSafeLoader':>11}  {'1 core':>7}  {'ratio':>5}  "
        f"{'validate':>8}  {'ratio':>5}  {'ms/file':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / str(size)
            paths = write_library(folder, size)
            mib = sum(p.stat().st_size for p in paths) / 1048576
            baseline, single, ours = [], [], []
            for _ in range(args.rounds):  # alternate, so all see the same machine noise
                baseline.append(best_of(1, partial(plain_parse, paths)))
                single.append(best_of(1, partial(one_core, folder)))
                ours.append(best_of(1, partial(validate, folder)))
            base, one, full = min(baseline), min(single), min(ours)
            print(
                f"{size:>9}  {mib:>5.1f}  {base:>10.2f}s  {one:>6.2f}s  {one / base:>5.2f}  "
                f"{full:>7.2f}s  {full / base:>5.2f}  {1000 * full / size:>7.2f}"
            )


if __name__ == "__main__":
    main()
