"""Labelled defects: the dirt a real register holds, each one written to the ground truth.

Rates are configurable. `duplicate` and `missing_field` are shares of all records; the others
are shares of the records that can carry them (`dead_still_alive`: people aged 65+;
`stale_temporary`: people with a temporary residence; ID-number defects: people with a number).
A record carries at most one defect; duplicates are made only of clean records.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, replace
from datetime import date, timedelta
from random import Random

from cancuoc.registry.bulk import PersonRecord, RelativeRecord, ResidenceRecord, fold_words
from cancuoc.registry.synth import tables as t
from cancuoc.registry.synth.geography import Geography
from cancuoc.registry.synth.numbers import NumberBook
from cancuoc.registry.synth.people import Factory, address
from cancuoc.registry.synth.sampling import choice, randint
from cancuoc.rules.dates import format_date_vi

# Luật Cư trú 2020 Điều 29 khoản 1 điểm c: tạm trú is deleted after 6 consecutive months away.
STALE_ABSENCE_DAYS = 183
SEX_VI = {"male": "Nam", "female": "Nữ"}
MISSING = {
    "missing_ethnicity": "thiếu dân tộc",
    "missing_birth_registration_place": "thiếu nơi đăng ký khai sinh",
    "missing_permanent_address": "thiếu địa chỉ thường trú",
}
DEFECTS = ("duplicate", "id_wrong_year", "id_wrong_sex", "id_unknown_province",
           "dead_still_alive", "stale_temporary", *MISSING)  # fmt: skip
# Letters people confuse when typing Vietnamese names.
TYPOS = {"ư": "u", "ơ": "o", "â": "a", "ă": "a", "ê": "e", "ô": "o", "đ": "d", "á": "à",
         "à": "á", "ả": "ã", "ã": "ả", "ạ": "ậ", "é": "è", "í": "ì", "ó": "ò", "ú": "ù",
         "ý": "ỳ", "ờ": "ờ", "n": "m", "h": "k", "y": "i", "i": "y"}  # fmt: skip


@dataclass(frozen=True)
class DefectRates:
    """How often each defect appears (see the module docstring for what each rate is of)."""

    duplicate: float = 0.010
    id_wrong_year: float = 0.002
    id_wrong_sex: float = 0.002
    id_unknown_province: float = 0.001
    dead_still_alive: float = 0.03
    stale_temporary: float = 0.06
    missing_field: float = 0.008


@dataclass(frozen=True, slots=True)
class Truth:
    """One labelled defect: the record, the defect code, the original (duplicates), details."""

    record_id: str
    defect: str
    related_record_id: str = ""
    detail: str = ""


class Defects:
    """Puts defects into freshly built records and holds duplicates until they are due."""

    def __init__(self, *, rates: DefectRates, book: NumberBook, factory: Factory,
                 geography: Geography, as_of: date) -> None:  # fmt: skip
        self.rates, self.book, self.factory, self.geo = rates, book, factory, geography
        self.as_of = as_of
        self._pending: list[tuple[int, int, PersonRecord, str, str]] = []
        self._serial = 0

    def apply(self, rng: Random, records: list[PersonRecord], home_index: int):
        """[(record, [Truth])] for a household's records; may schedule duplicates."""
        out = []
        for record in records:
            record, truth = self._one(rng, record)
            out.append((record, [truth] if truth else []))
            if not truth and record.status == "alive" and rng.random() < self.rates.duplicate:
                self._schedule(rng, record, home_index)
        return out

    @property
    def waiting(self) -> int:
        """Duplicates scheduled but not yet due."""
        return len(self._pending)

    def due(self, home_index: int | None):
        """[(duplicate record, [Truth])] whose turn has come (all if None); ids given now."""
        out = []
        while self._pending and (home_index is None or self._pending[0][0] <= home_index):
            _, _, dup, original, detail = heapq.heappop(self._pending)
            dup = replace(dup, record_id=self.factory.next_record_id())
            out.append((dup, [Truth(dup.record_id, "duplicate", original, detail)]))
        return out

    # --- defects on a record ------------------------------------------------------------------

    def _one(self, rng: Random, r: PersonRecord) -> tuple[PersonRecord, Truth | None]:
        rates, x = self.rates, rng.random()
        if r.personal_id and r.status == "alive":
            if x < rates.id_wrong_year:
                return self._wrong_year(rng, r)
            x -= rates.id_wrong_year
            if x < rates.id_wrong_sex:
                return self._wrong_sex(r)
            x -= rates.id_wrong_sex
            if x < rates.id_unknown_province:
                return self._unknown_province(rng, r)
            x -= rates.id_unknown_province
        if x < rates.missing_field:
            return self._missing(rng, r)
        age = self.as_of.year - r.birth_date.year
        if age >= 65 and r.status == "alive" and rng.random() < rates.dead_still_alive:
            died = self.as_of - timedelta(days=randint(rng, 30, 1000))
            detail = f"đã chết ngày {format_date_vi(died)}, hồ sơ vẫn ghi còn sống"
            return r, Truth(r.record_id, "dead_still_alive", "", detail)
        temporary = [res for res in r.residences if res.kind == "temporary"]
        if temporary and rng.random() < rates.stale_temporary:
            return self._stale(rng, r, temporary[0])
        return r, None

    def _renumber(self, r: PersonRecord, number: str) -> PersonRecord:
        docs = tuple(replace(d, number=number) if d.number == r.personal_id else d
                     for d in r.documents)  # fmt: skip
        return replace(r, personal_id=number, documents=docs)

    def _wrong_year(self, rng, r):
        year = r.birth_date.year
        wrong = min(year + choice(rng, (-2, -1, 1, 2)), self.as_of.year)
        wrong = year - 1 if wrong == year else wrong
        number = self.book.personal_id(r.personal_id[:3], r.sex, wrong)
        detail = f"năm sinh trong số định danh là {wrong}, hồ sơ ghi {year}"
        return self._renumber(r, number), Truth(r.record_id, "id_wrong_year", "", detail)

    def _wrong_sex(self, r):
        other = "female" if r.sex == "male" else "male"
        number = self.book.personal_id(r.personal_id[:3], other, r.birth_date.year)
        detail = f"số định danh mang giới tính {SEX_VI[other]}, hồ sơ ghi {SEX_VI[r.sex]}"
        return self._renumber(r, number), Truth(r.record_id, "id_wrong_sex", "", detail)

    def _unknown_province(self, rng, r):
        code = choice(rng, t.UNKNOWN_PLACE_CODES)
        number = self.book.raw_id(code + r.personal_id[3:6])
        detail = f"mã nơi đăng ký khai sinh {code} không có trong bảng mã (Thông tư 07/2016/TT-BCA)"
        return self._renumber(r, number), Truth(r.record_id, "id_unknown_province", "", detail)

    def _missing(self, rng, r):
        defect = choice(rng, tuple(MISSING))
        if defect == "missing_ethnicity":
            r = replace(r, ethnicity="")
        elif defect == "missing_birth_registration_place":
            r = replace(r, birth_registration_place="")
        else:
            residences = tuple(replace(x, address="") if x.kind == "permanent" else x
                               for x in r.residences)  # fmt: skip
            r = replace(r, residences=residences, household_address="")
        return r, Truth(r.record_id, defect, "", MISSING[defect])

    def _stale(self, rng, r, temporary: ResidenceRecord):
        others = tuple(x for x in r.residences if x is not temporary)
        # Back home for over 6 months, but not before the temporary residence began.
        latest = self.as_of - timedelta(days=STALE_ABSENCE_DAYS + 7)
        earliest = self.as_of - timedelta(days=700)
        if temporary.started_on:
            earliest = max(earliest, temporary.started_on + timedelta(days=1))
        if rng.random() < 0.5 or earliest > latest:
            started = self.as_of - timedelta(days=randint(rng, 760, 1400))
            stale = replace(temporary, started_on=started, expires_on=started + timedelta(730))
            detail = (
                f"tạm trú hết hạn ngày {format_date_vi(stale.expires_on)}, chưa gia hạn hay xóa"
            )
            return replace(r, residences=(*others, stale)), Truth(
                r.record_id, "stale_temporary", "", detail)  # fmt: skip
        left = earliest + timedelta(days=randint(rng, 0, (latest - earliest).days))
        back = ResidenceRecord("current", r.unit_id, r.household_address, left)
        detail = f"đã rời nơi tạm trú từ {format_date_vi(left)} (quá 6 tháng), tạm trú chưa xóa"
        return replace(r, residences=(*r.residences, back)), Truth(
            r.record_id, "stale_temporary", "", detail)  # fmt: skip

    # --- duplicates ---------------------------------------------------------------------------

    def _schedule(self, rng: Random, r: PersonRecord, home_index: int) -> None:
        dup, notes = self._noisy_copy(rng, r)
        self._serial += 1
        detail = f"trùng với {r.record_id}: {'; '.join(notes)}"
        heapq.heappush(
            self._pending,
            (home_index + randint(rng, 3, 300), self._serial, dup, r.record_id, detail),
        )

    def _noisy_copy(self, rng: Random, r: PersonRecord) -> tuple[PersonRecord, list[str]]:
        name, birth, precision, unit_id, province_id = (
            r.full_name,
            r.birth_date,
            r.birth_precision,
            r.unit_id,
            r.province_id,
        )
        notes: list[str] = []
        for noise in rng.sample(NOISES, choice(rng, (1, 1, 2, 2, 3))):
            if noise == "bỏ dấu":
                name = " ".join(w.capitalize() for w in fold_words(name).split())
            elif noise == "sai chính tả":
                name = typo(rng, name)
            elif noise == "bỏ chữ đệm" and len(name.split()) > 2:
                parts = name.split()
                name = f"{parts[0]} {parts[-1]}"
            elif (
                noise == "đảo ngày/tháng"
                and precision == "day"
                and birth.day <= 12
                and birth.day != birth.month
            ):
                birth = date(birth.year, birth.day, birth.month)
            elif noise == "chỉ có năm sinh" and precision != "year":
                birth, precision = date(birth.year, 1, 1), "year"
            elif noise == "khác xã":
                place = self.geo.other_commune(rng, _place_of(self.geo, unit_id))
                unit_id, province_id = place.id, place.province_id
            else:
                continue
            notes.append(noise)
        if not notes:
            notes.append("giống hệt")
        number = None
        if rng.random() < 0.4:  # registered again and given a second number
            number = (
                self.book.personal_id(r.personal_id[:3], r.sex, birth.year)
                if r.personal_id
                else None
            )
        kin = tuple(RelativeRecord(k.kind, k.name, k.id_number, k.nationality)
                    for k in r.relatives if k.kind in ("father", "mother"))  # fmt: skip
        home = ResidenceRecord("permanent", unit_id, address(rng, True), birth)
        return replace(
            r, full_name=name, birth_date=birth, birth_precision=precision, unit_id=unit_id,
            province_id=province_id, personal_id=number,
            old_id_number=r.old_id_number if rng.random() < 0.5 else "",
            household_code="", relation_to_head="", household_address="",
            phone=r.phone if rng.random() < 0.3 else "", email="", eid_level=0,
            documents=(), relatives=kin, residences=(home,),
        ), notes  # fmt: skip


NOISES = ("bỏ dấu", "sai chính tả", "bỏ chữ đệm", "đảo ngày/tháng", "chỉ có năm sinh", "khác xã")


def typo(rng: Random, name: str) -> str:
    """One realistic typing mistake in the given or middle name (never the same name back)."""
    words = name.split()
    i = len(words) - 1 if len(words) < 3 or rng.random() < 0.7 else rng.randrange(1, len(words) - 1)
    word = words[i]
    spots = [k for k, c in enumerate(word.lower()) if c in TYPOS]
    if spots:
        k = choice(rng, spots)
        new = TYPOS[word[k].lower()]
        word = word[:k] + (new.upper() if word[k].isupper() else new) + word[k + 1 :]
    elif len(word) > 2:
        word = word[:-1]
    else:
        word = word + word[-1]
    words[i] = word
    return " ".join(words)


def _place_of(geo: Geography, unit_id: int):
    for place in geo.communes:
        if place.id == unit_id:
            return place
    return geo.communes[0]
