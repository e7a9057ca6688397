"""Unique synthetic numbers: personal ID numbers, 9-digit CMND numbers, phone numbers.

Within each bucket (an ID prefix "PPPGYY", a CMND prefix) numbers are an affine permutation
of a counter, so they look random and never repeat. A book belongs to one slot out of `slots`
(one commune of the population) and only uses counters congruent to its slot: communes can
be generated independently, in any order or in parallel, and still never share a number.
"""

from __future__ import annotations

from cancuoc.rules.idnumber import Sex, generate_id_number

_SERIALS = 1_000_000
_STEP = 738_217  # odd, not a multiple of 5: a permutation of 0..999 999
_CMND_SERIALS = 10_000_000
_CMND_STEP = 7_368_787
_PHONE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "032", "033", "034",
                   "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
                   "081", "082", "083", "084", "085", "056", "058", "086", "088", "089")  # fmt: skip


class NumberBook:
    """Hands out numbers that are unique within one synthetic population."""

    def __init__(self, seed: int, *, slot: int = 0, slots: int = 1) -> None:
        self.seed, self.slot, self.slots = seed, slot, slots
        self._next: dict[str, int] = {}
        self._offset: dict[str, int] = {}
        self._prefix: dict[tuple[str, str, int], str] = {}

    def _take(self, bucket: str, size: int) -> int:
        n = self._next.get(bucket, 0)
        self._next[bucket] = n + 1
        n = n * self.slots + self.slot
        if n >= size:
            raise OverflowError(f"Hết số trong nhóm {bucket}")
        offset = self._offset.get(bucket)
        if offset is None:
            digits = "".join(c for c in bucket if c.isdigit()) or "0"
            offset = self._offset[bucket] = int(digits) * 7919 + self.seed * 104_729
        return (n * (_STEP if size == _SERIALS else _CMND_STEP) + offset) % size

    def personal_id(self, place_code: str, sex: str, birth_year: int) -> str:
        """A structurally valid number (rules.idnumber.generate_id_number) never used before."""
        key = (place_code, sex, birth_year)
        prefix = self._prefix.get(key)
        if prefix is None:
            prefix = generate_id_number(
                place_code=place_code, sex=Sex(sex), birth_year=birth_year, serial_int=0
            )[:6]
            self._prefix[key] = prefix
        return f"{prefix}{self._take(prefix, _SERIALS):06d}"

    def raw_id(self, prefix: str) -> str:
        """12 digits with an arbitrary 6-digit prefix (used for wrong-structure numbers)."""
        return f"{prefix}{self._take(prefix, _SERIALS):06d}"

    def cmnd(self, prefix: str) -> str:
        """A 9-digit CMND number starting with the 2-digit province prefix."""
        return f"{prefix}{self._take('c' + prefix, _CMND_SERIALS):07d}"

    def phone(self, rng) -> str:
        """A Vietnamese mobile number (10 digits)."""
        r = rng.random()
        return f"{_PHONE_PREFIXES[int(r * len(_PHONE_PREFIXES))]}{int(r * 1e12) % 10_000_000:07d}"
