"""The synthetic population: a deterministic stream of `PersonRecord`s and its ground truth.

    population = Population(SynthConfig(people=10_000, seed=3), geography)
    for record in population: ...          # exactly `people` records
    population.truth                        # the labelled defects of the records yielded

Same seed, same geography, same reference date: same records in the same order. Communes are
filled one after the other, in chunks drawn from the age pyramid, each chunk seeded from
(seed, commune code, chunk number).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from random import Random

from cancuoc.registry.bulk import PersonRecord
from cancuoc.registry.synth.defects import DefectRates, Defects, Truth
from cancuoc.registry.synth.geography import Geography
from cancuoc.registry.synth.households import assemble, draw_pool
from cancuoc.registry.synth.numbers import NumberBook
from cancuoc.registry.synth.people import Factory, Tables

DEFAULT_AS_OF = date(2026, 11, 22)
CHUNK = 2_000  # people drawn from the pyramid at a time, then put into households


@dataclass(frozen=True)
class SynthConfig:
    """What to generate: how many records, from which seed, as of which day."""

    people: int
    seed: int = 1
    as_of: date = DEFAULT_AS_OF
    prefix: str = "SYN"
    rates: DefectRates = field(default_factory=DefectRates)


class Population:
    """Iterate to get the records; `truth` and `abroad` fill in as records are yielded."""

    def __init__(self, config: SynthConfig, geography: Geography) -> None:
        if config.people < 0:
            raise ValueError("Số người phải là số không âm")
        if sum(geography.sizes) != config.people:
            raise ValueError("Tổng dân số các xã phải bằng số người cần tạo")
        self.config, self.geo = config, geography
        self.tables = Tables(geography.province_code)
        self.truth: list[Truth] = []
        self.abroad: dict[str, str] = {}  # record id -> country (written only to the CSV)

    def __iter__(self) -> Iterator[PersonRecord]:
        for index in range(len(self.geo.communes)):
            yield from self.commune(index)

    def commune(self, index: int) -> Iterator[PersonRecord]:
        """The records of the index-th commune: exactly its planned size, independent of the
        other communes (same numbers whether communes are generated in turn or in parallel)."""
        config, place, size = self.config, self.geo.communes[index], self.geo.sizes[index]
        book = NumberBook(config.seed, slot=index, slots=len(self.geo.communes))
        factory = Factory(tables=self.tables, geography=self.geo, book=book,
                          as_of=config.as_of, prefix=config.prefix, commune=place)  # fmt: skip
        defects = Defects(rates=config.rates, book=book, factory=factory, geography=self.geo,
                          as_of=config.as_of)  # fmt: skip
        made, chunk, home_index = 0, 0, 0
        while made < size:
            rng = Random(f"{config.seed}:{place.code}:{chunk}")
            chunk += 1
            for home in assemble(rng, draw_pool(rng, min(CHUNK, size - made))):
                home_index += 1
                items = defects.apply(rng, factory.home_records(rng, home, place), home_index)
                if made + len(items) + defects.waiting >= size:  # last household: flush all
                    items = defects.due(None) + items
                else:
                    items += defects.due(home_index)
                for record, truths in items:
                    if made >= size:
                        return
                    made += 1
                    self.truth += truths
                    if record.record_id in factory.abroad:
                        self.abroad[record.record_id] = factory.abroad[record.record_id]
                    yield record
