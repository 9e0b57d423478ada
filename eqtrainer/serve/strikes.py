"""Wrong passcodes per address, remembered for a while and then forgotten.

Each wrong passcode from one address makes the next answer wait longer (guessing gets
slow); a right one, or a quiet quarter of an hour, clears the address. At most
MAX_ADDRESSES are remembered, so a scan from many addresses cannot grow the server.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

FORGET_AFTER = 15 * 60.0  # seconds without a wrong passcode before an address starts afresh
MAX_ADDRESSES = 10_000
MAX_DELAY = 10.0


class Strikes:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._by_address: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._by_address)

    def count(self, address: str) -> int:
        entry = self._by_address.get(address)
        if entry is None:
            return 0
        count, last = entry
        if self._clock() - last > FORGET_AFTER:
            del self._by_address[address]
            return 0
        return count

    def wrong(self, address: str) -> float:
        """Count a wrong passcode from `address`; how long to wait before answering it."""
        count = self.count(address) + 1
        self._by_address[address] = (count, self._clock())
        self._by_address.move_to_end(address)
        while len(self._by_address) > MAX_ADDRESSES:
            self._by_address.popitem(last=False)  # the address quiet the longest
        return min(MAX_DELAY, 0.25 * 2.0 ** min(count - 1, 16))

    def right(self, address: str) -> None:
        self._by_address.pop(address, None)
