"""Bad files are refused as a whole, with a Vietnamese reason, before any row is written."""

from __future__ import annotations

import pytest
from django.test import override_settings

from cancuoc.accounts.actor import Actor, Channel
from cancuoc.registry.imports.columns import HeaderError, match_headers
from cancuoc.registry.imports.encodings import detect_legacy, is_vietnamese_syllable
from cancuoc.registry.imports.models import ImportIssue, ImportJob
from cancuoc.registry.imports.services import create_import_job, run_import_job
from cancuoc.registry.imports.sources import FileRefused, open_source
from cancuoc.registry.models import Person
from cancuoc.registry.tests.files import corpus


def refused(path) -> str:
    with pytest.raises(FileRefused) as info:
        open_source(path)
    return info.value.reason


def test_it_refuses_an_empty_file(tmp_path):
    path = tmp_path / "rong.csv"
    path.write_bytes(b"")
    assert "Tệp rỗng" in refused(path)


def test_it_refuses_a_binary_file_renamed_xlsx(tmp_path):
    reason = refused(corpus.binary_named_xlsx(tmp_path / "danh-sach.xlsx"))
    assert "đuôi .xlsx nhưng không phải tệp Excel" in reason


def test_it_refuses_a_zip_that_is_not_a_workbook(tmp_path):
    assert "không phải tệp Excel .xlsx đọc được" in refused(
        corpus.zip_not_xlsx(tmp_path / "a.xlsx")
    )


def test_it_refuses_old_xls(tmp_path):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "Excel 97–2003 (.xls)" in refused(path)


@pytest.mark.parametrize("encoding, label", [("tcvn3", "TCVN3"), ("vni", "VNI")])
def test_it_refuses_legacy_vietnamese_encodings(tmp_path, encoding, label):
    reason = refused(corpus.legacy_csv(tmp_path / f"{encoding}.csv", encoding))
    assert f"bảng mã cũ {label}" in reason
    assert "Unikey" in reason


def test_it_refuses_tcvn3_text_saved_as_unicode(tmp_path):
    rows = [[corpus.to_tcvn3(c) for c in row] for row in corpus.people_rows(5)]
    reason = refused(corpus.write_csv(tmp_path / "tcvn3-utf8.csv", rows))
    assert "được lưu thành Unicode nhưng chữ vẫn gõ bằng bảng mã cũ TCVN3" in reason


def test_it_refuses_tcvn3_text_in_an_xlsx(tmp_path):
    rows = [[corpus.to_tcvn3(c) for c in row] for row in corpus.people_rows(5)]
    assert "TCVN3" in refused(corpus.write_xlsx(tmp_path / "tcvn3.xlsx", rows))


def test_it_accepts_real_unicode_vietnamese(tmp_path):
    source = open_source(corpus.write_csv(tmp_path / "ok.csv", corpus.people_rows(30)))
    assert source.encoding == "utf-8-sig"
    assert source.rows_expected == 30
    assert detect_legacy("Nguyễn Văn Ánh, Phường Trảng Dài, Hoà Bình, Huỳnh Thị Đào") is None


@pytest.mark.parametrize(
    "word, ok",
    [
        ("Nguyễn", True),
        ("khuyến", True),
        ("gì", True),
        ("Nguyeãn", False),
        ("V¨n", False),
        ("thÞ", False),
    ],
)
def test_syllable_check(word, ok):
    assert is_vietnamese_syllable(word) is ok


def test_it_refuses_bad_utf8_deep_in_a_csv(tmp_path):
    path = corpus.write_csv(tmp_path / "hong.csv", corpus.people_rows(3000))
    with path.open("ab") as f:
        f.write("Lê Văn Tám,01/01/1990,Nam,,26041,".encode() + b"\xff\xfe\n")
    assert "dòng 3002" in refused(path)


def test_it_refuses_merged_cells(tmp_path):
    path = corpus.write_xlsx(tmp_path / "gop.xlsx", corpus.people_rows(3), merge="E2:E3")
    assert "ô gộp (merged cells) tại E2:E3" in refused(path)


def test_it_refuses_formulas_without_a_saved_value(tmp_path):
    path = corpus.write_xlsx(tmp_path / "congthuc.xlsx", corpus.people_rows(3), formula_cell="G2")
    assert "công thức chưa được tính ở ô G2" in refused(path)


def test_it_names_the_missing_required_column_and_suggests_the_closest():
    with pytest.raises(HeaderError) as info:
        match_headers(["Ho va tn", "Ngày sinh", "Giới tính", "Mã xã thường trú"])
    assert "Thiếu cột bắt buộc: “Họ, chữ đệm và tên” (full_name)" in info.value.reason
    assert "có phải cột “Ho va tn”" in info.value.reason


def test_it_requires_a_residence_unit_column():
    with pytest.raises(HeaderError, match="Mã xã thường trú"):
        match_headers(["full_name", "birth_date", "sex", "permanent_address"])


def test_it_refuses_a_column_given_twice():
    with pytest.raises(HeaderError, match="xuất hiện hai lần \\(cột B và cột D\\)"):
        match_headers(["full_name", "Ngày sinh", "sex", "birth_date", "permanent_unit_code"])


def test_vietnamese_headers_match_without_case_or_diacritics():
    layout = match_headers(
        [
            "HỌ, CHỮ ĐỆM VÀ TÊN",
            "ngay sinh",
            "Giới tính",
            "Số định danh cá nhân",
            "Nơi thường trú",
            "Xã thường trú",
            "STT",
        ]
    )
    assert layout.positions == {
        "full_name": 0,
        "birth_date": 1,
        "sex": 2,
        "personal_id": 3,
        "permanent_address": 4,
        "permanent_unit_code": 5,
    }
    assert layout.ignored == ("STT",)


def test_it_reads_a_semicolon_separated_csv(tmp_path):
    path = corpus.write_csv(tmp_path / "a.csv", corpus.people_rows(2), delimiter=";")
    assert open_source(path).headers == corpus.HEADER


# --- through a job: refused files fail the job, write nothing, say why -------------------


def run_file(path) -> ImportJob:
    job, _ = create_import_job(
        path, actor=Actor.system("test", channel=Channel.CLI), source_name=path.name
    )
    return run_import_job(job)


@pytest.mark.parametrize(
    "build, expected",
    [
        (lambda d: corpus.write_csv(d / "tieude.csv", []), "chỉ có dòng tiêu đề"),
        (
            lambda d: corpus.write_csv(d / "sai.csv", [["x"]], header=["ten", "ngay"]),
            "Thiếu cột bắt buộc",
        ),
        (lambda d: corpus.legacy_csv(d / "vni.csv", "vni"), "VNI"),
    ],
)
def test_a_refused_file_fails_the_job_and_writes_nothing(tmp_path, commune_a, build, expected):
    job = run_file(build(tmp_path))
    assert job.status == ImportJob.Status.FAILED
    assert expected in job.message
    assert Person.objects.count() == 0
    assert ImportIssue.objects.get(job=job).row == 1


def test_an_xlsx_over_the_size_limit_is_refused(tmp_path, commune_a):
    path = corpus.write_xlsx(tmp_path / "lon.xlsx", corpus.people_rows(50))
    with override_settings(IMPORT_MAX_XLSX_BYTES=1000):
        job = run_file(path)
    assert job.status == ImportJob.Status.FAILED
    assert "Tệp Excel lớn hơn" in job.message
    assert Person.objects.count() == 0


def test_a_size_limit_refuses_before_reading(tmp_path):
    path = corpus.write_csv(tmp_path / "a.csv", corpus.people_rows(100))
    with pytest.raises(FileRefused, match="vượt giới hạn"):
        open_source(path, max_bytes=1000)
