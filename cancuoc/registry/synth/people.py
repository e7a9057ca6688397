"""The people of one household as `PersonRecord`s: names, dates, numbers, cards, residences.

Households come from `households.assemble`; everything random is drawn from the `rng` passed
in, so the same seed gives the same people. Numbers come from the shared `NumberBook`.
"""

from __future__ import annotations

from bisect import bisect
from datetime import date, timedelta
from random import Random

from cancuoc.registry.bulk import PersonRecord, RelativeRecord, ResidenceRecord, fold_words
from cancuoc.registry.synth import tables as t
from cancuoc.registry.synth.cards import cards_for
from cancuoc.registry.synth.geography import Geography, Place
from cancuoc.registry.synth.households import FEMALE, Home, Member
from cancuoc.registry.synth.numbers import NumberBook
from cancuoc.registry.synth.sampling import Weighted, choice, randint
from cancuoc.rules import catalogues
from cancuoc.rules.idnumber import PROVINCE_CODES

DAYS_PER_YEAR = 365.2425
TEMPORARY_TERM = timedelta(days=730)  # Luật Cư trú 2020 Điều 27 khoản 3: at most 2 years
CITIES = {"001", "031", "048", "079", "092"}  # thành phố trực thuộc trung ương (legacy codes)
P_MIGRANT_SINGLE, P_MIGRANT_COUPLE = 0.45, 0.12
P_HOME_FROM_ELSEWHERE, P_SPOUSE_FROM_ELSEWHERE = 0.30, 0.15
P_ABSENT, P_ABROAD, P_DEAD_ALONE = 0.05, 0.012, 0.08
MARRIED_IN = frozenset({"Vợ", "Chồng", "Con dâu", "Con rể", "Cha vợ", "Mẹ vợ", "Cha chồng",
                        "Mẹ chồng"})  # fmt: skip


def province_text(code: str) -> str:
    """ "038" -> "Tỉnh Thanh Hóa", "079" -> "Thành phố Hồ Chí Minh"."""
    return f"{'Thành phố' if code in CITIES else 'Tỉnh'} {PROVINCE_CODES[code]}"


class HomeFacts:
    """What the members of one household share."""

    __slots__ = ("unit", "temp", "code", "address", "ethnicity", "religion", "surname",
                 "origin", "moved", "hometown", "temp_address", "temp_start")  # fmt: skip


class Tables:
    """The weighted tables of one population, resolved to catalogue codes once."""

    def __init__(self, province_code: str) -> None:
        key = province_code if province_code in t.ETHNICITY_PROFILES else "*"
        self.ethnicity = _coded(catalogues.ETHNICITIES, t.ETHNICITY_PROFILES[key])
        self.ethnic_name = {catalogues.ETHNICITIES.resolve(n).code: n
                            for n, _ in t.ETHNICITY_PROFILES[key]}  # fmt: skip
        key = province_code if province_code in t.RELIGION_PROFILES else "*"
        self.religion = _coded(catalogues.RELIGIONS, t.RELIGION_PROFILES[key])
        self.blood = _coded(catalogues.BLOOD_GROUPS, t.BLOOD_GROUPS)
        self.marital = {k: catalogues.MARITAL_STATUSES.resolve(n).code for k, n in (
            ("single", "Chưa kết hôn"), ("married", "Đã kết hôn"), ("divorced", "Ly hôn"),
            ("widowed", "Góa"))}  # fmt: skip
        tail = t.SURNAMES_TAIL_SHARE / sum(1 / (r + 3) for r in range(len(t.SURNAMES_TAIL)))
        self.surnames = Weighted(t.SURNAMES_MAIN + [
            (s, tail / (r + 3)) for r, s in enumerate(t.SURNAMES_TAIL)])  # fmt: skip
        self.ethnic_surnames = {e: Weighted.ranked(s) for e, s in t.SURNAMES_BY_ETHNICITY.items()}
        self.middle = {sex: Weighted.ranked(names) for sex, names in t.MIDDLE_NAMES.items()}
        self.given = {key: Weighted.ranked(names) for key, names in t.GIVEN_NAMES.items()}
        self.origins = Weighted(t.MIGRANT_ORIGINS)
        self.abroad_to = Weighted(t.FOREIGN_DESTINATIONS)


class Factory:
    """Builds the records of the households of one commune, with that commune's counters."""

    def __init__(self, *, tables: Tables, geography: Geography, book: NumberBook,
                 as_of: date, prefix: str, commune: Place) -> None:  # fmt: skip
        self.t, self.geo, self.book, self.as_of = tables, geography, book, as_of
        self.today = as_of.toordinal()
        self.record_prefix = f"{prefix}-{commune.code}-"
        self.household_prefix = f"{prefix}-HK-{commune.code}-"
        self.record_no = self.household_no = 0
        self.abroad: dict[str, str] = {}  # record id -> country (no unit to store it under)
        self.issuers: dict[str, str] = {}

    # --- households ------------------------------------------------------------------------

    def home_records(self, rng: Random, home: Home, place: Place) -> list[PersonRecord]:
        """The records of one household living in `place`, head first."""
        h = self._home_facts(rng, home, place)
        for m in home.members:
            m.record_id = self.next_record_id()
        for m in sorted(home.members, key=lambda m: -m.age):
            self._identity(rng, m, h, home.head)
        in_home = {id(m) for m in home.members}
        return [self._record(rng, m, h, home, in_home) for m in home.members]

    def next_record_id(self) -> str:
        self.record_no += 1
        return f"{self.record_prefix}{self.record_no:06d}"

    def household_code(self) -> str:
        self.household_no += 1
        return f"{self.household_prefix}{self.household_no:06d}"

    def _home_facts(self, rng: Random, home: Home, place: Place) -> HomeFacts:
        h = HomeFacts()
        head = home.head
        size = len(home.members)
        migrant = 18 <= head.age <= 40 and rng.random() < (
            P_MIGRANT_SINGLE if size == 1 else P_MIGRANT_COUPLE if not home.parents_in else 0
        )
        h.origin = (
            self.t.origins.pick(rng) if migrant or rng.random() < P_HOME_FROM_ELSEWHERE else None
        )
        h.unit = self.geo.origin_commune(rng, h.origin) if migrant else place
        h.temp = place if migrant else None
        h.code = self.household_code()
        h.address = address(rng, h.unit.rural if not migrant else True)
        h.ethnicity = self.t.ethnicity.pick(rng)
        h.religion = self.t.religion.pick(rng)
        h.surname = self._surname(rng, h.ethnicity)
        h.moved = self.today - randint(rng, 365, 35 * 365) if h.origin and not migrant else None
        hometown = h.origin or (self.t.origins.pick(rng) if rng.random() < 0.4 else None)
        h.hometown = province_text(hometown) if hometown else None
        if migrant:
            h.temp_start = date.fromordinal(self.today - randint(rng, 30, 700))
            h.temp_address = f"Phòng trọ số {randint(rng, 1, 40)}, {address(rng, place.rural)}"
        return h

    def _surname(self, rng: Random, ethnicity: str) -> str:
        table = self.t.ethnic_surnames.get(self.t.ethnic_name.get(ethnicity, ""))
        return (table or self.t.surnames).pick(rng)

    # --- one person --------------------------------------------------------------------------

    def _identity(self, rng: Random, m: Member, h: HomeFacts, head: Member) -> None:
        m.surname = _family_name(rng, m, h, head) or self._surname(rng, h.ethnicity)
        days = int((m.age + rng.random()) * DAYS_PER_YEAR)
        m.birth = date.fromordinal(self.today - days)
        m.precision = _precision(rng, m.birth.year)
        cohort = bisect(t.COHORT_STARTS, m.birth.year)
        classic, shares = t.CLASSIC_MIDDLE[m.sex]
        middle = classic if rng.random() < shares[cohort] else self.t.middle[m.sex].pick(rng)
        given = self.t.given[(m.sex, cohort)].pick(rng)
        m.full_name = f"{m.surname} {middle} {given}"
        m.born_at = self._born_at(rng, m, h)
        m.personal_id = self.book.personal_id(m.born_at[1], m.sex, m.birth.year)
        m.old_id = self._cmnd(rng, m)

    def _born_at(self, rng: Random, m: Member, h: HomeFacts) -> tuple[str, str]:
        """(birth place text, 3-digit code) for this member."""
        origin = h.origin
        if h.moved is not None and self.today - int(m.age * DAYS_PER_YEAR) > h.moved:
            origin = None  # born after the family moved here
        if origin is None and m.relation in MARRIED_IN:
            origin = self.t.origins.pick(rng) if rng.random() < P_SPOUSE_FROM_ELSEWHERE else None
        if origin:
            return province_text(origin), origin
        places = (h.temp or h.unit).birth_places or self.geo.communes[0].birth_places
        return choice(rng, places) if places else (province_text("075"), "075")

    def _cmnd(self, rng: Random, m: Member) -> str:
        year = m.birth.year
        p = 0.70 if year < 1995 else 0.45 if year < 2000 else 0.15 if year < 2002 else 0.0
        if rng.random() >= p:
            return ""
        return self.book.cmnd(t.CMND_PREFIX.get(m.born_at[1], "27"))

    def _record(self, rng: Random, m: Member, h: HomeFacts, home: Home, in_home: set[int]
                ) -> PersonRecord:  # fmt: skip
        adult = m.age >= 18
        dead = len(home.members) == 1 and m.age >= 70 and rng.random() < P_DEAD_ALONE
        death = date.fromordinal(self.today - randint(rng, 30, 1800)) if dead else None
        docs, eid = cards_for(rng, birth=m.birth, precision=m.precision, age=m.age,
                              personal_id=m.personal_id, old_id=m.old_id, as_of=self.as_of,
                              issuer=self._issuer(m.born_at[1]))  # fmt: skip
        return PersonRecord(
            full_name=m.full_name, birth_date=m.birth, sex=m.sex, unit_id=h.unit.id,
            province_id=h.unit.province_id, birth_precision=m.precision, record_id=m.record_id,
            personal_id=m.personal_id, old_id_number=m.old_id,
            other_name=choice(rng, t.OTHER_NAMES) if m.age >= 40 and rng.random() < 0.03 else "",
            birthplace=m.born_at[0], birth_registration_place=m.born_at[0],
            hometown=self._hometown(rng, m, h), ethnicity=h.ethnicity,
            religion=h.religion if rng.random() < 0.95 else self.t.religion.pick(rng),
            blood_group=self.t.blood.pick(rng) if rng.random() < t.P_BLOOD_GROUP_KNOWN else "",
            marital_status=self._marital(rng, m) if adult else "",
            household_code="" if dead else h.code, relation_to_head="" if dead else m.relation,
            household_address=h.address, status="dead" if dead else "alive", death_date=death,
            phone=self.book.phone(rng) if m.age >= 16 and not dead and rng.random() < 0.88 else "",
            email=_email(rng, m) if 18 <= m.age <= 45 and rng.random() < 0.2 else "",
            eid_level=0 if dead else eid, documents=docs,
            residences=self._residences(rng, m, h, death), relatives=_relatives(m, in_home),
        )  # fmt: skip

    def _issuer(self, code: str) -> str:
        """Who issued a CMND: the police of the province the person comes from."""
        if code not in self.issuers:
            text = province_text(code)
            self.issuers[code] = f"Công an {text[0].lower()}{text[1:]}"
        return self.issuers[code]

    def _hometown(self, rng: Random, m: Member, h: HomeFacts) -> str:
        """Quê quán: the family's for its own line, the birth province for those who married in."""
        if h.hometown is not None and m.relation not in MARRIED_IN:
            return h.hometown
        return province_text(m.born_at[1])

    def _marital(self, rng: Random, m: Member) -> str:
        r = rng.random()
        if m.spouse is not None:
            key = "married"
        elif m.single_parent:
            key = "divorced" if r < 0.4 else "widowed" if r < 0.7 else "single"
        elif m.age >= 55:
            widow = 0.7 if m.sex == FEMALE else 0.5
            key = "widowed" if r < widow else "divorced" if r < widow + 0.1 else "single"
        elif m.age >= 30:
            key = "single" if r < 0.75 else "divorced" if r < 0.95 else "widowed"
        else:
            key = "single"
        return self.t.marital[key]

    def _residences(self, rng, m, h, death) -> tuple[ResidenceRecord, ...]:
        started = (
            m.birth
            if h.moved is None or m.birth.toordinal() > h.moved
            else date.fromordinal(h.moved)
        )
        if death is not None:
            return (ResidenceRecord("permanent", h.unit.id, h.address, started, ended_on=death,
                                    end_reason="Chết"),)  # fmt: skip
        home = ResidenceRecord("permanent", h.unit.id, h.address, started)
        if h.temp is not None:
            return (home, ResidenceRecord("temporary", h.temp.id, h.temp_address, h.temp_start,
                                          h.temp_start + TEMPORARY_TERM))  # fmt: skip
        if 18 <= m.age <= 45 and m.relation not in ("Chủ hộ",):
            r = rng.random()
            if r < P_ABROAD:
                self.abroad[m.record_id] = self.t.abroad_to.pick(rng)
            elif r < P_ABROAD + P_ABSENT:
                away = self._destination(rng, h.unit)
                since = date.fromordinal(self.today - randint(rng, 30, 900))
                return (home, ResidenceRecord("current", away.id, address(rng, away.rural), since))
        return (home,)

    def _destination(self, rng: Random, place: Place) -> Place:
        if rng.random() < 0.4 and self.geo.foreign.get("79"):
            return choice(rng, self.geo.foreign["79"])
        return self.geo.other_commune(rng, place)


def _coded(catalogue, pairs) -> Weighted[str]:
    return Weighted([(catalogue.resolve(name).code, w) for name, w in pairs])


def _family_name(rng: Random, m: Member, h: HomeFacts, head: Member) -> str | None:
    if m.father is not None:
        return m.father.surname
    if m.mother is not None and m.mother.single_parent:
        return m.mother.surname
    if m is head or m is head.father or (m.sibling and rng.random() < 0.7):
        return h.surname
    if m.grandchild and rng.random() < 0.7:
        return h.surname
    return None


def _precision(rng: Random, year: int) -> str:
    r = rng.random()
    if year < 1950:
        return "year" if r < 0.18 else "month" if r < 0.22 else "day"
    if year < 1975:
        return "year" if r < 0.04 else "month" if r < 0.06 else "day"
    return "day"


def address(rng: Random, rural: bool) -> str:
    """The part of an address below the commune: house number, group, hamlet or street."""
    if rural:
        return f"Tổ {randint(rng, 1, 25)}, {choice(rng, t.HAMLETS)}"
    return (
        f"Số {randint(rng, 1, 450)}, đường {choice(rng, t.STREETS)}, khu phố {randint(rng, 1, 12)}"
    )


def _email(rng: Random, m: Member) -> str:
    given = fold_words(m.full_name.rsplit(" ", 1)[-1])
    return f"{given}.{fold_words(m.surname)}{randint(rng, 1, 9999)}@gmail.com".replace(" ", "")


def _relatives(m: Member, in_home: set[int]) -> tuple[RelativeRecord, ...]:
    """Father, mother and spouse living in the household, and the representative under 14."""
    kin = []
    for kind, other in (("father", m.father), ("mother", m.mother), ("spouse", m.spouse)):
        if other is not None and id(other) in in_home:
            kin.append(RelativeRecord(kind, other.full_name, other.personal_id, "VN",
                                      other.record_id))  # fmt: skip
    if m.age < 14:
        rep = m.father if m.father is not None and id(m.father) in in_home else m.mother
        if rep is not None and id(rep) in in_home:
            kin.append(RelativeRecord("representative", rep.full_name, rep.personal_id, "VN",
                                      rep.record_id))  # fmt: skip
    return tuple(kin)
