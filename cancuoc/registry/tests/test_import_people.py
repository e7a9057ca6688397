"""Importing a people list: every row validated, valid rows written once, the rest reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.accounts.audit import AuditEvent, verify_chain
from cancuoc.areas.models import Unit, UnitLink
from cancuoc.registry.imports import runner
from cancuoc.registry.imports.columns import match_headers
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.imports.rows import convert_row
from cancuoc.registry.imports.services import create_import_job, run_import_job
from cancuoc.registry.models import IdentityDocument, Person, Relative, Residence
from cancuoc.registry.tests.files import corpus
from cancuoc.testing import make_unit

CLI = Actor.system("test", channel=Channel.CLI)
FULL_HEADER = [
    "Họ, chữ đệm và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Xã thường trú",
    "Nơi thường trú",
    "Dân tộc",
    "Tôn giáo",
    "Nhóm máu",
    "Họ tên cha",
    "Số định danh của cha",
    "Số hộ",
    "Quan hệ với chủ hộ",
    "Số thẻ",
    "Loại thẻ",
    "Ngày cấp",
    "Mã xã tạm trú",
    "Thời hạn tạm trú",
    "Mức định danh điện tử",
    "Số điện thoại",
]


def run(path, *, unit=None) -> ImportJob:
    job, _ = create_import_job(path, actor=CLI, source_name=path.name, unit=unit)
    return run_import_job(job)


def issues(job, kind=ImportIssue.Kind.ERROR) -> list[tuple[int, str, str]]:
    return list(
        ImportIssue.objects.filter(job=job, kind=kind)
        .order_by("row", "pk")
        .values_list("row", "column", "message")
    )


def _full_row() -> list[str]:
    return [
        "nguyễn văn an",
        "15/05/1990",
        "Nam",
        "075090012345",
        "Trang Dai",
        "Số 5, tổ 3",
        "Kinh",
        "Không",
        "O+",
        "Nguyễn Văn Ba",
        "075060000001",
        "HK-1",
        "Chủ hộ",
        "075090012345",
        "CCCD",
        "01/02/2021",
        "26068",
        "31/12/2027",
        "Mức 2",
        "0912345678",
    ]


def test_it_imports_valid_rows_with_all_columns(tmp_path, commune_a, commune_b):
    row = _full_row()
    job = run(corpus.write_xlsx(tmp_path / "day-du.xlsx", [row], header=FULL_HEADER))
    assert (job.status, job.rows_imported, job.rows_invalid) == ("done", 1, 0)
    person = Person.objects.get()
    assert (person.full_name, person.birth_date, person.sex) == (
        "Nguyễn Văn An",
        dt.date(1990, 5, 15),
        "male",
    )
    assert (person.unit, person.province_id, person.blood_group, person.eid_level) == (
        commune_a,
        commune_a.province_id,
        "O+",
        2,
    )
    assert person.household.code == "HK-1" and person.household.head == person
    assert {(r.kind, r.unit_id) for r in Residence.objects.all()} == {
        ("permanent", commune_a.pk),
        ("temporary", commune_b.pk),
    }
    assert Residence.objects.get(kind="temporary").expires_on == dt.date(2027, 12, 31)
    assert Relative.objects.get().name == "Nguyễn Văn Ba"
    assert IdentityDocument.objects.get().issued_on == dt.date(2021, 2, 1)


def test_it_keeps_the_precision_of_partial_birth_dates(tmp_path, commune_a):
    rows = [
        ["Lê Thị Mai", "03/1975", "Nữ", "", "26041", ""],
        ["Lê Văn Tùng", "1950", "Nam", "", "26041", ""],
    ]
    run(corpus.write_csv(tmp_path / "a.csv", rows))
    assert dict(Person.objects.values_list("birth_precision", "birth_date")) == {
        "month": dt.date(1975, 3, 1),
        "year": dt.date(1950, 1, 1),
    }


def test_it_reports_each_bad_row_and_imports_the_rest(tmp_path, commune_a):
    rows = corpus.people_rows(3) + [
        ["Lê Văn Tám", "15/05/90", "Nam", "", "26041", ""],  # 2-digit year
        ["Lê Văn Chín", "01/01/1990", "Nam", "0750900123456", "26041", ""],  # 13 digits
        ["Lê Văn Mười", "01/01/1990", "Nữ", "075090000001", "26041", ""],  # sex differs from ID
        ["", "01/01/1990", "Nam", "", "99999", ""],  # no name, unknown unit
    ]
    job = run(corpus.write_csv(tmp_path / "loi.csv", rows))
    assert (job.rows_read, job.rows_imported, job.rows_invalid) == (7, 3, 4)
    found = issues(job)
    assert found[0] == (5, "birth_date", "Năm “90” không hợp lệ: năm phải ghi đủ 4 chữ số")
    assert found[1] == (6, "personal_id", "Số định danh phải gồm đúng 12 chữ số")
    assert found[2][:2] == (7, "personal_id") and "khác giới tính đã ghi Nữ" in found[2][2]
    assert {f[1] for f in found[3:]} == {"full_name", "permanent_unit_code"}
    assert Person.objects.count() == 3


def test_a_unit_that_did_not_exist_on_the_date_is_an_error_naming_its_successor(
    tmp_path, commune_a
):
    old = make_unit(code="25993", name="Tân Hòa", kind="Phường", scheme=Unit.Scheme.LEGACY)
    UnitLink.objects.create(old=old, new=commune_a)
    job = run(
        corpus.write_csv(tmp_path / "cu.csv", [["Lê Văn Tám", "1990", "Nam", "", "25993", ""]])
    )
    [(row, column, message)] = issues(job)
    assert (row, column) == (2, "permanent_unit_code")
    assert "không còn hiệu lực" in message and "nay thuộc Phường Trảng Dài" in message


def test_rows_outside_the_jobs_area_are_refused(tmp_path, commune_a, commune_b):
    rows = corpus.people_rows(2) + corpus.people_rows(1, start=5, unit="26068")
    job = run(corpus.write_csv(tmp_path / "a.csv", rows), unit=commune_a)
    assert (job.rows_imported, job.rows_invalid) == (2, 1)
    assert "không thuộc địa bàn Phường Trảng Dài" in issues(job)[0][2]


def test_a_personal_id_already_in_the_register_is_a_conflict(tmp_path, commune_a):
    run(corpus.write_csv(tmp_path / "a.csv", corpus.people_rows(2)))
    rows = corpus.people_rows(3) + corpus.people_rows(1, start=2)  # row 5 repeats row 4's ID
    job = run(corpus.write_csv(tmp_path / "b.csv", rows))
    assert (job.rows_imported, job.rows_conflict) == (1, 3)
    conflicts = issues(job, ImportIssue.Kind.CONFLICT)
    assert [c[0] for c in conflicts] == [2, 3, 5]
    assert "đã có trong sổ" in conflicts[0][2] and "trùng với dòng 4" in conflicts[2][2]
    assert Person.objects.count() == 3


def test_lookalikes_are_imported_and_flagged_never_merged(tmp_path, commune_a):
    run(
        corpus.write_csv(
            tmp_path / "a.csv", [["Trần Thị Hoa", "01/02/1980", "Nữ", "", "26041", ""]]
        )
    )
    rows = [
        ["Trần Thị Hoa", "01/02/1980", "Nữ", "", "26041", ""],
        ["TRẦN THỊ HOA", "01/02/1980", "Nữ", "", "26041", ""],
    ]
    job = run(corpus.write_csv(tmp_path / "b.csv", rows))
    assert (job.rows_imported, job.rows_flagged) == (2, 2)
    flags = ImportIssue.objects.filter(job=job, kind="flag").order_by("row")
    assert flags[0].person_id == Person.objects.order_by("pk").first().pk
    assert Person.objects.filter(full_name="Trần Thị Hoa").count() == 3


def test_rerunning_the_same_file_adds_nothing(tmp_path, commune_a):
    path = corpus.write_csv(tmp_path / "a.csv", corpus.people_rows(20))
    first = run(path)
    again, created = create_import_job(path, actor=CLI, source_name="a.csv")
    assert (created, again.pk) == (False, first.pk)
    run_import_job(again)
    assert Person.objects.count() == 20


@override_settings(IMPORT_BATCH_ROWS=10)
def test_a_crash_keeps_whole_batches_and_a_rerun_completes_exactly(
    tmp_path, commune_a, monkeypatch
):
    path = corpus.write_csv(
        tmp_path / "a.csv", corpus.people_rows(35) + [["", "", "", "", "", "x"]]
    )
    real, calls = runner.commit_batch, []

    def crash_on_third(batch, job, **kwargs):
        calls.append(batch.last_row)
        if len(calls) == 3:
            raise RuntimeError("mất điện")
        return real(batch, job, **kwargs)

    monkeypatch.setattr(runner, "commit_batch", crash_on_third)
    job, _ = create_import_job(path, actor=CLI, source_name="a.csv")
    with pytest.raises(RuntimeError):
        run_import_job(job)
    job.refresh_from_db()
    assert (job.status, job.checkpoint_row, Person.objects.count()) == ("failed", 21, 20)
    monkeypatch.setattr(runner, "commit_batch", real)
    job = run_import_job(job)
    assert (job.status, job.rows_read, job.rows_imported, job.rows_invalid) == ("done", 36, 35, 1)
    assert Person.objects.count() == 35
    assert Person.objects.values("personal_id").distinct().count() == 35


def test_it_writes_started_and_finished_audit_events_and_batch_events(tmp_path, commune_a):
    job = run(corpus.write_csv(tmp_path / "a.csv", corpus.people_rows(4)))
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "registry.import.created",
        "registry.import.started",
        "registry.people.bulk_created",
        "registry.import.finished",
    ]
    finished = AuditEvent.objects.get(action="registry.import.finished")
    assert (finished.data["rows_imported"], finished.object_id) == (4, str(job.pk))
    assert verify_chain().ok


def test_the_command_imports_and_prints_json(tmp_path, commune_a, capsys):
    path = corpus.write_csv(
        tmp_path / "a.csv", corpus.people_rows(3) + [["X", "1990", "?", "", "26041", ""]]
    )
    report = tmp_path / "loi.xlsx"
    call_command(
        "import", "people", str(path), "--unit", "26041", "--json", "--report", str(report)
    )
    out = capsys.readouterr().out
    assert '"rows_imported": 3' in out and '"rows_invalid": 1' in out
    from openpyxl import load_workbook

    sheet = load_workbook(report).worksheets[0]
    assert [c.value for c in sheet[2]][:2] == [5, "Giới tính (sex)"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])  # CSV: text blocks; xlsx: cells
@override_settings(IMPORT_WORKERS=2, IMPORT_PARALLEL_MIN_ROWS=0, IMPORT_BATCH_ROWS=700)
def test_parallel_validation_gives_the_same_result_in_file_order(tmp_path, commune_a, kind):
    rows = corpus.people_rows(4500)
    rows[3000] = ["Lê Văn Tám", "15/05/90", "Nam", "", "26041", ""]
    write = corpus.write_csv if kind == "csv" else corpus.write_xlsx
    job = run(write(tmp_path / f"a.{kind}", rows))
    assert (job.status, job.rows_imported, job.rows_invalid) == ("done", 4499, 1)
    assert issues(job)[0][0] == 3002
    first, last = Person.objects.order_by("pk")[0], Person.objects.order_by("-pk")[0]
    assert (first.full_name, last.full_name) == (rows[0][0], rows[-1][0])


def test_xlsx_date_cells_and_numbers_that_lost_their_zeros_are_read(tmp_path, commune_a):
    header = ["full_name", "birth_date", "sex", "personal_id", "permanent_unit_code", "phone"]
    row = ["Đỗ Thị Lan", dt.datetime(1991, 7, 9), "Nữ", 75191000123, 26041, 912345678]
    job = run(corpus.write_xlsx(tmp_path / "so.xlsx", [row], header=header))
    assert (job.rows_imported, job.rows_invalid) == (1, 0), issues(job)
    person = Person.objects.get()
    assert (person.birth_date, person.personal_id, person.phone) == (
        dt.date(1991, 7, 9),
        "075191000123",
        "0912345678",
    )


def test_an_address_without_its_commune_is_reported_not_dropped(tmp_path, commune_a):
    header = ["full_name", "birth_date", "sex", "current_unit_code", "permanent_address"]
    job = run(
        corpus.write_csv(
            tmp_path / "a.csv", [["Lê Văn Tư", "1990", "Nam", "26041", "Số 9"]], header=header
        )
    )
    assert issues(job) == [
        (2, "permanent_address", "Có nơi thường trú nhưng chưa ghi Mã xã thường trú")
    ]
    assert Person.objects.count() == 0


def test_a_record_crosses_to_the_importing_process_unchanged(commune_a, commune_b):
    import pickle

    from cancuoc.registry.bulk import Prepared, prepare
    from cancuoc.registry.imports.rows import read_cells

    header = [*FULL_HEADER, "Mã xã nơi ở hiện tại", "Họ tên mẹ", "Ngày chết", "Tình trạng"]
    cells = [*_full_row(), "26068", "Lê Thị Mai", "01/02/2024", "Đã chết"]
    ctx = runner.row_context(ImportJob(unit=None), match_headers(header), dt.date(2026, 11, 22))
    record, problems = convert_row(read_cells(cells, ctx.layout), ctx)
    assert problems == [] and record.relatives and record.documents and record.residences
    prepared = prepare(record)
    crossed = pickle.loads(pickle.dumps(prepared))
    assert crossed == prepared and crossed.__class__ is Prepared
    assert (crossed.personal_id, crossed.household_code) == (
        record.personal_id,
        record.household_code,
    )
    assert [r[1] for r in crossed.residences] == [r.unit_id for r in record.residences]
    assert ("mother", "Lê Thị Mai") in [(r[0], r[2]) for r in crossed.relatives]


def test_large_files_validate_in_a_worker(monkeypatch):
    from cancuoc.registry.imports.services import _tuning

    monkeypatch.delenv("CANCUOC_IMPORT_WORKERS", raising=False)
    assert _tuning(30_000, 0)[1] == 1
    assert _tuning(500, 0)[1] == 0  # a small file never forks
    assert _tuning(30_000, 3)[1] == 3  # the command line's choice wins
