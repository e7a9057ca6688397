from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cancuoc.rules.names import (
    COMMON_MIDDLE_NAMES,
    NameParts,
    ToneStyle,
    compact_key,
    fold,
    initials,
    is_common_middle_name,
    mrz_name,
    normalise,
    normalise_name,
    normalise_tone_placement,
    sorted_key,
    split_name,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("  NGUYỄN   THỊ   HOA ", "Nguyễn Thị Hoa"),
        ("đặng  đình\tđức", "Đặng Đình Đức"),
        ("nguye\u0302\u0303n van", "Nguyễn Van"),  # decomposed input
        ("ksor h'hen", "Ksor H'Hen"),
        ("nay h’blơng", "Nay H'Blơng"),
        ("y-bih niê", "Y-Bih Niê"),
        ("", ""),
    ],
)
def test_normalise_gives_the_display_form(text, expected):
    assert normalise(text) == expected
    assert unicodedata.is_normalized("NFC", normalise(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("ĐẶNG  Đình   Đức", "dang dinh duc"),
        ("Lân", "lan"),
        ("Trương Thị Ngọc Ánh", "truong thi ngoc anh"),
        ("nguye\u0302\u0303n", "nguyen"),
        ("H’Hen", "h'hen"),
    ],
)
def test_fold_strips_diacritics_and_maps_d_bar(text, expected):
    assert fold(text) == expected


@given(st.text())
def test_fold_is_idempotent_and_ascii(text):
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded
    assert folded == folded.lower() and "  " not in folded and folded == folded.strip()


@given(st.text())
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(
    ("text", "first_vowel", "main_vowel"),
    [
        ("hoà", "hòa", "hoà"),
        ("hòa", "hòa", "hoà"),
        ("Thanh Hoá", "Thanh Hóa", "Thanh Hoá"),
        ("thuỷ", "thủy", "thuỷ"),
        ("THUỶ", "THỦY", "THUỶ"),
        ("khoẻ", "khỏe", "khoẻ"),
        ("toả sáng", "tỏa sáng", "toả sáng"),
        ("uỷ ban", "ủy ban", "uỷ ban"),
        ("Nguyễn Thị Thuý Hoà", "Nguyễn Thị Thúy Hòa", "Nguyễn Thị Thuý Hoà"),
        # unchanged: a final consonant, "qu", triphthongs and other vowels
        ("hoàng", "hoàng", "hoàng"),
        ("thuyền", "thuyền", "thuyền"),
        ("quý", "quý", "quý"),
        ("quỳnh", "quỳnh", "quỳnh"),
        ("ngoài", "ngoài", "ngoài"),
        ("khuỷu", "khuỷu", "khuỷu"),
        ("mùa", "mùa", "mùa"),
        ("thuở", "thuở", "thuở"),
        ("hoa", "hoa", "hoa"),
    ],
)
def test_tone_placement_is_made_consistent(text, first_vowel, main_vowel):
    assert normalise_tone_placement(text) == first_vowel
    assert normalise_tone_placement(text, style=ToneStyle.MAIN_VOWEL) == main_vowel


vietnamese_words = st.lists(
    st.sampled_from(["hoà", "hòa", "thuỷ", "thủy", "khoẻ", "quý", "hoàng", "an", "Loé", "tuỳ"]),
    min_size=1,
    max_size=5,
).map(" ".join)


@given(vietnamese_words)
def test_the_two_styles_convert_into_each_other(text):
    first = normalise_tone_placement(text)
    main = normalise_tone_placement(text, style=ToneStyle.MAIN_VOWEL)
    assert normalise_tone_placement(main) == first
    assert normalise_tone_placement(first, style=ToneStyle.MAIN_VOWEL) == main
    assert fold(first) == fold(main) == fold(text)


def test_sorted_key_ignores_word_order_and_diacritics():
    assert sorted_key("Nguyễn Văn An") == "an nguyen van"
    assert sorted_key("An Nguyễn Văn") == sorted_key("nguyen van an")


def test_compact_key_ignores_spaces_and_hyphens():
    assert compact_key("Khơ-me") == compact_key("Khơ Me") == "khome"


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Nguyễn Văn An", NameParts("Nguyễn", "Văn", "An")),
        ("Trương Thị Ngọc Ánh", NameParts("Trương", "Thị Ngọc", "Ánh")),
        ("Lê Na", NameParts("Lê", "", "Na")),
        ("Hùng", NameParts("", "", "Hùng")),
        ("  ", NameParts("", "", "")),
    ],
)
def test_split_name(full, parts):
    assert split_name(full) == parts


def test_common_middle_names_are_folded():
    assert COMMON_MIDDLE_NAMES == {"thi", "van"}
    assert is_common_middle_name("Thị") and is_common_middle_name("VĂN")
    assert not is_common_middle_name("Ngọc")


def test_initials():
    assert initials("Nguyễn Văn An") == "NVA"
    assert initials("đặng hà") == "ĐH"


@pytest.mark.parametrize(
    ("surname", "given", "field"),
    [
        ("Nguyễn", "Văn An", "NGUYEN<<VAN<AN"),
        ("Đặng", "Thị Hoà", "DANG<<THI<HOA"),
        ("Ksor", "H'Hen", "KSOR<<HHEN"),
        ("Nguyễn", "Y-Bih", "NGUYEN<<Y<BIH"),
    ],
)
def test_mrz_name(surname, given, field):
    assert mrz_name(surname, given) == field


# Letters, tone and vowel marks (precomposed and combining), apostrophes, hyphens, digits,
# Greek sigma (its lower case depends on context), "q" before "uy", and every kind of space.
NAME_ALPHABET = (
    "aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐqQhkntgrsl"
    "àáảãạòóỏõọùúủũụỳýỷỹỵèéẻẽẹ"
    "\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b"
    "'’‘ʼ`-.019Σσς \t\n\u00a0\u2003"
)


@given(st.text(alphabet=NAME_ALPHABET, max_size=40))
def test_normalise_name_word_by_word_equals_the_whole_text_rules(text):
    assert normalise_name(text) == normalise_tone_placement(normalise(text))


def test_normalise_name_examples():
    assert normalise_name("  nguyễn   thị thuỷ\u00a0tiên ") == "Nguyễn Thị Thủy Tiên"
    assert normalise_name("h’hen niê") == "H'Hen Niê"
