"""Resolve what a person or an import file wrote to the one unit valid on a date.

Accepted: a code ("25993", "2" for province 02), or a name with or without diacritics and kind
("Trảng Dài", "P. Trang Dai"), optionally followed by the province ("Trảng Dài, Đồng Nai") and,
for the legacy structure, the district in between ("Hóa An, Biên Hòa, Đồng Nai"). A province
may be named by its old or its new name. Anything else raises AreasError with a message that
names the ambiguity, the unknown unit or the date on which the unit was not valid.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from django.db.models import Q

from cancuoc.areas.errors import AreasError
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.areas.naming import TypedName, parse_typed_name, province_keys, same_spelling
from cancuoc.rules.dates import format_date_vi
from cancuoc.rules.names import fold

PROVINCE, DISTRICT, COMMUNE = Unit.Level.PROVINCE, Unit.Level.DISTRICT, Unit.Level.COMMUNE
# Codes of the national catalogue (NSO): province 2 digits, district 3, commune 5.
CODE_WIDTHS = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}
MAX_LISTED = 5


def code_variants(text: str, level: str | None = None) -> set[str]:
    """ "2" -> {"2", "02", "002", "00002"}: codes are zero-padded but often typed without."""
    widths = [CODE_WIDTHS[level]] if level else CODE_WIDTHS.values()
    return {text} | {text.zfill(w) for w in widths if len(text) <= w}


def describe(unit: Unit) -> str:
    """ "Phường Hóa An (Thành phố Biên Hòa, Tỉnh Đồng Nai; mã 26068)"."""
    places = [u.full_name for u in (unit.parent, unit.province) if u is not None]
    places = list(dict.fromkeys(places))  # a current commune's parent is its province
    return f"{unit.full_name} ({', '.join([*places, f'mã {unit.code}'])})"


class _Lookup(Protocol):
    def by_codes(self, codes: set[str], level: str) -> list[Unit]: ...
    def by_keys(self, keys: set[str], level: str) -> list[Unit]: ...
    def province_ids(self, text: str) -> set[int]: ...
    def successors(self, unit: Unit) -> list[Unit]: ...


class _Database:
    """Answers each question with a query (for one-off lookups)."""

    def _units(self, level: str):
        return Unit.objects.filter(level=level).select_related("parent", "province")

    def by_codes(self, codes, level):
        return list(self._units(level).filter(code__in=codes))

    def by_keys(self, keys, level):
        return list(self._units(level).filter(name_key__in=keys))

    def province_ids(self, text):
        codes = code_variants(text, PROVINCE) if text.isdigit() else set()
        match = Q(name_key__in=province_keys(text)) | Q(code__in=codes)
        ids = set(Unit.objects.filter(match, level=PROVINCE).values_list("pk", flat=True))
        pairs = UnitLink.objects.filter(Q(old_id__in=ids) | Q(new_id__in=ids))
        return ids | {pk for pair in pairs.values_list("old_id", "new_id") for pk in pair}

    def successors(self, unit):
        units = Unit.objects.filter(links_from_old__old=unit).select_related("parent", "province")
        return list(units.order_by("-links_from_old__is_default", "code"))


class _Memory:
    """Loads one level's units once; for imports that resolve thousands of rows."""

    def __init__(self, level: str) -> None:
        units = list(Unit.objects.filter(level=level).select_related("parent", "province"))
        self.units_by_code, self.units_by_key = _index(units, "code"), _index(units, "name_key")
        provinces = list(Unit.objects.filter(level=PROVINCE).values_list("pk", "code", "name_key"))
        self.province_by_code = _pairs_index((code, pk) for pk, code, _ in provinces)
        self.province_by_key = _pairs_index((key, pk) for pk, _, key in provinces)
        self.province_links = defaultdict(set)
        for old, new in UnitLink.objects.filter(old__level=PROVINCE).values_list("old", "new"):
            self.province_links[old].add(new)
            self.province_links[new].add(old)
        self.next_units = defaultdict(list)
        links = UnitLink.objects.filter(old__level=level).select_related(
            "new__parent", "new__province"
        )
        for link in links.order_by("-is_default", "new__code"):
            self.next_units[link.old_id].append(link.new)

    def by_codes(self, codes, level):
        return [u for code in codes for u in self.units_by_code.get(code, [])]

    def by_keys(self, keys, level):
        return [u for key in keys for u in self.units_by_key.get(key, [])]

    def province_ids(self, text):
        codes = code_variants(text, PROVINCE) if text.isdigit() else set()
        ids = {pk for c in codes for pk in self.province_by_code.get(c, [])}
        ids |= {pk for k in province_keys(text) for pk in self.province_by_key.get(k, [])}
        return ids | {linked for pk in ids for linked in self.province_links[pk]}

    def successors(self, unit):
        return self.next_units.get(unit.pk, [])


def _index(units: list[Unit], attribute: str) -> dict[str, list[Unit]]:
    index: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        index[getattr(unit, attribute)].append(unit)
    return index


def _pairs_index(pairs: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for key, pk in pairs:
        index[key].append(pk)
    return index


def resolve_unit(text: str, *, on: dt.date, level: str = COMMUNE) -> Unit:
    """The one unit of `level` that `text` names and that is valid on `on`; else AreasError."""
    return _resolve(text, on=on, level=level, lookup=_Database())


class UnitResolver:
    """resolve_unit for many rows on one date: loads the level once and remembers answers."""

    def __init__(self, *, on: dt.date, level: str = COMMUNE) -> None:
        self.on, self.level = on, level
        self._lookup = _Memory(level)
        self._answers: dict[str, Unit | AreasError] = {}

    def __call__(self, text: str) -> Unit:
        if text not in self._answers:
            try:
                self._answers[text] = _resolve(
                    text, on=self.on, level=self.level, lookup=self._lookup
                )
            except AreasError as exc:
                self._answers[text] = exc
        answer = self._answers[text]
        if isinstance(answer, AreasError):
            raise AreasError(answer.message)
        return answer


def _resolve(text: str, *, on: dt.date, level: str, lookup: _Lookup) -> Unit:
    text = " ".join((text or "").split())
    if not text:
        raise AreasError("Chưa ghi tên hoặc mã đơn vị hành chính.")
    if text.isdigit():
        return _pick(lookup.by_codes(code_variants(text, level), level), text, on, lookup)
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 3 or not all(parts):
        raise AreasError(
            f"«{text}»: hãy ghi «tên xã/phường» hoặc «tên xã/phường, tên tỉnh» "
            "(đơn vị cũ có thể ghi thêm tên huyện ở giữa)."
        )
    typed = parse_typed_name(parts[0])
    if level == PROVINCE:
        units = lookup.by_keys(province_keys(parts[0]), level)
    else:
        units = [u for u in lookup.by_keys(typed.keys, level) if typed.fits(u)]
    if len(parts) > 1:
        units = _in_province(units, parts[0], parts[-1], lookup)
    if len(parts) == 3:
        district = parse_typed_name(parts[1])
        units = [u for u in units if u.parent is not None and district.fits(u.parent)]
    return _pick(_same_spelling(units, typed, text), text, on, lookup)


def _in_province(units: list[Unit], name: str, province: str, lookup: _Lookup) -> list[Unit]:
    ids = lookup.province_ids(province)
    if not ids:
        raise AreasError(f"Không tìm thấy tỉnh/thành phố «{province}».")
    inside = [u for u in units if u.province_id in ids]
    if units and not inside:
        elsewhere = ", ".join(describe(u) for u in units[:MAX_LISTED])
        raise AreasError(f"«{name}» không thuộc «{province}»; đơn vị cùng tên: {elsewhere}.")
    return inside


def _same_spelling(units: list[Unit], typed: TypedName, text: str) -> list[Unit]:
    """A diacritic difference is evidence ("Lan" vs "Lân"): when the text is written with
    diacritics, prefer exact spellings if any ("Thanh An, Hồ Chí Minh" is not "Thạnh An").
    Text without any cannot tell, since marks are often dropped."""
    if fold(text) == text.lower():
        return units
    exact = [
        u
        for u in units
        if same_spelling(typed.name, u.name)
        or same_spelling(typed.whole, u.name)
        or same_spelling(typed.whole, u.full_name)
    ]
    return exact or units


def _pick(units: list[Unit], text: str, on: dt.date, lookup: _Lookup) -> Unit:
    if not units:
        raise AreasError(f"Không tìm thấy đơn vị hành chính «{text}».")
    valid = [u for u in units if u.is_valid_on(on)]
    if len(valid) == 1:
        return valid[0]
    if valid:
        raise AreasError(_ambiguous(text, valid))
    raise AreasError(_not_valid(text, units, on, lookup))


def _ambiguous(text: str, units: list[Unit]) -> str:
    listed = "; ".join(describe(u) for u in units[:MAX_LISTED])
    more = f" và {len(units) - MAX_LISTED} đơn vị khác" if len(units) > MAX_LISTED else ""
    first = units[0]
    # "Phường 1" must keep its kind; "Tân Phú" reads better without.
    name = first.full_name if first.name[:1].isdigit() else first.name
    if len({u.province_id for u in units}) == len(units) and first.province is not None:
        hint = f"tên tỉnh, ví dụ «{name}, {first.province.name}»"
    elif len({u.kind for u in units}) == len(units):
        hint = f"loại đơn vị, ví dụ «{first.full_name}»"
    elif first.parent is not None and first.parent.level == DISTRICT:
        province = first.province.name if first.province else ""
        hint = f"tên huyện và tỉnh, ví dụ «{name}, {first.parent.name}, {province}»"
    else:
        hint = f"mã đơn vị, ví dụ «{first.code}»"
    return f"«{text}» khớp với {len(units)} đơn vị: {listed}{more}. Hãy ghi thêm {hint}."


def _not_valid(text: str, units: list[Unit], on: dt.date, lookup: _Lookup) -> str:
    day = format_date_vi(on)
    if len(units) > 1:
        return (
            f"«{text}» không có đơn vị nào có hiệu lực vào ngày {day} "
            f"({len(units)} đơn vị cùng tên ở thời kỳ khác, ví dụ {describe(units[0])})."
        )
    unit = units[0]
    if unit.valid_from and on < unit.valid_from:
        return f"{describe(unit)} chỉ có hiệu lực từ ngày {format_date_vi(unit.valid_from)}."
    message = (
        f"{describe(unit)} không còn hiệu lực vào ngày {day} "
        f"(hiệu lực đến hết ngày {format_date_vi(unit.valid_to)})"
    )
    if successors := lookup.successors(unit):
        names = [s.full_name for s in successors[:MAX_LISTED]]
        if len(names) > 1:
            names[0] += " (mặc định)"  # successors come default first
        message += "; nay thuộc " + " hoặc ".join(names)
    return message + "."
