from __future__ import annotations

import pytest

from cancuoc.rules.catalogues import (
    BLOOD_GROUPS,
    ETHNICITIES,
    MARITAL_STATUSES,
    NATIONALITIES,
    RELIGIONS,
    Catalogue,
    Entry,
)
from cancuoc.rules.errors import RuleError

ALL = [ETHNICITIES, RELIGIONS, NATIONALITIES, BLOOD_GROUPS, MARITAL_STATUSES]


def test_there_are_54_ethnic_groups_coded_01_to_54():
    assert [e.code for e in ETHNICITIES] == [f"{i:02d}" for i in range(1, 55)]
    assert len({e.name for e in ETHNICITIES}) == 54


@pytest.mark.parametrize(
    ("code", "name"),
    [("01", "Kinh"), ("04", "Hoa"), ("05", "Khơ-me"), ("06", "Mường"), ("08", "H'Mông"),
     ("11", "Ngái"), ("24", "Thổ"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ Măm")],
)  # fmt: skip
def test_ethnic_codes_follow_decision_121_tctk(code, name):
    assert ETHNICITIES.get(code).name == name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kinh", "01"),
        ("Kinh (Việt)", "01"),
        ("KINH", "01"),
        ("Dân tộc Kinh", "01"),
        ("Tày", "02"),
        ("tay", "02"),
        ("Thái", "03"),
        ("Mường", "06"),
        ("Hoa", "04"),
        ("Khmer", "05"),
        ("Khơ-me", "05"),
        ("Khơ Me", "05"),
        ("H'Mông", "08"),
        ("H’Mông", "08"),
        ("Mông", "08"),
        ("Hmông", "08"),
        ("Mèo", "08"),
        ("Nùng", "07"),
        ("Dao", "09"),
        ("Gia Rai", "10"),
        ("Jrai", "10"),
        ("Ê Đê", "12"),
        ("Ê-đê", "12"),
        ("Ba Na", "13"),
        ("Bahnar", "13"),
        ("Xơ Đăng", "14"),
        ("Sán Chay", "15"),
        ("Cơ Ho", "16"),
        ("K'Ho", "16"),
        ("Chăm", "17"),
        ("Chàm", "17"),
        ("M'Nông", "20"),
        ("Bru - Vân Kiều", "23"),
        ("Ơ-đu", "53"),
        ("1", "01"),
        ("54", "54"),
    ],
)
def test_ethnicities_resolve_common_spellings(text, code):
    assert ETHNICITIES.resolve(text).code == code


@pytest.mark.parametrize(
    ("catalogue", "text", "code"),
    [
        (RELIGIONS, "Không", "00"),
        (RELIGIONS, "không tôn giáo", "00"),
        (RELIGIONS, "0", "00"),
        (RELIGIONS, "Đạo Phật", "01"),
        (RELIGIONS, "Thiên Chúa giáo", "02"),
        (RELIGIONS, "tin lanh", "03"),
        (RELIGIONS, "Đạo Cao Đài", "04"),
        (RELIGIONS, "Phật giáo Hoà Hảo", "05"),
        (RELIGIONS, "Hồi giáo", "06"),
        (RELIGIONS, "Bà La Môn", "13"),
        (NATIONALITIES, "Việt Nam", "VN"),
        (NATIONALITIES, "VNM", "VN"),
        (NATIONALITIES, "vn", "VN"),
        (NATIONALITIES, "Lào", "LA"),
        (NATIONALITIES, "Campuchia", "KH"),
        (NATIONALITIES, "Trung Quốc", "CN"),
        (NATIONALITIES, "Mỹ", "US"),
        (NATIONALITIES, "MY", "MY"),
        (NATIONALITIES, "Hàn Quốc", "KR"),
        (NATIONALITIES, "Không quốc tịch", "XX"),
        (NATIONALITIES, "chưa xác định", "ZZ"),
        (BLOOD_GROUPS, "O+", "O+"),
        (BLOOD_GROUPS, "O Rh+", "O+"),
        (BLOOD_GROUPS, "o dương tính", "O+"),
        (BLOOD_GROUPS, "AB Rh-", "AB-"),
        (BLOOD_GROUPS, "Nhóm máu AB (Rh âm)", "AB-"),
        (BLOOD_GROUPS, "Nhóm máu B", "B"),
        (BLOOD_GROUPS, "a", "A"),
        (BLOOD_GROUPS, "Chưa xác định", "UNK"),
        (MARITAL_STATUSES, "chưa kết hôn", "single"),
        (MARITAL_STATUSES, "Độc thân", "single"),
        (MARITAL_STATUSES, "Có vợ", "married"),
        (MARITAL_STATUSES, "ly hôn", "divorced"),
        (MARITAL_STATUSES, "Goá chồng", "widowed"),
    ],
)
def test_other_catalogues_resolve_common_spellings(catalogue, text, code):
    assert catalogue.resolve(text).code == code


@pytest.mark.parametrize("catalogue", ALL)
def test_every_code_and_name_resolves_to_itself(catalogue):
    for entry in catalogue:
        assert catalogue.resolve(entry.code) is entry
        assert catalogue.resolve(entry.name) is entry
        assert all(catalogue.resolve(alias) is entry for alias in entry.aliases)


@pytest.mark.parametrize("catalogue", ALL)
def test_choices_are_code_name_pairs_for_django(catalogue):
    choices = catalogue.choices()
    assert choices == [(e.code, e.name) for e in catalogue]
    assert len({code for code, _ in choices}) == len(choices)


@pytest.mark.parametrize(
    ("catalogue", "text", "reason"),
    [
        (ETHNICITIES, "Việt kiều", "“Việt kiều” không có trong danh mục dân tộc"),
        (RELIGIONS, "Jedi", "không có trong danh mục tôn giáo"),
        (NATIONALITIES, "Atlantis", "không có trong danh mục quốc tịch"),
        (BLOOD_GROUPS, "C+", "không có trong danh mục nhóm máu"),
        (MARITAL_STATUSES, "", "Chưa nhập tình trạng hôn nhân"),
        (ETHNICITIES, "  ", "Chưa nhập dân tộc"),
    ],
)
def test_unknown_values_raise_a_vietnamese_error(catalogue, text, reason):
    with pytest.raises(RuleError) as e:
        catalogue.resolve(text)
    assert reason in e.value.reason


def test_get_is_by_exact_code():
    assert NATIONALITIES.get("VN").name == "Việt Nam"
    assert "VN" in NATIONALITIES and "vn" not in NATIONALITIES
    with pytest.raises(RuleError, match="Mã “vn”"):
        NATIONALITIES.get("vn")


def test_a_spelling_naming_two_entries_is_refused_when_built():
    with pytest.raises(ValueError, match="names both"):
        Catalogue("thử", [Entry("1", "Hòa"), Entry("2", "Hoà")])
