"""Whatever a list holds, an import ends with a status and a message, and every row is counted:
imported, refused with a reason, or refused as a duplicate. Random files (hypothesis) made of
real column names and hostile cell values: dates in every format and none, ID-like numbers,
unit codes and names, quotes, line breaks, separators, formulas, very long text."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.registry.imports.columns import COLUMNS
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.imports.services import create_import_job, run_import_job
from cancuoc.registry.models import Person
from cancuoc.registry.tests.files import corpus

CLI = Actor.system("fuzz", channel=Channel.CLI)
REQUIRED = ["full_name", "birth_date", "sex", "permanent_unit_code"]
OPTIONAL = [c for c in COLUMNS if c not in REQUIRED]
_counter = itertools.count()

texts = st.text(
    alphabet=st.sampled_from(
        "aAđĐăâêôơưệộữ Nguyễn Thị Lan0123456789/-.,;:\"'=+@\n\r\t\u00a0\u200b\ufeff"
    ),
    max_size=30,
)
cells = st.one_of(
    texts,
    st.sampled_from(
        [
            "",
            " ",
            "Nam",
            "Nữ",
            "nu",
            "male",
            "X",
            "26041",
            "26068",
            "Trảng Dài",
            "99999",
            "0",
            "Kinh",
            "Không",
            "Việt Nam",
            "Mức 2",
            "CCCD",
            "Đã chết",
            "31/12/2027",
            "29/02/2023",
            "15/05/90",
            "1990",
            "03/1975",
            "2099-01-01",
            "1800",
            "=1+1",
            "x" * 300,
        ]
    ),  # fmt: skip
    st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.from_regex(r"0[0-9]{2}[0-3][0-9]{8}", fullmatch=True),  # a 12-digit ID, any structure
    st.from_regex(r"[0-9]{9,13}", fullmatch=True),
)


# What a spreadsheet cell can hold besides text (calamine reads them typed).
xlsx_cells = st.one_of(
    cells,
    st.integers(-(10**13), 10**13),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.booleans(),
    st.none(),
)


@st.composite
def lists(draw, cells=cells):
    header = list(REQUIRED)
    if draw(st.booleans()):
        header.remove(draw(st.sampled_from(REQUIRED)))  # a required column missing
    header += draw(st.lists(st.sampled_from(OPTIONAL), max_size=6, unique=True))
    header += draw(st.lists(st.sampled_from(["ghi chu", "STT", ""]), max_size=1))
    header = draw(st.permutations(header))
    width = len(header)
    good = draw(st.integers(0, 3))
    bad = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), max_size=8))
    return header, good, bad


def _valid_rows(header: list[str], n: int) -> list[list[str]]:
    """n valid people laid out under `header` (empty cells for the other columns)."""
    rows = []
    for row in corpus.people_rows(n, start=next(_counter) * 10):
        values = dict(zip(corpus.HEADER, row, strict=True))
        rows.append([values.get(column, "") for column in header])
    return rows


FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


@pytest.mark.django_db
@FUZZ
@given(sample=lists())
def test_every_csv_row_is_imported_or_refused_with_a_reason(sample, tmp_path, commune_a, commune_b):
    header, good, bad = sample
    path = tmp_path / f"fuzz-{next(_counter)}.csv"
    _import_and_check(
        corpus.write_csv(path, _valid_rows(header, good) + bad, header=header), header, good
    )


@pytest.mark.django_db
@settings(FUZZ, max_examples=30)
@given(sample=lists(cells=xlsx_cells))
def test_every_xlsx_row_is_imported_or_refused_with_a_reason(
    sample, tmp_path, commune_a, commune_b
):
    header, good, bad = sample
    # Excel cannot store control characters, and text starting with "=" would be a formula
    # (refused as a whole file: test_import_files); the other cells are kept as drawn.
    bad = [[ILLEGAL_CHARACTERS_RE.sub("", v).lstrip("=") if isinstance(v, str) else v
            for v in row] for row in bad]  # fmt: skip
    path = tmp_path / f"fuzz-{next(_counter)}.xlsx"
    _import_and_check(
        corpus.write_xlsx(path, _valid_rows(header, good) + bad, header=header), header, good
    )


def _import_and_check(path, header, good) -> None:
    before = Person.objects.count()

    job, _ = create_import_job(path, actor=CLI, source_name=path.name)
    job = run_import_job(job)

    written = Person.objects.count() - before
    event(f"{job.status}, {'some' if job.rows_imported else 'no'} rows imported")
    assert job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED), job.status
    assert job.message or job.status == ImportJob.Status.DONE
    issues = ImportIssue.objects.filter(job=job)
    assert all(i.message.strip() for i in issues)
    if job.status == ImportJob.Status.FAILED:
        assert written == 0 and issues.filter(row=1).exists(), job.message
        return
    assert written == job.rows_imported
    assert job.rows_imported + job.rows_invalid + job.rows_conflict == job.rows_read
    refused_rows = set(
        issues.exclude(kind=ImportIssue.Kind.FLAG).values_list("row", flat=True).distinct()
    )
    assert len(refused_rows) == job.rows_invalid + job.rows_conflict
    if "permanent_unit_code" in header and good:
        assert job.rows_imported >= 1  # the valid rows went in whatever surrounds them
