"""Households assembled from a pool of people drawn from the age pyramid.

The pool is drawn first (so ages and sexes follow the pyramid exactly), then people are
matched into couples, children go to a couple whose wife's age fits, elderly parents move in
with a son or daughter, children left over live with a single mother or their grandparents,
and everyone else lives alone. Heads and relation labels ("Chủ hộ", "Vợ", "Con", "Cha"...)
are set last.
"""

from __future__ import annotations

from random import Random

from cancuoc.registry.synth import tables as t
from cancuoc.registry.synth.sampling import Weighted, choice, interval_table, randint

MALE, FEMALE = "male", "female"
_AGES = range(t.MAX_AGE + 1)
_SPREAD = (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6)


def _single_ages() -> Weighted[int]:
    pairs = []
    for group, share in enumerate(t.AGE_GROUP_SHARES[:-1]):
        pairs += [(5 * group + k, share / 5) for k in range(5)]
    tail = [0.82**k for k in range(t.MAX_AGE - 84)]  # 85+: thinning out to 100
    pairs += [(85 + k, t.AGE_GROUP_SHARES[-1] * w / sum(tail)) for k, w in enumerate(tail)]
    return Weighted(pairs)


AGES = _single_ages()
MALE_SHARE = [r / (r + 100) for g in t.SEX_RATIOS for r in [g] * 5][: t.MAX_AGE + 1]
MALE_SHARE += [MALE_SHARE[-1]] * (t.MAX_AGE + 1 - len(MALE_SHARE))
P_WIFE = interval_table(t.P_WIFE, t.MAX_AGE)
P_STAY = interval_table(t.P_STAY_WITH_PARENTS, 40)
GAP = Weighted(t.HUSBAND_AGE_GAP)
MOTHER_AGE = Weighted(t.MOTHER_AGE_AT_BIRTH)
CHILDREN = Weighted(t.CHILDREN_WANTED)


class Member:
    """One person of a household while it is being put together."""

    __slots__ = ("age", "sex", "father", "mother", "spouse", "grandchild", "sibling",
                 "relation", "single_parent",
                 # filled in by people.py: name, birth, numbers
                 "surname", "full_name", "birth", "precision", "born_at", "personal_id",
                 "record_id", "old_id")  # fmt: skip

    def __init__(self, age: int, sex: str) -> None:
        self.age, self.sex = age, sex
        self.father = self.mother = self.spouse = None
        self.grandchild = self.sibling = self.single_parent = False
        self.relation = ""


class Home:
    """A household being assembled: members, the couple at its centre, room for children."""

    __slots__ = ("members", "couple", "room", "parents_in", "head", "migrant")

    def __init__(self, members: list[Member], couple: tuple[Member, Member] | None = None):
        self.members, self.couple = members, couple
        self.room, self.parents_in, self.head, self.migrant = 0, False, members[0], False


def draw_pool(rng: Random, n: int) -> dict[str, list[int]]:
    """n people as counts by sex and single year of age."""
    pool = {MALE: [0] * (t.MAX_AGE + 1), FEMALE: [0] * (t.MAX_AGE + 1)}
    for _ in range(n):
        age = AGES.pick(rng)
        pool[MALE if rng.random() < MALE_SHARE[age] else FEMALE][age] += 1
    return pool


def assemble(rng: Random, pool: dict[str, list[int]]) -> list[Home]:
    """Everyone in `pool` placed in exactly one household, in random order."""
    homes: list[Home] = []
    by_wife: list[list[Home]] = [[] for _ in _AGES]
    by_husband: list[list[Home]] = [[] for _ in _AGES]
    _couples(rng, pool, homes, by_wife, by_husband)
    _children(rng, pool, by_wife)
    _elderly(rng, pool, homes, by_husband)
    _orphans(rng, pool, homes, by_husband)
    homes = [h for h in homes if h.members]
    for home in homes:
        _choose_head(rng, home)
    homes += _siblings_and_singles(rng, pool, homes)
    rng.shuffle(homes)
    for home in homes:
        _label(home)
    return homes


def _siblings_and_singles(rng, pool, homes) -> list[Home]:
    """Adults left over live with a brother or sister who heads a household, or alone."""
    by_head_age: list[list[Home]] = [[] for _ in _AGES]
    for home in homes:
        by_head_age[home.head.age].append(home)
    alone = []
    for sex in (MALE, FEMALE):
        for age in _AGES:
            for _ in range(pool[sex][age]):
                member = Member(age, sex)
                p = t.P_LIVE_WITH_SIBLING.get(age // 10 * 10, 0.0)
                home = _sibling_home(rng, by_head_age, age) if rng.random() < p else None
                if home is None:
                    alone.append(Home([member]))
                    continue
                member.sibling = True
                home.members.append(member)
            pool[sex][age] = 0
    return alone


def _sibling_home(rng: Random, by_head_age: list[list[Home]], age: int) -> Home | None:
    for _ in range(4):
        homes = by_head_age[max(0, min(t.MAX_AGE, age + randint(rng, -10, 10)))]
        if homes:
            return homes[int(rng.random() * len(homes))]
    return None


def _take_near(counts: list[int], target: int, spread: int = 5) -> int | None:
    for d in _SPREAD[: 2 * spread + 1]:
        age = target + d
        if 0 <= age <= t.MAX_AGE and counts[age] > 0:
            counts[age] -= 1
            return age
    return None


def _couples(rng, pool, homes, by_wife, by_husband) -> None:
    for age in range(15, t.MAX_AGE + 1):
        for _ in range(pool[FEMALE][age]):
            if rng.random() >= P_WIFE[age]:
                continue
            husband_age = _take_near(pool[MALE], age + GAP.pick(rng))
            if husband_age is None:
                continue
            pool[FEMALE][age] -= 1
            husband, wife = Member(husband_age, MALE), Member(age, FEMALE)
            husband.spouse, wife.spouse = wife, husband
            home = Home([husband, wife], (husband, wife))
            home.room = CHILDREN.pick(rng)
            homes.append(home)
            by_wife[age].append(home)
            by_husband[husband_age].append(home)


def _children(rng, pool, by_wife) -> None:
    for age in range(0, 41):
        for sex in (MALE, FEMALE):
            for _ in range(pool[sex][age]):
                if age >= 18 and rng.random() >= P_STAY[age]:
                    continue
                home = _mother_for(rng, age, by_wife)
                if home is None:
                    continue
                pool[sex][age] -= 1
                child = Member(age, sex)
                child.father, child.mother = home.couple
                home.members.append(child)


def _mother_for(rng: Random, child_age: int, by_wife: list[list[Home]]) -> Home | None:
    target = child_age + MOTHER_AGE.pick(rng)
    for d in _SPREAD:
        age = target + d
        if age - child_age < 16 or age > t.MAX_AGE or not by_wife[age]:
            continue
        homes = by_wife[age]
        i = int(rng.random() * len(homes))
        home = homes[i]
        home.room -= 1
        if home.room <= 0:
            homes[i] = homes[-1]
            homes.pop()
        return home
    return None


def _child_home(rng, by_husband, low: int, high: int, exclude: Home | None = None):
    """A couple whose husband's age is in [low, high] and who have no parent living in."""
    for _ in range(6):
        age = randint(rng, max(low, 18), min(high, t.MAX_AGE)) if high >= max(low, 18) else None
        if age is None:
            return None
        homes = by_husband[age]
        if homes:
            home = homes[int(rng.random() * len(homes))]
            if home is not exclude and home.members and not home.parents_in:
                return home
    return None


def _elderly(rng, pool, homes, by_husband) -> None:
    for home in homes:  # elderly couples with no child at home may live with a son
        if len(home.members) != 2 or home.couple[0].age < 62:
            continue
        if rng.random() >= t.P_ELDERLY_COUPLE_WITH_SON:
            continue
        old_man, old_woman = home.couple
        son_home = _child_home(rng, by_husband, old_woman.age - 42, old_woman.age - 20, home)
        if son_home is None:
            continue
        son = son_home.couple[0]
        son.father, son.mother = old_man, old_woman
        son_home.members += [old_man, old_woman]
        son_home.parents_in, home.members = True, []
    for sex in (MALE, FEMALE):  # widowed parents may live with a child
        for age in range(60, t.MAX_AGE + 1):
            for _ in range(pool[sex][age]):
                if rng.random() >= t.P_ELDERLY_SINGLE_WITH_CHILD:
                    continue
                child_home = _child_home(rng, by_husband, age - 42, age - 18)
                if child_home is None:
                    continue
                pool[sex][age] -= 1
                parent = Member(age, sex)
                child = child_home.couple[0 if rng.random() < 0.75 else 1]
                if sex == MALE:
                    child.father = parent
                else:
                    child.mother = parent
                child_home.members.append(parent)
                child_home.parents_in = True


def _orphans(rng, pool, homes, by_husband) -> None:
    """Children no couple took: with a single mother, else with their grandparents."""
    for age in range(0, 18):
        for sex in (MALE, FEMALE):
            for _ in range(pool[sex][age]):
                pool[sex][age] -= 1
                child = Member(age, sex)
                mother_age = _take_near(pool[FEMALE], age + MOTHER_AGE.pick(rng), 6)
                if mother_age is not None:
                    mother = Member(mother_age, FEMALE)
                    mother.single_parent, child.mother = True, mother
                    homes.append(Home([mother, child]))
                    continue
                child.grandchild = True
                home = _child_home(rng, by_husband, age + 40, age + 75) or _any_home(rng, homes)
                if home is None:
                    homes.append(Home([child]))
                else:
                    home.members.append(child)


def _any_home(rng: Random, homes: list[Home]) -> Home | None:
    for _ in range(20):
        home = choice(rng, homes) if homes else None
        if home is None or home.members:
            return home
    return None


def _choose_head(rng: Random, home: Home) -> None:
    members = home.members
    if home.couple and home.couple[0] in members:
        husband, wife = home.couple
        elder = husband.father or husband.mother
        if home.parents_in and elder in members and rng.random() < 0.3:
            home.head = elder
        else:
            home.head = wife if rng.random() < t.P_HEAD_IS_WIFE else husband
    else:
        home.head = max(members, key=lambda m: m.age)


def _label(home: Home) -> None:
    head = home.head
    home.members.sort(key=lambda m: (m is not head, -m.age))
    for m in home.members:
        m.relation = relation_to_head(m, head)


def _is_child_of(m: Member, parent: Member | None) -> bool:
    return parent is not None and (m.father is parent or m.mother is parent)


def relation_to_head(m: Member, head: Member) -> str:
    """The label of `m` in the household register, seen from the head."""
    spouse = head.spouse
    female = m.sex == FEMALE
    if m is head:
        return "Chủ hộ"
    if m is spouse:
        return "Vợ" if female else "Chồng"
    if _is_child_of(m, head) or _is_child_of(m, spouse):
        return "Con"
    if head.father is m or head.mother is m:
        return "Mẹ" if female else "Cha"
    if spouse is not None and (spouse.father is m or spouse.mother is m):
        side = "vợ" if head.sex == MALE else "chồng"
        return f"{'Mẹ' if female else 'Cha'} {side}"
    if m.spouse is not None and (_is_child_of(m.spouse, head) or _is_child_of(m.spouse, spouse)):
        return "Con dâu" if female else "Con rể"
    if m.sibling:
        return "Em" if m.age < head.age else ("Chị" if female else "Anh")
    return "Cháu"
