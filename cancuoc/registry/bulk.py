"""The one fast write path for many people: synthetic data, the demo and CSV/Excel imports.

    result = write_people(records, actor=actor, source="import:dan_cu.xlsx",
                          on_batch=mark_progress)

`records` is any iterable of `PersonRecord` (plain, already validated and normalised values,
unit ids resolved). Records are written in batches without per-row ORM saves: PostgreSQL gets
`COPY ... FROM STDIN`, SQLite gets `executemany` inside one large transaction per batch.

Guarantees:
- A batch is all-or-nothing: its people, households, residences, documents, relatives, the
  caller's `on_batch` hook and the batch's audit event commit together or not at all.
- A batch closes after `batch_size` people but never splits a household (consecutive records
  with the same `household_code`), so family links by `record_id` always resolve.
- Ids come from the table's own sequence (PostgreSQL) or above the highest id ever used
  (SQLite, under the write lock), so later ORM inserts continue normally.
- `name_folded` and `given_folded` are filled with `rules.names.fold`, `version` is 1,
  `created_at`/`updated_at` are the batch's time: rows are identical to ORM inserts.
- Each committed batch writes one audit event `registry.people.bulk_created` holding the
  source label, the batch number, the counts and the id range; never one event per row.
- A failing batch raises `BulkWriteError` with a Vietnamese reason naming the record when it
  can; earlier batches stay committed, so a resumable caller records progress in `on_batch`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import attrgetter
from typing import NamedTuple

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.areas.models import Unit
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.models import Household, IdentityDocument, Person, Relative, Residence
from cancuoc.rules.names import fold

DEFAULT_BATCH_SIZE = 20_000
AUDIT_ACTION = "registry.people.bulk_created"
HEAD_RELATION = "Chủ hộ"


@dataclass(frozen=True, slots=True)
class ResidenceRecord:
    """A residence of the person: kind is "permanent", "temporary" or "current"."""

    kind: str
    unit_id: int
    address: str = ""
    started_on: dt.date | None = None
    expires_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str = ""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A card already issued: kind is "cmnd", "cccd" or "can_cuoc"."""

    kind: str
    number: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    issued_by: str = ""


@dataclass(frozen=True, slots=True)
class RelativeRecord:
    """A family link; `record_id` links to another record of the same household, if known."""

    kind: str
    name: str = ""
    id_number: str = ""
    nationality: str = ""
    record_id: str = ""


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person to write, with the Person fields and nested rows (values already clean)."""

    full_name: str
    birth_date: dt.date
    sex: str
    unit_id: int
    province_id: int
    birth_precision: str = "day"
    record_id: str = ""
    personal_id: str | None = None
    old_id_number: str = ""
    other_name: str = ""
    birthplace: str = ""
    birth_registration_place: str = ""
    hometown: str = ""
    ethnicity: str = ""
    religion: str = ""
    nationality: str = "VN"
    blood_group: str = ""
    marital_status: str = ""
    residence_file_no: str = ""
    household_code: str = ""
    relation_to_head: str = ""
    household_address: str = ""
    status: str = "alive"
    death_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    eid_level: int = 0
    residences: tuple[ResidenceRecord, ...] = ()
    documents: tuple[DocumentRecord, ...] = ()
    relatives: tuple[RelativeRecord, ...] = ()


def _fast_init(cls):
    """Give a frozen slotted dataclass an __init__ that fills the slots directly.

    The generated frozen __init__ calls object.__setattr__ once per field, which dominates
    when millions of records are built. This one takes the same parameters and defaults and
    leaves the instance just as frozen (assignment still raises FrozenInstanceError).
    """
    namespace, params, body = {}, [], []
    for f in dataclasses.fields(cls):
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body), namespace)  # noqa: S102
    cls.__init__ = namespace["__init__"]
    return cls


for _record_class in (ResidenceRecord, DocumentRecord, RelativeRecord, PersonRecord):
    _fast_init(_record_class)


class Prepared(NamedTuple):
    """A PersonRecord as the writer consumes it: its Person column values and child rows
    (all but the ids the database gives), and the keys batching and screening read. Built by
    `prepare` without the database, so a validating worker process can do it; a plain tuple
    underneath, so it crosses processes cheaply."""

    record_id: str
    personal_id: str | None
    household_code: str
    relation_to_head: str
    household_address: str
    unit_id: int
    province_id: int
    full_name: str
    person: tuple  # values of _PERSON_FIELDS, then name_folded and given_folded
    residences: tuple  # values of _RESIDENCE_FIELDS, per residence
    documents: tuple  # values of _DOCUMENT_FIELDS, per document
    relatives: tuple  # (kind, record_id, name, id_number, nationality), per relative


def prepare(r: PersonRecord) -> Prepared:
    """The record's rows for the writer (pure; `name_folded`/`given_folded` as ORM saves)."""
    folded = [_fold_word(w) for w in r.full_name.split()]
    name_folded = " ".join(w for w in folded if w)
    given_folded = folded[-1] if folded else ""  # = fold(split_name(full_name).given)
    return Prepared(
        r.record_id, r.personal_id, r.household_code, r.relation_to_head, r.household_address,
        r.unit_id, r.province_id, r.full_name, (*_person_values(r), name_folded, given_folded),
        tuple(map(_residence_values, r.residences)) if r.residences else (),
        tuple(map(_document_values, r.documents)) if r.documents else (),
        tuple((k.kind, k.record_id, k.name, k.id_number, k.nationality) for k in r.relatives)
        if r.relatives else (),
    )  # fmt: skip


@dataclass
class Counts:
    """Rows written, by table."""

    people: int = 0
    households: int = 0
    residences: int = 0
    documents: int = 0
    relatives: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class BatchInfo:
    """What a batch wrote; given to `on_batch` (inside the transaction) and `progress` (after)."""

    index: int
    counts: Counts
    first_record_id: str
    last_record_id: str
    person_ids: tuple[int, int]  # the first and the last
    ids: tuple[int, ...] = ()  # the id of each record, in the order given


@dataclass
class BulkResult:
    """Totals of a bulk job."""

    counts: Counts = field(default_factory=Counts)
    batches: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        rate = self.counts.people / self.seconds if self.seconds else 0.0
        return {
            **self.counts.as_dict(),
            "batches": self.batches,
            "seconds": round(self.seconds, 2),
            "people_per_second": round(rate),
        }


class BulkWriteError(RegistryError):
    """A batch could not be written; nothing of that batch was kept (`reason` = `message`)."""

    def __init__(self, reason: str, *, batch: int, record_id: str = "") -> None:
        super().__init__(reason)
        self.reason, self.batch, self.record_id = reason, batch, record_id


def write_people(
    records: Iterable[PersonRecord],
    *,
    actor: Actor,
    source: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[BatchInfo], None] | None = None,
    progress: Callable[[BatchInfo], None] | None = None,
    screened: bool = False,
) -> BulkResult:
    """Write `records` (PersonRecords, or their `prepare`d form) in all-or-nothing batches;
    return the totals.

    Preconditions: every unit id exists; personal ids are unique and not yet in the register;
    values fit their columns. Effects: rows in Person, Household, Residence, IdentityDocument
    and Relative; one audit event per batch; `on_batch(info)` runs inside each batch's
    transaction (raise there to roll the batch back), `progress(info)` after each commit.
    """
    started, result = time.perf_counter(), BulkResult()
    for index, batch in enumerate(_batches(records, batch_size), start=1):
        info = _write_batch(
            batch, index=index, actor=actor, source=source, on_batch=on_batch, screened=screened
        )
        result.counts.add(info.counts)
        result.batches = index
        if progress:
            progress(info)
    result.seconds = time.perf_counter() - started
    return result


def _batches(records: Iterable[PersonRecord], size: int) -> Iterator[list[PersonRecord]]:
    batch: list[PersonRecord] = []
    for record in records:
        if len(batch) >= size and (
            not record.household_code or record.household_code != batch[-1].household_code
        ):
            yield batch
            batch = []
        batch.append(record)
    if batch:
        yield batch


def _write_batch(batch, *, index, actor, source, on_batch, screened=False) -> BatchInfo:
    batch = [r if r.__class__ is Prepared else prepare(r) for r in batch]
    try:
        with transaction.atomic():
            _check_batch(batch, index, screened)
            info = _insert_batch(batch, index)
            if on_batch:
                on_batch(info)
            first, last = info.person_ids
            data = {"source": source, "batch": index, **info.counts.as_dict(),
                    "first_id": first, "last_id": last}  # fmt: skip
            audit.record(actor, AUDIT_ACTION, ("registry.person", str(first)), data=data)
    except (DatabaseError, connection.Database.Error) as exc:
        raise BulkWriteError(
            f"Lô số {index}: cơ sở dữ liệu từ chối ghi ({_explain(exc)}); "
            "không bản ghi nào của lô này được lưu",
            batch=index,
        ) from exc
    return info


def _explain(exc: Exception) -> str:
    """The constraint's own Vietnamese message if the error names one, else the first line."""
    text = str(exc)
    for model in _CHILD_COLUMNS:
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return constraint.violation_error_message
    return (text.strip().splitlines() or [type(exc).__name__])[0]


def _check_batch(batch: list[Prepared], index: int, screened: bool = False) -> None:
    """Refuse the batch with a clear reason before writing anything."""
    seen: dict[str, str] = {}
    for r in batch:
        if r.personal_id:
            if r.personal_id in seen:
                raise BulkWriteError(
                    f"Lô số {index}: số định danh {r.personal_id} xuất hiện hai lần "
                    f"(hồ sơ {seen[r.personal_id]} và {r.record_id})",
                    batch=index,
                    record_id=r.record_id,
                )
            seen[r.personal_id] = r.record_id
    if screened:
        return
    for taken in existing(Person, "personal_id", list(seen)):
        raise BulkWriteError(
            f"Lô số {index}, hồ sơ {seen[taken]}: số định danh {taken} đã có trong sổ",
            batch=index,
            record_id=seen[taken],
        )
    unit_ids = {r.unit_id for r in batch} | {r.province_id for r in batch}
    unit_ids |= {x[_RESIDENCE_UNIT] for r in batch for x in r.residences}
    missing = unit_ids - set(existing(Unit, "id", list(unit_ids)))
    if missing:
        bad = next(
            r
            for r in batch
            if r.unit_id in missing
            or r.province_id in missing
            or any(x[_RESIDENCE_UNIT] in missing for x in r.residences)
        )
        raise BulkWriteError(
            f"Lô số {index}, hồ sơ {bad.record_id}: đơn vị hành chính (mã nội bộ "
            f"{', '.join(map(str, sorted(missing)))}) không tồn tại",
            batch=index,
            record_id=bad.record_id,
        )


def existing(model, column: str, values: list, *, returning: str = "") -> list:
    """The `values` found in `model`'s indexed `column`: the values, or (value, `returning`)
    pairs (a value several rows hold comes once on PostgreSQL, once per row on SQLite).

    Raw SQL, one query: the values go as one parameter (a PostgreSQL array literal, a JSON
    array on SQLite), since the ORM's per-parameter work shows at millions. Each value is one
    index probe whatever the table's size or statistics: on PostgreSQL a LATERAL ... LIMIT 1
    cannot become a hash join over the whole table, which the planner picks for a table that
    grew since its last ANALYZE (during a large import: 12 s of 47 s on 1M rows).
    """
    if not values:
        return []
    table = model._meta.db_table
    ret = f'"{returning}"' if returning else "1"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            kind = "bigint" if model._meta.get_field(column).get_internal_type().endswith(
                "AutoField") else "text"  # fmt: skip
            cursor.execute(
                f"SELECT v.value, p.ret FROM unnest(%s::{kind}[]) AS v(value) "
                f'CROSS JOIN LATERAL (SELECT {ret} AS ret FROM "{table}" '  # noqa: S608
                f'WHERE "{column}" = v.value LIMIT 1) AS p',
                [pg_array(values)],
            )
        else:
            cursor.execute(
                f'SELECT "{column}", {ret} FROM "{table}" WHERE "{column}" IN '  # noqa: S608
                "(SELECT value FROM json_each(%s))",
                [json.dumps(values, ensure_ascii=False)],
            )
        found = cursor.fetchall()
    return found if returning else [row[0] for row in found]


def pg_array(values: Iterable) -> str:
    """A PostgreSQL array literal of the values as text, passed as ONE parameter and cast in
    SQL (`%s::text[]`): psycopg adapts a list parameter element by element in Python, which
    costs seconds per million values; this is one string join."""
    return "{" + ",".join(map(_array_item, values)) + "}"


def _array_item(value) -> str:
    text = value if value.__class__ is str else str(value)
    if "\\" in text or '"' in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _insert_batch(batch: list[Prepared], index: int) -> BatchInfo:
    now = timezone.now()
    if connection.vendor != "postgresql":  # stored as Django's SQLite backend stores it
        now = connection.ops.adapt_datetimefield_value(now)
    ids = _reserve_ids(Person, len(batch))
    by_record = {r.record_id: pid for r, pid in zip(batch, ids, strict=True) if r.record_id}
    households, household_of = _households(batch, ids, now)
    people = [
        (pid, household_of.get(r.household_code), *r.person, 1, now, now)
        for r, pid in zip(batch, ids, strict=True)
    ]
    residences, documents, relatives = _children(batch, ids, by_record)
    writer = _copy_rows if connection.vendor == "postgresql" else _executemany_rows
    writer(Household, households)
    writer(Person, people)
    writer(Residence, residences)
    writer(IdentityDocument, documents)
    writer(Relative, relatives)
    counts = Counts(len(people), len(households), len(residences), len(documents), len(relatives))
    return BatchInfo(
        index, counts, batch[0].record_id, batch[-1].record_id, (ids[0], ids[-1]), tuple(ids)
    )


# Columns in the order rows are built; each child row is (person_id, *fields): nothing points
# at a residence, document or relative row, so their ids come from the table's own default.
_PERSON_FIELDS = (
    "full_name", "other_name", "personal_id", "birth_date", "birth_precision", "sex",
    "birthplace", "birth_registration_place", "hometown", "ethnicity", "religion",
    "nationality", "blood_group", "old_id_number", "residence_file_no", "marital_status",
    "relation_to_head", "status", "death_date", "phone", "email", "eid_level", "unit_id",
    "province_id", "record_id",
)  # fmt: skip
_PERSON_COLUMNS = ("id", "household_id", *_PERSON_FIELDS, "name_folded", "given_folded",
                   "version", "created_at", "updated_at")  # fmt: skip
_RESIDENCE_FIELDS = ("kind", "unit_id", "address", "started_on", "expires_on", "ended_on",
                     "end_reason")  # fmt: skip
_DOCUMENT_FIELDS = ("kind", "number", "issued_on", "expires_on", "issued_by")
_RESIDENCE_UNIT = _RESIDENCE_FIELDS.index("unit_id")
_person_values = attrgetter(*_PERSON_FIELDS)
_residence_values = attrgetter(*_RESIDENCE_FIELDS)
_document_values = attrgetter(*_DOCUMENT_FIELDS)


def fold_words(text: str) -> str:
    """`rules.names.fold`, memoised word by word (names repeat a lot); same result."""
    return " ".join(w for w in map(_fold_word, text.split()) if w)


@lru_cache(maxsize=65_536)
def _fold_word(word: str) -> str:
    return fold(word)


def _households(batch, ids, now) -> tuple[list[tuple], dict[str, int]]:
    """Rows for households new in this batch, and the id of every household code used."""
    codes = list(dict.fromkeys(r.household_code for r in batch if r.household_code))
    household_of = dict(existing(Household, "code", codes, returning="id"))
    new = [c for c in codes if c not in household_of]
    heads: dict[str, tuple[Prepared, int]] = {}  # the "Chủ hộ", else the first member
    for r, pid in zip(batch, ids, strict=True):
        current = heads.get(r.household_code)
        if r.household_code and (
            current is None or (r.relation_to_head == HEAD_RELATION != current[0].relation_to_head)
        ):
            heads[r.household_code] = (r, pid)
    rows = []
    for code, hid in zip(new, _reserve_ids(Household, len(new)), strict=True):
        head, pid = heads[code]
        head_id = pid if head.relation_to_head == HEAD_RELATION else None
        rows.append((hid, code, head.unit_id, head.household_address, head_id, now))
        household_of[code] = hid
    return rows, household_of


def _children(batch, ids, by_record) -> tuple[list[tuple], list[tuple], list[tuple]]:
    residences, documents, relatives = [], [], []
    for r, pid in zip(batch, ids, strict=True):
        if r.residences:
            residences += [(pid, *x) for x in r.residences]
        if r.documents:
            documents += [(pid, *d) for d in r.documents]
        if r.relatives:
            relatives += [(pid, kind, by_record.get(record) if record else None, name, number,
                           nationality) for kind, record, name, number, nationality in r.relatives]  # fmt: skip
    return residences, documents, relatives


_CHILD_COLUMNS = {
    Household: ("id", "code", "unit_id", "address", "head_id", "created_at"),
    Person: _PERSON_COLUMNS,
    Residence: ("person_id", *_RESIDENCE_FIELDS),
    IdentityDocument: ("person_id", *_DOCUMENT_FIELDS),
    Relative: ("person_id", "kind", "relative_id", "name", "id_number", "nationality"),
}


def _reserve_ids(model, n: int) -> list[int]:
    """n fresh primary keys for `model`, taken the way an ordinary insert would take them."""
    if n == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One row back, not n: the n values of one statement are consecutive unless another
            # session took values at the same moment, and only then is the list sent.
            cursor.execute(
                "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL "
                "ELSE array_agg(v ORDER BY v) END FROM (SELECT nextval(%s::regclass) AS v "
                "FROM generate_series(1, %s)) AS s",
                [_sequence(table), n],
            )
            first, last, scattered = cursor.fetchone()
            return scattered or list(range(first, last + 1))
        # SQLite AUTOINCREMENT never reuses an id: start above sqlite_sequence and max(id).
        cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')  # noqa: S608
        top = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
        top = max(top, cursor.fetchone()[0])
    return list(range(top + 1, top + n + 1))


@cache
def _sequence(table: str) -> str:
    """The PostgreSQL sequence behind `table`.id (looked up once per process)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        return cursor.fetchone()[0]


def _copy_rows(model, rows: list[tuple]) -> None:
    """COPY in PostgreSQL's binary format: no text parsing on the server."""
    if not rows:
        return
    sql = f'COPY "{model._meta.db_table}" ({", ".join(_columns(model))}) FROM STDIN (FORMAT BINARY)'
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            copy.set_types(_pg_types(model))
            for row in rows:
                copy.write_row(row)


@cache
def _pg_types(model) -> list[str]:
    """Database type of each copied column ("varchar(120)" -> "varchar")."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    return [fields[c].db_type(connection).split("(")[0] for c in _CHILD_COLUMNS[model]]


def _executemany_rows(model, rows: list[tuple]) -> None:
    if not rows:
        return
    columns = _columns(model)
    sql = (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(columns)}) '
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    raw = connection.connection.cursor()  # dates go through Django's registered adapters
    try:
        raw.executemany(sql, rows)
    finally:
        raw.close()


def _columns(model) -> tuple[str, ...]:
    return tuple(f'"{c}"' for c in _CHILD_COLUMNS[model])
