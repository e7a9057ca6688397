"""Read Vietnam's administrative units out of the `vietnamadminunits` data package (MIT).

The package ships `data/dataset.db` (SQLite: `admin_units` = the 34-province structure from
1 July 2025, `admin_units_legacy` = the 63-province three-level one) and
`data/converter_2025.json`, its old→new crosswalk keyed by folded names:

- `DICT_PROVINCE`: new province key → the legacy province keys merged into it;
- `DICT_PROVINCE_WARD_NO_DIVIDED`: new province key → new ward key → legacy keys
  "province_district_ward" wholly merged into it (ward part empty for the island districts,
  which had no communes and became đặc khu);
- `DICT_PROVINCE_WARD_DIVIDED`: new province key → legacy key → the new wards it was split
  between, one of them flagged `isDefaultNewWard`.

This module only reads files and returns plain rows; `loader.py` writes them to the database.
The package is located without importing it (its import loads large parser dictionaries).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from cancuoc.areas.errors import AreasError
from cancuoc.areas.models import Unit
from cancuoc.areas.naming import split_kind

PACKAGE = "vietnamadminunits"
LEGACY, V2025 = Unit.Scheme.LEGACY.value, Unit.Scheme.V2025.value
PROVINCE, DISTRICT, COMMUNE = (
    Unit.Level.PROVINCE.value,
    Unit.Level.DISTRICT.value,
    Unit.Level.COMMUNE.value,
)

UnitKey = tuple[str, str, str]  # (scheme, level, code)


@dataclass(frozen=True)
class UnitRow:
    """A unit as the package describes it; parent and province by code in the same scheme."""

    scheme: str
    level: str
    code: str
    name: str
    kind: str
    parent: UnitKey | None = None
    province: UnitKey | None = None

    @property
    def key(self) -> UnitKey:
        return (self.scheme, self.level, self.code)


@dataclass(frozen=True)
class LinkRow:
    """One crosswalk row: a legacy unit became all (or part) of a current unit."""

    old: UnitKey
    new: UnitKey
    is_partial: bool = False
    is_default: bool = True


@dataclass(frozen=True)
class PackageData:
    """Everything read from the package, ready to load."""

    version: str
    units: list[UnitRow]
    links: list[LinkRow]

    @property
    def source(self) -> str:
        return f"{PACKAGE} {self.version}"


def data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AreasError(f"Chưa cài gói dữ liệu {PACKAGE}.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def read_package(directory: Path | None = None) -> PackageData:
    """Units of both structures and the crosswalk, as plain rows."""
    directory = directory or data_dir()
    try:
        uri = f"file:{directory / 'dataset.db'}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            current = _rows(db, "admin_units", "provinceCode, province, wardCode, ward, wardType")
            legacy = _rows(
                db,
                "admin_units_legacy",
                "provinceCode, province, districtCode, district, districtType, wardCode, ward, "
                "wardType",
            )
            keys = _Keys(db)
        converter = json.loads((directory / "converter_2025.json").read_text(encoding="utf-8"))
    except (OSError, sqlite3.Error, ValueError) as exc:
        raise AreasError(f"Không đọc được dữ liệu gói {PACKAGE}: {exc}") from exc
    units = [*_current_units(current), *_legacy_units(legacy)]
    return PackageData(_version(), units, list(_links(converter, keys)))


def _version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _rows(db: sqlite3.Connection, table: str, columns: str) -> list[tuple]:
    return db.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()


def _province_row(scheme: str, code: str, full_name: str) -> UnitRow:
    kind, name = split_kind(full_name)
    return UnitRow(scheme, PROVINCE, code, name, kind)


def _current_units(rows: Iterable[tuple]) -> Iterable[UnitRow]:
    provinces: dict[str, UnitRow] = {}
    communes = []
    for p_code, p_name, w_code, w_name, w_type in rows:
        provinces.setdefault(p_code, _province_row(V2025, p_code, p_name))
        province = (V2025, PROVINCE, p_code)
        kind, name = split_kind(w_name, w_type)
        communes.append(UnitRow(V2025, COMMUNE, w_code, name, kind, province, province))
    return [*provinces.values(), *communes]


def _legacy_units(rows: Iterable[tuple]) -> Iterable[UnitRow]:
    provinces: dict[str, UnitRow] = {}
    districts: dict[str, UnitRow] = {}
    communes = []
    for p_code, p_name, d_code, d_name, d_type, w_code, w_name, w_type in rows:
        provinces.setdefault(p_code, _province_row(LEGACY, p_code, p_name))
        province = (LEGACY, PROVINCE, p_code)
        if d_code not in districts:
            kind, name = split_kind(d_name, d_type)
            districts[d_code] = UnitRow(LEGACY, DISTRICT, d_code, name, kind, province, province)
        if w_code:  # the five island districts have no communes
            kind, name = split_kind(w_name, w_type)
            district = (LEGACY, DISTRICT, d_code)
            communes.append(UnitRow(LEGACY, COMMUNE, w_code, name, kind, district, province))
    return [*provinces.values(), *districts.values(), *communes]


class _Keys:
    """The package's folded-name keys, mapped to unit keys."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.new_province: dict[str, UnitKey] = {}
        self.new_commune: dict[tuple[str, str], UnitKey] = {}
        self.old_province: dict[str, UnitKey] = {}
        self.old_unit: dict[str, UnitKey] = {}
        sql = "SELECT provinceKey, provinceCode, wardKey, wardCode FROM admin_units"
        for p_key, p_code, w_key, w_code in db.execute(sql):
            self.new_province[p_key] = (V2025, PROVINCE, p_code)
            self.new_commune[(p_key, w_key)] = (V2025, COMMUNE, w_code)
        sql = (
            "SELECT provinceKey, provinceCode, districtKey, districtCode, wardKey, wardCode "
            "FROM admin_units_legacy"
        )
        for p_key, p_code, d_key, d_code, w_key, w_code in db.execute(sql):
            self.old_province[p_key] = (LEGACY, PROVINCE, p_code)
            old = (LEGACY, COMMUNE, w_code) if w_code else (LEGACY, DISTRICT, d_code)
            self.old_unit[f"{p_key}_{d_key}_{w_key or ''}"] = old

    @staticmethod
    def get(table: dict, key) -> UnitKey:
        try:
            return table[key]
        except KeyError:
            raise AreasError(
                f"Dữ liệu gói {PACKAGE} không nhất quán: không có đơn vị mang khóa «{key}»."
            ) from None


def _links(converter: dict, keys: _Keys) -> Iterable[LinkRow]:
    get = keys.get
    for new_p, old_ps in converter["DICT_PROVINCE"].items():
        for old_p in old_ps:
            yield LinkRow(get(keys.old_province, old_p), get(keys.new_province, new_p))
    for new_p, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, olds in wards.items():
            new = get(keys.new_commune, (new_p, new_w))
            for old in olds:
                yield LinkRow(get(keys.old_unit, old), new)
    for new_p, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            for part in parts:
                new = get(keys.new_commune, (new_p, part["newWardKey"]))
                yield LinkRow(get(keys.old_unit, old), new, True, bool(part["isDefaultNewWard"]))
