"""The synthetic population as files: the people list in the import layout, and the truth.

People CSV: plain UTF-8, comma-separated, one header row with the import layout's English
field names; dates dd/mm/yyyy (mm/yyyy or yyyy when only that much of a birth date is known);
sex Nam/Nữ; catalogues by their Vietnamese names; units by their current commune code.
A last column `abroad_country` (not part of the import layout; importers report it as ignored)
names the country of people living abroad: the register has no field for that yet.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from typing import TextIO

from cancuoc.registry.bulk import PersonRecord
from cancuoc.registry.synth.defects import Truth
from cancuoc.rules import catalogues

PEOPLE_COLUMNS = (
    "record_id", "full_name", "birth_date", "sex", "personal_id", "old_id_number",
    "other_name", "birthplace", "birth_registration_place", "hometown", "ethnicity",
    "religion", "nationality", "blood_type", "marital_status", "permanent_unit_code",
    "permanent_address", "temporary_unit_code", "temporary_address", "temporary_until",
    "current_unit_code", "current_address", "household_code", "relation_to_head",
    "father_name", "father_id", "mother_name", "mother_id", "spouse_name", "spouse_id",
    "representative_name", "representative_id", "phone", "email", "status", "death_date",
    "card_number", "card_kind", "card_issued_on", "card_expires_on", "eid_level",
    "abroad_country",
)  # fmt: skip
TRUTH_COLUMNS = ("record_id", "defect", "related_record_id", "detail")
SEX = {"male": "Nam", "female": "Nữ"}
STATUS = {"alive": "Còn sống", "dead": "Đã chết", "missing": "Mất tích"}


def _names(catalogue) -> dict[str, str]:
    return {e.code: e.name for e in catalogue}


class PeopleWriter:
    """Writes records as rows of the import layout."""

    def __init__(self, out: TextIO, *, unit_codes: dict[int, str], abroad: dict[str, str],
                 header: bool = True) -> None:  # fmt: skip
        self.writer = csv.writer(out, lineterminator="\n")
        if header:
            self.writer.writerow(PEOPLE_COLUMNS)
        self.unit_codes, self.abroad = unit_codes, abroad
        self.ethnicity = _names(catalogues.ETHNICITIES)
        self.religion = _names(catalogues.RELIGIONS)
        self.nationality = _names(catalogues.NATIONALITIES)
        self.blood = _names(catalogues.BLOOD_GROUPS)
        self.marital = _names(catalogues.MARITAL_STATUSES)

    def write_one(self, record: PersonRecord) -> None:
        self.writer.writerow(self.row(record))

    def row(self, r: PersonRecord) -> list:
        code = self.unit_codes.get
        res = {x.kind: x for x in r.residences if x.ended_on is None or x.kind == "permanent"}
        perm, temp, cur = res.get("permanent"), res.get("temporary"), res.get("current")
        kin = {k.kind: k for k in r.relatives}
        card = r.documents[-1] if r.documents else None
        return [
            r.record_id, r.full_name, _birth(r.birth_date, r.birth_precision), SEX[r.sex],
            r.personal_id or "", r.old_id_number, r.other_name, r.birthplace,
            r.birth_registration_place, r.hometown, self.ethnicity.get(r.ethnicity, ""),
            self.religion.get(r.religion, ""), self.nationality.get(r.nationality, ""),
            self.blood.get(r.blood_group, ""), self.marital.get(r.marital_status, ""),
            code(perm.unit_id, "") if perm else (code(r.unit_id, "") if not cur else ""),
            perm.address if perm else "",
            code(temp.unit_id, "") if temp else "", temp.address if temp else "",
            _date(temp.expires_on) if temp else "",
            code(cur.unit_id, "") if cur else "",
            cur.address if cur else "",
            r.household_code, r.relation_to_head,
            *_kin(kin, "father"), *_kin(kin, "mother"), *_kin(kin, "spouse"),
            *_kin(kin, "representative"), r.phone, r.email, STATUS[r.status],
            _date(r.death_date), card.number if card else "", card.kind if card else "",
            _date(card.issued_on) if card else "", _date(card.expires_on) if card else "",
            r.eid_level, self.abroad.get(r.record_id, ""),
        ]  # fmt: skip


def _kin(kin: dict, kind: str) -> tuple[str, str]:
    k = kin.get(kind)
    return (k.name, k.id_number) if k else ("", "")


def _date(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}" if d else ""


def _birth(d: date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.month:02d}/{d.year:04d}"
    return _date(d)


def write_truth(out: TextIO, truth: Iterable[Truth]) -> int:
    """The ground truth: one row per labelled defect."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TRUTH_COLUMNS)
    n = 0
    for row in truth:
        writer.writerow((row.record_id, row.defect, row.related_record_id, row.detail))
        n += 1
    return n
