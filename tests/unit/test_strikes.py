"""Wrong passcodes per address: slower each time, cleared by a right one or by time."""

from __future__ import annotations

from eqtrainer.serve import strikes
from eqtrainer.serve.strikes import Strikes


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_wrong_passcode_waits_longer_up_to_ten_seconds() -> None:
    wrong = Strikes(Clock())
    delays = [wrong.wrong("10.0.0.9") for _ in range(10)]
    assert delays[:4] == [0.25, 0.5, 1.0, 2.0]
    assert delays[-1] == 10.0 and max(delays) == 10.0
    assert wrong.wrong("10.0.0.8") == 0.25  # another address starts afresh


def test_a_right_passcode_or_a_quiet_quarter_hour_clears_the_address() -> None:
    clock = Clock()
    wrong = Strikes(clock)
    for _ in range(3):
        wrong.wrong("a")
        wrong.wrong("b")
    wrong.right("a")
    assert wrong.count("a") == 0 and wrong.count("b") == 3
    clock.now += strikes.FORGET_AFTER + 1
    assert wrong.count("b") == 0
    assert wrong.wrong("b") == 0.25
    assert len(wrong) == 1


def test_a_scan_from_many_addresses_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(strikes, "MAX_ADDRESSES", 50)
    clock = Clock()
    wrong = Strikes(clock)
    wrong.wrong("first")
    for n in range(200):
        clock.now += 1
        wrong.wrong(f"10.1.{n // 256}.{n % 256}")
    assert len(wrong) == 50
    assert wrong.count("first") == 0  # the address quiet the longest went first
    assert wrong.count("10.1.0.199") == 1
