"""Where the synthetic people live: communes of one province read from the `areas` tables.

Default: Đồng Nai (code 75), starting with the former Nhơn Trạch district (the plan of seed
003) and the Biên Hòa wards, then the rest of the province, enough communes that each holds
5–50 thousand people (DESIGN.md, "Scale we design for").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from random import Random

from cancuoc.areas.models import Unit, UnitLink
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.synth.sampling import choice
from cancuoc.rules.idnumber import CURRENT_PROVINCE_OF_CODE, PROVINCE_CODES

DEFAULT_PROVINCE = "75"
# Current communes formed from the former Nhơn Trạch district, then the Biên Hòa wards.
PREFERRED_COMMUNES = {
    "75": ("26485", "26491", "26503", "26068", "26005", "26020", "26380", "26377", "26017",
           "26374", "26188", "26041", "25993"),
}  # fmt: skip
TARGET_COMMUNE_SIZE = 30_000
COMMUNE_SIZE_SPREAD = (0.55, 1.45)


@dataclass(frozen=True)
class Place:
    """A current commune with what the generator needs to write about people living there."""

    id: int
    code: str
    name: str
    province_id: int
    province_code: str
    rural: bool = True
    # (text of the place as written in birth records, 3-digit ID code of its province)
    birth_places: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Geography:
    """The communes to populate (with their sizes) and the rest of the country."""

    province_id: int
    province_code: str
    communes: tuple[Place, ...]
    sizes: tuple[int, ...]
    elsewhere: tuple[Place, ...] = ()
    foreign: dict[str, tuple[Place, ...]] = field(default_factory=dict)

    def code_of(self) -> dict[int, str]:
        """Unit id -> commune code, for every place known here."""
        places = [*self.communes, *self.elsewhere, *(p for ps in self.foreign.values() for p in ps)]
        return {p.id: p.code for p in places}

    def origin_commune(self, rng: Random, legacy_code: str) -> Place:
        """A commune of the current province that `legacy_code` (e.g. "038") now belongs to."""
        places = self.foreign.get(CURRENT_PROVINCE_OF_CODE.get(legacy_code, ""), ())
        return choice(rng, places or self.elsewhere or self.communes)

    def other_commune(self, rng: Random, place: Place) -> Place:
        """Another commune nearby: elsewhere in the province, else another target commune."""
        others = self.elsewhere or tuple(p for p in self.communes if p.id != place.id)
        return choice(rng, others or self.communes)


def load_geography(
    *,
    people: int,
    seed: int,
    province_code: str = DEFAULT_PROVINCE,
    commune_codes: list[str] | None = None,
    commune_count: int | None = None,
) -> Geography:
    """Read the units (current structure) and choose the communes to populate.

    Raises RegistryError in Vietnamese when the province or a commune code is unknown.
    """
    province = Unit.objects.filter(
        scheme=Unit.Scheme.V2025, level=Unit.Level.PROVINCE, code=province_code
    ).first()
    if province is None:
        raise RegistryError(
            f"Không có tỉnh/thành phố mã {province_code} trong danh mục đơn vị hành chính; "
            "hãy nạp đơn vị hành chính trước (cancuoc load_units)."
        )
    units = list(
        Unit.objects.filter(scheme=Unit.Scheme.V2025, level=Unit.Level.COMMUNE)
        .select_related("province")
        .order_by("code")
    )
    own = [u for u in units if u.province_id == province.pk]
    chosen = _choose(own, province_code, people, commune_codes, commune_count)
    birth = _birth_places(chosen, province)
    communes = tuple(_place(u, birth.get(u.pk, ())) for u in chosen)
    chosen_ids = {u.pk for u in chosen}
    foreign: dict[str, list[Place]] = {}
    for u in units:
        if u.province_id != province.pk:
            foreign.setdefault(u.province.code, []).append(_place(u))
    return Geography(
        province_id=province.pk,
        province_code=province_code,
        communes=communes,
        sizes=tuple(plan_sizes(people, len(communes), Random(f"{seed}:sizes"))),
        elsewhere=tuple(_place(u) for u in own if u.pk not in chosen_ids),
        foreign={k: tuple(v) for k, v in foreign.items()},
    )


def _choose(own, province_code, people, codes, count) -> list[Unit]:
    if not own:
        raise RegistryError(f"Tỉnh/thành phố mã {province_code} chưa có xã/phường nào.")
    by_code = {u.code: u for u in own}
    if codes:
        unknown = [c for c in codes if c not in by_code]
        if unknown:
            raise RegistryError(
                f"Mã xã/phường {', '.join(unknown)} không thuộc tỉnh/thành phố mã {province_code}."
            )
        return [by_code[c] for c in dict.fromkeys(codes)]
    preferred = [by_code[c] for c in PREFERRED_COMMUNES.get(province_code, ()) if c in by_code]
    ordered = preferred + [u for u in own if u not in preferred]
    count = count or math.ceil(people / TARGET_COMMUNE_SIZE)
    return ordered[: max(1, min(count, len(ordered)))]


def plan_sizes(people: int, communes: int, rng: Random) -> list[int]:
    """Split `people` between communes with sizes varying ±45 % around the mean."""
    weights = [rng.uniform(*COMMUNE_SIZE_SPREAD) for _ in range(communes)]
    total = sum(weights)
    exact = [people * w / total for w in weights]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(communes), key=lambda i: exact[i] - sizes[i], reverse=True)
    for i in by_remainder[: people - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _place(unit: Unit, birth_places: tuple[tuple[str, str], ...] = ()) -> Place:
    return Place(
        id=unit.pk,
        code=unit.code,
        name=unit.full_name,
        province_id=unit.province_id,
        province_code=unit.province.code if unit.province_id else "",
        rural=unit.kind.lower() == "xã",
        birth_places=birth_places,
    )


def _birth_places(chosen: list[Unit], province: Unit) -> dict[int, tuple[tuple[str, str], ...]]:
    """Legacy communes each chosen commune was formed from, as written in birth records."""
    links = UnitLink.objects.filter(new__in=chosen).select_related("old__parent", "old__province")
    found: dict[int, list[tuple[str, str]]] = {}
    for link in links.order_by("old__code"):
        old = link.old
        parts = [old.full_name, old.parent.full_name if old.parent_id else ""]
        parts.append(old.province.full_name if old.province_id else "")
        code = f"0{old.province.code}" if old.province_id else ""
        found.setdefault(link.new_id, []).append(
            (", ".join(p for p in parts if p), code if code in PROVINCE_CODES else "")
        )
    fallback = _province_birth_code(province.code)
    result = {}
    for unit in chosen:
        places = found.get(unit.pk) or [(f"{unit.full_name}, {province.full_name}", "")]
        result[unit.pk] = tuple((text, code or fallback) for text, code in places)
    return result


def _province_birth_code(current_code: str) -> str:
    """The 3-digit birth-registration code of a current province ("75" -> "075")."""
    if f"0{current_code}" in PROVINCE_CODES:
        return f"0{current_code}"
    return next(
        (old for old, new in CURRENT_PROVINCE_OF_CODE.items() if new == current_code), "001"
    )
