"""Agency lists: mark an upload as an agency's list, and fill its entries once imported.

An agency's list mostly names people already in the register: the import refuses their rows
as duplicates of an existing personal ID, which is right for the register, but the list keeps
every row and links it to the person, whether the row created the person or found them.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cancuoc.accounts import audit
from cancuoc.accounts.actor import Actor
from cancuoc.accounts.scope import Scope, scope_of_unit
from cancuoc.registry.agency_lists.kinds import KINDS, ListKind, detect_kind
from cancuoc.registry.agency_lists.models import AgencyList, AgencyListEntry
from cancuoc.registry.errors import RegistryError
from cancuoc.registry.imports.columns import HeaderError, label, match_headers
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.imports.sources import FileRefused, open_source
from cancuoc.registry.queries import people_in_scope
from cancuoc.rules.dates import parse_partial_date
from cancuoc.rules.errors import RuleError
from cancuoc.rules.idnumber import clean_digits
from cancuoc.rules.names import fold

log = logging.getLogger(__name__)
BATCH_ROWS = 2000
ENTRY_TEXT = ("organisation", "group", "rank", "position")


@transaction.atomic
def register_agency_list(
    job: ImportJob, *, kind: str, agency_name: str = "", actor: Actor
) -> AgencyList:
    """Mark the (not yet run) import `job` as an agency's list of `kind`.

    Preconditions: `kind` is one of kinds.KINDS; the job has no list yet. Effects: an
    AgencyList waiting for its entries; audit registry.agency_list.created.
    """
    if kind not in KINDS:
        raise RegistryError(
            f"Loại danh sách “{kind}” không có.", errors={"list_kind": "Chọn một loại danh sách"}
        )
    if AgencyList.objects.filter(job=job).exists():
        raise RegistryError(f"Lần nhập #{job.pk} đã được ghi là danh sách cơ quan gửi.")
    agency_list = AgencyList.objects.create(job=job, kind=kind, agency_name=agency_name[:255])
    data = {"job": job.pk, "kind": kind, "agency_name": agency_list.agency_name}
    audit.record(actor, "registry.agency_list.created", agency_list, data=data)
    return agency_list


def fill_agency_list(job: ImportJob, *, actor: Actor) -> AgencyList | None:
    """After an import job's rows are written: the entries of its agency list.

    The job's list is the one registered at upload, or a new one when the file's headings are
    those of a template (detected kind). Preconditions: the job's batches are committed.
    Effects: the list's entries replaced by one per data row (re-running after a resumed
    import gives the same entries), each linked by personal ID (else by name and full birth
    date, when exactly one person matches) to a person in the job's area; counts; audit
    registry.agency_list.filled. Never fails the import: a problem is logged and the list
    stays "Đang nhập".
    """
    try:
        return _fill(job, actor)
    except (FileRefused, HeaderError, OSError) as exc:
        log.warning("agency list of import job %s not filled: %s", job.pk, exc)
        return None


def _fill(job: ImportJob, actor: Actor) -> AgencyList | None:
    source = open_source(Path(job.file_path), name=job.source_name)
    agency_list = AgencyList.objects.filter(job=job).first()
    if agency_list is None:
        kind = detect_kind(source.headers)
        if kind is None:
            return None
        agency_list = register_agency_list(job, kind=kind.code, actor=actor)
    reader = _RowReader(agency_list.list_kind, source.headers)
    scope = scope_of_unit(job.unit) if job.unit_id else Scope(national=True)
    with transaction.atomic():
        agency_list.entries.all().delete()
        total = linked = 0
        organisations: set[str] = set()
        for chunk in _batches(source.rows(), BATCH_ROWS):
            entries = [reader.entry(agency_list, number, cells) for number, cells in chunk]
            lookalikes = _attach_problems(entries, job)
            _link(entries, scope, lookalikes)
            AgencyListEntry.objects.bulk_create(entries)
            total += len(entries)
            linked += sum(1 for e in entries if e.person_id)
            organisations.update(e.organisation for e in entries if e.organisation)
        if not agency_list.agency_name and len(organisations) == 1:
            agency_list.agency_name = organisations.pop()[:255]
        agency_list.entries_count, agency_list.linked_count = total, linked
        agency_list.status, agency_list.filled_at = AgencyList.Status.READY, timezone.now()
        agency_list.save()
        data = {"job": job.pk, "kind": agency_list.kind, "entries": total, "linked": linked}
        audit.record(actor, "registry.agency_list.filled", agency_list, data=data)
    return agency_list


def _batches(rows, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _RowReader:
    """Reads the cells an entry keeps: name, birth date, personal ID, the list's columns."""

    def __init__(self, kind: ListKind, headers: list[str]) -> None:
        try:
            positions = match_headers(headers).positions
        except HeaderError:  # the import refused the file: nothing to read
            positions = {}
        self.person = {f: positions[f] for f in ("full_name", "birth_date", "personal_id")
                       if f in positions}  # fmt: skip
        self.own = kind.own_positions(headers)

    def _cell(self, cells: list, position: int | None) -> str:
        if position is None or position >= len(cells):
            return ""
        value = cells[position]
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        return _text(value)

    def entry(self, agency_list: AgencyList, number: int, cells: list) -> AgencyListEntry:
        personal_id = clean_digits(self._cell(cells, self.person.get("personal_id")))
        if (
            personal_id
            and len(personal_id) < 12
            and isinstance(cells[self.person["personal_id"]], int | float)
        ):
            personal_id = personal_id.zfill(12)  # Excel dropped the leading zero
        entry = AgencyListEntry(
            agency_list=agency_list,
            row=number,
            full_name=self._cell(cells, self.person.get("full_name"))[:120],
            birth_date=self._cell(cells, self.person.get("birth_date"))[:30],
            personal_id=personal_id[:20],
        )
        for field in ENTRY_TEXT:
            max_length = AgencyListEntry._meta.get_field(field).max_length
            setattr(entry, field, self._cell(cells, self.own.get(field))[:max_length])
        return entry


def _link(entries: list[AgencyListEntry], scope: Scope, lookalikes: dict[int, int]) -> None:
    """Set each entry's person: by personal ID; without one, the registered person the import
    found the row resembles, else the only person with that name and full birth date."""
    people = people_in_scope(scope)
    ids = {e.personal_id for e in entries if len(e.personal_id) == 12}
    by_id = dict(people.filter(personal_id__in=ids).values_list("personal_id", "pk"))
    unmatched = []
    visible = set(people.filter(pk__in=set(lookalikes.values())).values_list("pk", flat=True))
    for entry in entries:
        entry.person_id = by_id.get(entry.personal_id)
        if entry.person_id is None and not entry.personal_id:
            if lookalikes.get(entry.row) in visible:
                entry.person_id = lookalikes[entry.row]
            else:
                unmatched.append(entry)
    names = {fold(e.full_name) for e in unmatched if e.full_name}
    if not names:
        return
    candidates: dict[tuple, list[int]] = defaultdict(list)
    rows = people.filter(name_folded__in=names, birth_precision="day")
    for pk, name, birth in rows.values_list("pk", "name_folded", "birth_date"):
        candidates[(name, birth)].append(pk)
    for entry in unmatched:
        try:
            birth = parse_partial_date(entry.birth_date)
        except (RuleError, ValueError):
            continue
        if birth.precision != "day":
            continue
        found = candidates.get((fold(entry.full_name), birth.to_date()), [])
        if len(found) == 1:
            entry.person_id = found[0]


def _attach_problems(entries: list[AgencyListEntry], job: ImportJob) -> dict[int, int]:
    """The import's refusals of these rows (a duplicate personal ID is not one: the row
    names a person already registered, which is what an agency's list is for); returns
    {row: person} for rows the import flagged as resembling a registered person."""
    rows = [e.row for e in entries]
    issues = ImportIssue.objects.filter(
        job=job,
        kind__in=(ImportIssue.Kind.ERROR, ImportIssue.Kind.FLAG),
        row__gte=min(rows),
        row__lte=max(rows),
    ).order_by("row", "pk")
    problems: dict[int, list[str]] = defaultdict(list)
    lookalikes: dict[int, int] = {}
    for row, kind, column, message, person_id in issues.values_list(
        "row", "kind", "column", "message", "person_id"
    ):
        if kind == ImportIssue.Kind.FLAG:
            if person_id:
                lookalikes.setdefault(row, person_id)
        else:
            problems[row].append(f"{label(column)}: {message}" if column else message)
    for entry in entries:
        entry.problem = "; ".join(problems.get(entry.row, []))
    return lookalikes
