"""People -> rows of the import layout, read in chunks so memory stays flat.

The columns are those of `imports.columns.COLUMNS`, in that order, headed by their Vietnamese
labels, so an exported file imports again unchanged. Values are written the way officers type
them: dates dd/mm/yyyy (a partial birth date at its precision: "1975", "03/1975"), sex Nam/Nữ,
catalogues by their Vietnamese names, communes by their current code. One extra last column
names the managing commune in words; the importer reports it as an ignored column.

Each chunk costs one query for the people (a server-side cursor on PostgreSQL), one each for
their active residences, their family links and their identity documents, and one for
communes not seen before: about 4 queries per CHUNK_ROWS people, whatever the list's size.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet

from cancuoc.accounts.scope import Scope
from cancuoc.areas.models import Unit
from cancuoc.registry import queries
from cancuoc.registry.imports.columns import COLUMNS, label
from cancuoc.registry.models import IdentityDocument, Person, Relative, Residence
from cancuoc.rules import catalogues

CHUNK_ROWS = 2000
# A search exports its matches best first, like the list, but not only the first page.
SEARCH_EXPORT_MAX = 10_000
FIELDS = tuple(COLUMNS)
MANAGING_UNIT = "Xã/phường quản lý"
HEADERS = (*(label(f) for f in FIELDS), MANAGING_UNIT)
_POSITION = {f: i for i, f in enumerate(FIELDS)}

PERSON_VALUES = (
    "pk", "record_id", "full_name", "other_name", "personal_id", "old_id_number",
    "birth_date", "birth_precision", "sex", "birthplace", "birth_registration_place",
    "hometown", "ethnicity", "religion", "nationality", "blood_group", "marital_status",
    "household__code", "relation_to_head", "phone", "email", "status", "death_date",
    "eid_level", "unit_id",
)  # fmt: skip
SEX = {"male": "Nam", "female": "Nữ"}
STATUS = dict(Person.Status.choices)
EID_LEVEL = dict(Person.EidLevel.choices)
CARD_KIND = dict(IdentityDocument.Kind.choices)
KIN = ("father", "mother", "spouse", "representative")


def _names(catalogue) -> dict[str, str]:
    return {e.code: e.name for e in catalogue}


ETHNICITY = _names(catalogues.ETHNICITIES)
RELIGION = _names(catalogues.RELIGIONS)
NATIONALITY = _names(catalogues.NATIONALITIES)
BLOOD = _names(catalogues.BLOOD_GROUPS)
MARITAL = _names(catalogues.MARITAL_STATUSES)


@dataclass(frozen=True)
class Selection:
    """The people a list shows: a queryset in list order, or search matches (ids, best first)."""

    people: QuerySet[Person] | None = None
    ids: tuple[int, ...] = ()


def more_than(selection: Selection, n: int) -> bool:
    """Whether the selection holds more than n people (walks at most n + 1 index entries)."""
    if selection.people is None:
        return len(selection.ids) > n
    return selection.people.order_by()[n : n + 1].exists()


def count(selection: Selection) -> int:
    """How many people the selection holds."""
    return len(selection.ids) if selection.people is None else selection.people.order_by().count()


def select_people(
    scope: Scope, *, text: str = "", filters: Q | None = None, residing: bool = False
) -> Selection:
    """The same people, in the same order, as the people list page (queries.list_people)
    with these search text and filters, without paging."""
    base = Person.objects.filter(filters or Q())
    if text:
        found = queries.search_people(scope, text, limit=SEARCH_EXPORT_MAX, base=base)
        return Selection(ids=tuple(p.pk for p in found))
    people = queries.listed_people(scope, base, residing=residing)
    return Selection(people=people.order_by("name_folded", "pk"))


def _chunks(selection: Selection, size: int) -> Iterator[list[tuple]]:
    if selection.people is None:
        for start in range(0, len(selection.ids), size):
            ids = selection.ids[start : start + size]
            found = {r[0]: r for r in Person.objects.filter(pk__in=ids).values_list(*PERSON_VALUES)}
            yield [found[pk] for pk in ids if pk in found]
        return
    rows = selection.people.values_list(*PERSON_VALUES).iterator(chunk_size=size)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def people_rows(selection: Selection, *, chunk_rows: int = CHUNK_ROWS) -> Iterator[list]:
    """One list of cell values per person (HEADERS order), chunk by chunk."""
    units = UnitNames()
    for chunk in _chunks(selection, chunk_rows):
        ids = [r[0] for r in chunk]
        related = _Related.load(ids)
        units.learn([r[-1] for r in chunk] + related.unit_ids())
        for person in chunk:
            yield _row(person, related, units)


class UnitNames:
    """Communes by id (code and name), fetched once each."""

    def __init__(self) -> None:
        self.code: dict[int, str] = {}
        self.name: dict[int, str] = {}

    def learn(self, ids: Iterable[int]) -> None:
        missing = {i for i in ids if i not in self.code}
        if not missing:
            return
        rows = Unit.objects.filter(pk__in=missing).values_list("pk", "code", "kind", "name")
        for pk, code, kind, name in rows:
            self.code[pk], self.name[pk] = code, f"{kind} {name}".strip()


@dataclass
class _Related:
    """Active residences, family links and the latest identity document of a chunk."""

    residences: dict[int, dict[str, tuple]]
    relatives: dict[int, dict[str, tuple[str, str]]]
    documents: dict[int, tuple]

    @classmethod
    def load(cls, ids: list[int]) -> _Related:
        residences: dict[int, dict[str, tuple]] = {}
        active = Residence.objects.filter(person_id__in=ids, ended_on__isnull=True)
        rows = active.order_by("pk").values_list(
            "person_id", "kind", "unit_id", "address", "expires_on"
        )
        for person_id, kind, unit_id, address, expires_on in rows:
            residences.setdefault(person_id, {})[kind] = (unit_id, address, expires_on)
        relatives: dict[int, dict[str, tuple[str, str]]] = {}
        links = Relative.objects.filter(person_id__in=ids, kind__in=KIN).order_by("pk")
        for person_id, kind, name, number, linked_name, linked_id in links.values_list(
            "person_id", "kind", "name", "id_number", "relative__full_name",
            "relative__personal_id",
        ):  # fmt: skip
            relatives.setdefault(person_id, {})[kind] = (
                name or linked_name or "",
                number or linked_id or "",
            )
        documents: dict[int, tuple] = {}
        docs = IdentityDocument.objects.filter(person_id__in=ids).order_by(
            F("issued_on").asc(nulls_first=True), "pk"
        )
        for person_id, *doc in docs.values_list(
            "person_id", "number", "kind", "issued_on", "expires_on"
        ):
            documents[person_id] = tuple(doc)  # the latest issued wins
        return cls(residences, relatives, documents)

    def unit_ids(self) -> list[int]:
        return [r[0] for by_kind in self.residences.values() for r in by_kind.values()]


def _date(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}" if d else ""


def birth_text(d: date, precision: str) -> str:
    """A birth date at its recorded precision: "15/05/1990", "05/1990" or "1990"."""
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.month:02d}/{d.year:04d}"
    return _date(d)


def _row(p: tuple, related: _Related, units: UnitNames) -> list:
    (pk, record_id, full_name, other_name, personal_id, old_id, birth, precision, sex,
     birthplace, registration_place, hometown, ethnicity, religion, nationality, blood,
     marital, household, relation, phone, email, status, death, eid, unit_id) = p  # fmt: skip
    row: list = [None] * len(HEADERS)  # an empty cell: "" in CSV, no cell at all in .xlsx
    values = {
        "record_id": record_id, "full_name": full_name, "other_name": other_name,
        "personal_id": personal_id or "", "old_id_number": old_id,
        "birth_date": birth_text(birth, precision), "sex": SEX.get(sex, sex),
        "birthplace": birthplace, "birth_registration_place": registration_place,
        "hometown": hometown, "ethnicity": ETHNICITY.get(ethnicity, ethnicity),
        "religion": RELIGION.get(religion, religion),
        "nationality": NATIONALITY.get(nationality, nationality),
        "blood_type": BLOOD.get(blood, blood), "marital_status": MARITAL.get(marital, marital),
        "household_code": household or "", "relation_to_head": relation, "phone": phone,
        "email": email, "status": STATUS.get(status, status), "death_date": _date(death),
        "eid_level": EID_LEVEL.get(eid, ""),
    }  # fmt: skip
    for field, value in values.items():
        row[_POSITION[field]] = value or None
    _residence_cells(row, related.residences.get(pk, {}), unit_id, units)
    for kind, (name, number) in related.relatives.get(pk, {}).items():
        row[_POSITION[f"{kind}_name"]] = name or None
        row[_POSITION[f"{kind}_id"]] = number or None
    if doc := related.documents.get(pk):
        number, kind, issued, expires = doc
        row[_POSITION["card_number"]], row[_POSITION["card_kind"]] = number, CARD_KIND[kind]
        row[_POSITION["card_issued_on"]] = _date(issued) or None
        row[_POSITION["card_expires_on"]] = _date(expires) or None
    row[-1] = units.name.get(unit_id)
    return row


def _residence_cells(row: list, by_kind: dict[str, tuple], unit_id: int, units) -> None:
    for kind in ("permanent", "temporary", "current"):
        if residence := by_kind.get(kind):
            residence_unit, address, expires = residence
            row[_POSITION[f"{kind}_unit_code"]] = units.code.get(residence_unit)
            row[_POSITION[f"{kind}_address"]] = address or None
            if kind == "temporary":
                row[_POSITION["temporary_until"]] = _date(expires) or None
    if "permanent" not in by_kind and "current" not in by_kind:
        # Every row names a commune that keeps it (an import needs one): the managing one.
        row[_POSITION["permanent_unit_code"]] = units.code.get(unit_id)
