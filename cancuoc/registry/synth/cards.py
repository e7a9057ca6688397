"""Cards a synthetic person already holds, and their VNeID level, as of the reference date.

Timeline (vn_spec §4.4, §4.11): CMND 9 số until 2015, valid 15 years from issue (Nghị định
05/1999/NĐ-CP Điều 2); CCCD with a barcode from 2016 and with a chip from 2021 (Luật Căn cước
công dân 2014); thẻ căn cước from 01/7/2024 (Luật Căn cước 2023), also for children on
request. Expiry of CCCD and thẻ căn cước follows the 14/25/40/60 milestones
(`rules.ages.card_expiry`).
"""

from __future__ import annotations

from datetime import date
from random import Random

from cancuoc.registry.bulk import DocumentRecord
from cancuoc.registry.synth import tables as t
from cancuoc.registry.synth.sampling import randint
from cancuoc.rules.ages import birthday_at, card_expiry, card_expiry_partial
from cancuoc.rules.dates import PartialDate

CMND_FIRST = date(1990, 1, 1).toordinal()
CMND_LAST = date(2015, 12, 31).toordinal()
CMND_VALID_YEARS = 15  # Nghị định 05/1999/NĐ-CP Điều 2
BARCODE_FIRST, BARCODE_LAST = date(2016, 1, 1).toordinal(), date(2020, 12, 31).toordinal()
CHIP_FIRST, CHIP_LAST = date(2021, 1, 1).toordinal(), date(2024, 6, 30).toordinal()
CAN_CUOC_FIRST = date(2024, 7, 1).toordinal()  # Luật Căn cước 2023 in force

# Of adults who turned 14 before 07/2024: the card they hold now (cumulative thresholds).
ADULT_CARDS = ((0.05, None), (0.70, "chip"), (0.85, "can_cuoc"), (0.95, "barcode"),
               (1.00, None))  # fmt: skip
P_CHILD_CARD = {True: 0.10, False: 0.04}  # 6-13 years old, under 6


def cards_for(
    rng: Random,
    *,
    birth: date,
    precision: str,
    age: int,
    personal_id: str,
    old_id: str,
    as_of: date,
    issuer: str,
) -> tuple[tuple[DocumentRecord, ...], int]:
    """(documents, VNeID level) of one person."""
    today = as_of.toordinal()
    at14 = birthday_at(birth, 14).toordinal()
    docs = []
    if old_id:
        docs.append(_cmnd(rng, at14, old_id, issuer))
    kind, issued = _current_card(rng, birth, at14, age, today)
    if kind:
        issued_on = date.fromordinal(issued)
        docs.append(
            DocumentRecord(
                "can_cuoc" if kind == "can_cuoc" else "cccd",
                personal_id,
                issued_on,
                _expiry(birth, precision, issued_on),
                t.CARD_ISSUERS["can_cuoc" if kind == "can_cuoc" else "cccd"],
            )
        )
    return tuple(docs), _eid_level(rng, kind, age)


def _cmnd(rng: Random, at14: int, number: str, issuer: str) -> DocumentRecord:
    issued = date.fromordinal(randint(rng, max(at14, CMND_FIRST), max(at14, CMND_FIRST, CMND_LAST)))
    expires = date(issued.year + CMND_VALID_YEARS, issued.month, min(issued.day, 28))
    return DocumentRecord("cmnd", number, issued, expires, issuer)


def _current_card(rng: Random, birth: date, at14: int, age: int, today: int
                  ) -> tuple[str | None, int]:  # fmt: skip
    if age < 14:
        if rng.random() >= P_CHILD_CARD[age >= 6]:
            return None, 0
        start = max(CAN_CUOC_FIRST, birth.toordinal())
        return ("can_cuoc", randint(rng, start, today)) if start <= today else (None, 0)
    if at14 >= CAN_CUOC_FIRST:
        return ("can_cuoc", randint(rng, at14, today)) if rng.random() < 0.8 else (None, 0)
    r, kind = rng.random() * (1.15 if age >= 80 else 1.0), None
    for threshold, option in ADULT_CARDS:
        if r < threshold:
            kind = option
            break
    if kind is None:
        return None, 0
    first, last = {"chip": (CHIP_FIRST, CHIP_LAST), "can_cuoc": (CAN_CUOC_FIRST, today),
                   "barcode": (BARCODE_FIRST, BARCODE_LAST)}[kind]  # fmt: skip
    issued = randint(rng, first, last)
    if issued < at14:
        issued = min(at14 + randint(rng, 0, 200), today)
    return kind, issued


def _expiry(birth: date, precision: str, issued_on: date) -> date | None:
    if precision == "day":
        return card_expiry(birth, issued_on)
    month = birth.month if precision == "month" else None
    return card_expiry_partial(PartialDate(birth.year, month), issued_on)


def _eid_level(rng: Random, kind: str | None, age: int) -> int:
    r = rng.random()
    if kind in ("chip", "can_cuoc") and age >= 14:
        return 2 if r < 0.72 else 1 if r < 0.84 else 0
    if kind == "can_cuoc":
        return 2 if r < 0.25 and age >= 6 else 1 if r < 0.40 else 0
    return 1 if r < 0.15 and age >= 14 else 0
