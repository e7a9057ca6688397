"""Fast weighted choice: cumulative weights precomputed once, one bisect per draw."""

from __future__ import annotations

from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Values with relative weights; `pick(rng)` draws one in O(log n)."""

    __slots__ = ("values", "cumulative", "total")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        if not pairs:
            raise ValueError("Weighted needs at least one value")
        self.values = [v for v, _ in pairs]
        self.cumulative = list(accumulate(float(w) for _, w in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: Random) -> T:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]

    @classmethod
    def ranked(cls, values: Sequence[T], offset: float = 3.0) -> Weighted[T]:
        """Values listed most frequent first; weight 1/(rank + offset), a gentle Zipf tail."""
        return cls([(v, 1.0 / (rank + offset)) for rank, v in enumerate(values)])


def randint(rng: Random, low: int, high: int) -> int:
    """Like rng.randint (both ends included) at a third of the cost: one float draw."""
    return low + int(rng.random() * (high - low + 1))


def choice(rng: Random, values: Sequence[T]) -> T:
    """Like rng.choice, one float draw."""
    return values[int(rng.random() * len(values))]


def interval_table(points: dict[int, float], last: int) -> list[float]:
    """Step function over 0..last from {start: value} breakpoints (0 before the first)."""
    table, value = [], 0.0
    for x in range(last + 1):
        value = points.get(x, value)
        table.append(value)
    return table
