"""Load the real administrative units of Vietnam (both structures) and the old→new crosswalk.

Idempotent: units are matched on (scheme, level, code) and links on (old, new), so a second
run inserts nothing and only reads the two tables. Validity dates of existing units are never
touched here: retiring a unit is a service (`retire_unit`), and a reload must not undo it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import transaction

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.models import LEGACY_LAST_DAY, REFORM_DATE, Unit, UnitLink
from cancuoc.areas.package import PackageData, UnitKey, UnitRow, read_package
from cancuoc.rules.names import compact_key, fold
from cancuoc.rules.numbers import format_number_vi as _n

BATCH_SIZE = 1000
# Parents before children, so a child's parent already has an id.
LOAD_ORDER = [
    (Unit.Scheme.V2025, Unit.Level.PROVINCE),
    (Unit.Scheme.V2025, Unit.Level.COMMUNE),
    (Unit.Scheme.LEGACY, Unit.Level.PROVINCE),
    (Unit.Scheme.LEGACY, Unit.Level.DISTRICT),
    (Unit.Scheme.LEGACY, Unit.Level.COMMUNE),
]
_LABEL_FIELDS = ["name", "kind", "name_folded", "name_key"]


@dataclass
class LoadReport:
    """What a load did: units created per structure and level, names corrected, links added."""

    source: str
    created: dict[str, int] = field(default_factory=dict)
    updated: list[str] = field(default_factory=list)
    links_created: int = 0
    total_units: int = 0
    total_links: int = 0
    seconds: float = 0.0

    @property
    def units_created(self) -> int:
        return sum(self.created.values())

    @property
    def changed(self) -> bool:
        return bool(self.units_created or self.updated or self.links_created)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "created": self.created,
            "units_created": self.units_created,
            "updated": self.updated,
            "links_created": self.links_created,
            "total_units": self.total_units,
            "total_links": self.total_links,
            "seconds": round(self.seconds, 2),
        }

    def summary(self) -> str:
        totals = f"tổng {_n(self.total_units)} đơn vị, {_n(self.total_links)} liên kết chuyển đổi"
        if not self.changed:
            return f"Đơn vị hành chính đã đầy đủ ({self.source}): không có thay đổi; {totals}."
        return (
            f"Đã nạp đơn vị hành chính từ {self.source}: thêm {_n(self.units_created)} đơn vị, "
            f"sửa tên {_n(len(self.updated))}, thêm {_n(self.links_created)} liên kết; {totals} "
            f"({_n(self.seconds)} giây)."
        )



@transaction.atomic
def load_units(*, actor: Actor, data: PackageData | None = None) -> LoadReport:
    """Bring Unit and UnitLink up to date with the data package.

    Preconditions: none (an empty or a fully loaded database both work).
    Effects: inserts missing units (current structure valid from 01/7/2025, legacy structure
    valid to 30/6/2025) and missing crosswalk links; corrects names and kinds that differ from
    the package. Writes one `areas.units.loaded` event with the counts, only if anything changed.
    """
    started = time.perf_counter()
    data = data or read_package()
    report = LoadReport(source=data.source)
    ids: dict[UnitKey, int] = {}
    for scheme, level in LOAD_ORDER:
        rows = [r for r in data.units if r.scheme == scheme and r.level == level]
        _sync_level(scheme, level, rows, ids, report)
    report.links_created = _sync_links(data, ids)
    report.total_units = Unit.objects.count()
    report.total_links = UnitLink.objects.count()
    report.seconds = time.perf_counter() - started
    if report.changed:
        audit.record(actor, "areas.units.loaded", ("areas.unit", "package"), data=report.as_dict())
    return report


def _existing(scheme: str, level: str) -> dict[str, tuple]:
    rows = Unit.objects.filter(scheme=scheme, level=level).values_list("code", "pk", *_LABEL_FIELDS)
    return {code: (pk, tuple(labels)) for code, pk, *labels in rows}


def _labels(row: UnitRow) -> tuple[str, str, str, str]:
    return (row.name, row.kind, fold(row.name), compact_key(row.name))


def _sync_level(scheme, level, rows: list[UnitRow], ids: dict, report: LoadReport) -> None:
    existing = _existing(scheme, level)
    missing = [_new_unit(r, ids) for r in rows if r.code not in existing]
    Unit.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    stale = [r for r in rows if r.code in existing and existing[r.code][1] != _labels(r)]
    changed = [
        Unit(
            pk=existing[r.code][0], code=r.code, **dict(zip(_LABEL_FIELDS, _labels(r), strict=True))
        )
        for r in stale
    ]
    Unit.objects.bulk_update(changed, _LABEL_FIELDS, batch_size=BATCH_SIZE)
    if missing:
        report.created[f"{scheme}.{level}"] = len(missing)
        existing = _existing(scheme, level)
    report.updated += [f"{scheme}.{level}.{r.code}" for r in stale]
    ids.update({(scheme, level, code): pk for code, (pk, _) in existing.items()})


def _new_unit(row: UnitRow, ids: dict[UnitKey, int]) -> Unit:
    name, kind, folded, key = _labels(row)
    current = row.scheme == Unit.Scheme.V2025
    return Unit(
        scheme=row.scheme,
        level=row.level,
        code=row.code,
        name=name,
        kind=kind,
        name_folded=folded,
        name_key=key,
        parent_id=ids[row.parent] if row.parent else None,
        province_id=ids[row.province] if row.province else None,
        valid_from=REFORM_DATE if current else None,
        valid_to=None if current else LEGACY_LAST_DAY,
    )


def _sync_links(data: PackageData, ids: dict[UnitKey, int]) -> int:
    existing = set(UnitLink.objects.values_list("old_id", "new_id"))
    missing = {}
    for link in data.links:
        pair = (ids[link.old], ids[link.new])
        if pair not in existing and pair not in missing:
            missing[pair] = UnitLink(
                old_id=pair[0],
                new_id=pair[1],
                is_partial=link.is_partial,
                is_default=link.is_default,
                effective_on=REFORM_DATE,
            )
    UnitLink.objects.bulk_create(missing.values(), batch_size=BATCH_SIZE)
    return len(missing)
