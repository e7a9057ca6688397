"""The 12-digit personal identification number (số định danh cá nhân).

Layout (Nghị định 137/2015/NĐ-CP Điều 13; Thông tư 59/2021/TT-BCA Điều 4; Luật Căn cước 2023
Điều 12):

    PPP G YY RRRRRR
    PPP    code of the province (or country) where the birth was registered
    G      century of birth and sex (0/1: 1900s male/female, 2/3: 2000s, ...)
    YY     last two digits of the year of birth
    RRRRRR random range; there is no check digit, so none is invented here
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cancuoc.rules.errors import InvalidIdNumber, RuleError

ID_NUMBER_LENGTH = 12
OLD_ID_NUMBER_LENGTH = 9  # chứng minh nhân dân (CMND) 9 số

# The century digit table runs to 2399 (Thông tư 07/2016/TT-BCA), but nobody alive can carry a
# 22nd-century digit before 2100, so digits 4-9 are rejected as typos.
FIRST_BIRTH_YEAR = 1900
LAST_BIRTH_YEAR = 2099


class Sex(StrEnum):
    """Sex as encoded in the ID number (only two values exist there)."""

    MALE = "male"
    FEMALE = "female"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label printed on cards: "Nam" or "Nữ"."""
        return "Nam" if self is Sex.MALE else "Nữ"

    @classmethod
    def parse(cls, text: str) -> Sex:
        """Read Nam/Nữ/Nu/male/female/M/F in any case; raise RuleError otherwise."""
        key = unicodedata.normalize("NFC", str(text)).strip().casefold()
        try:
            return _SEX_WORDS[key]
        except KeyError:
            raise RuleError(f"Giới tính “{text}” không hợp lệ: chỉ nhận Nam hoặc Nữ") from None


_SEX_WORDS = {
    "nam": Sex.MALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
    "nữ": Sex.FEMALE,
    "nu": Sex.FEMALE,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
}

# Thông tư 07/2016/TT-BCA, Phụ lục 1: code of the province where the birth was registered,
# with the province name as written in that table (vn_spec §1.3). The code equals "0" + the
# legacy GSO province code for all 63 provinces.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Nghị quyết 202/2025/QH15 (63 -> 34 provinces from 01/7/2025): the 2025 province, by its GSO
# code, that each legacy code now belongs to (vn_spec §1.3, right-hand column). Existing numbers
# are not renumbered; this is only for display next to the legacy name.
CURRENT_PROVINCE_OF_CODE: dict[str, str] = {
    "001": "01", "002": "08", "004": "04", "006": "19", "008": "08", "010": "15", "011": "11",
    "012": "12", "014": "14", "015": "15", "017": "25", "019": "19", "020": "20", "022": "22",
    "024": "24", "025": "25", "026": "25", "027": "24", "030": "31", "031": "31", "033": "33",
    "034": "33", "035": "37", "036": "37", "037": "37", "038": "38", "040": "40", "042": "42",
    "044": "44", "045": "44", "046": "46", "048": "48", "049": "48", "051": "51", "052": "52",
    "054": "66", "056": "56", "058": "56", "060": "68", "062": "51", "064": "52", "066": "66",
    "067": "68", "068": "68", "070": "75", "072": "80", "074": "79", "075": "75", "077": "79",
    "079": "79", "080": "80", "082": "82", "083": "86", "084": "86", "086": "86", "087": "82",
    "089": "91", "091": "91", "092": "92", "093": "92", "094": "92", "095": "96", "096": "96",
}  # fmt: skip

# The 34 provinces from 01/7/2025 by GSO code (Nghị quyết 202/2025/QH15; vn_spec §8.2).
CURRENT_PROVINCES: dict[str, str] = {
    "01": "Hà Nội", "04": "Cao Bằng", "08": "Tuyên Quang", "11": "Điện Biên", "12": "Lai Châu",
    "14": "Sơn La", "15": "Lào Cai", "19": "Thái Nguyên", "20": "Lạng Sơn", "22": "Quảng Ninh",
    "24": "Bắc Ninh", "25": "Phú Thọ", "31": "Hải Phòng", "33": "Hưng Yên", "37": "Ninh Bình",
    "38": "Thanh Hóa", "40": "Nghệ An", "42": "Hà Tĩnh", "44": "Quảng Trị", "46": "Huế",
    "48": "Đà Nẵng", "51": "Quảng Ngãi", "52": "Gia Lai", "56": "Khánh Hòa", "66": "Đắk Lắk",
    "68": "Lâm Đồng", "75": "Đồng Nai", "79": "Hồ Chí Minh", "80": "Tây Ninh",
    "82": "Đồng Tháp", "86": "Vĩnh Long", "91": "An Giang", "92": "Cần Thơ", "96": "Cà Mau",
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s.\-]+")
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class IdNumber:
    """A structurally valid personal ID number, split into its segments."""

    place_code: str
    sex: Sex
    birth_year: int
    serial: str

    def __post_init__(self) -> None:
        _check_place_code(self.place_code)
        if not isinstance(self.sex, Sex):
            raise InvalidIdNumber("Giới tính phải là Nam hoặc Nữ")
        if not FIRST_BIRTH_YEAR <= self.birth_year <= LAST_BIRTH_YEAR:
            raise InvalidIdNumber(
                f"Năm sinh {self.birth_year} nằm ngoài khoảng "
                f"{FIRST_BIRTH_YEAR}–{LAST_BIRTH_YEAR} mà số định danh biểu diễn được"
            )
        if len(self.serial) != 6 or not _DIGITS.fullmatch(self.serial):
            raise InvalidIdNumber("Khoảng số ngẫu nhiên phải gồm đúng 6 chữ số")

    @property
    def century_digit(self) -> int:
        """The 4th digit: 2 per century since 1900, plus 1 for a woman."""
        century = (self.birth_year - FIRST_BIRTH_YEAR) // 100
        return 2 * century + (1 if self.sex is Sex.FEMALE else 0)

    @property
    def text(self) -> str:
        """The 12 digits."""
        return f"{self.place_code}{self.century_digit}{self.birth_year % 100:02d}{self.serial}"

    @property
    def place_name(self) -> str:
        """Legacy (63-province) name of the place where the birth was registered."""
        return PROVINCE_CODES[self.place_code]

    def __str__(self) -> str:
        return self.text


def _check_place_code(code: str) -> None:
    if code not in PROVINCE_CODES:
        raise InvalidIdNumber(
            f"Mã nơi đăng ký khai sinh “{code}” không có trong bảng mã tỉnh "
            "(Thông tư 07/2016/TT-BCA)"
        )


def clean_digits(text: str) -> str:
    """Remove spaces, dots and hyphens people type inside numbers."""
    if text.__class__ is str and text.isascii() and text.isdigit():
        return text  # nothing to remove: the usual case, without the regex
    return _SEPARATORS.sub("", str(text))


def parse_id_number(text: str, *, on: date | None = None) -> IdNumber:
    """Parse and validate a 12-digit ID number; raise InvalidIdNumber with the reason.

    With `on`, a birth year after `on` is also rejected.
    """
    digits = clean_digits(text)
    if not digits:
        raise InvalidIdNumber("Chưa nhập số định danh cá nhân")
    if not _DIGITS.fullmatch(digits):
        raise InvalidIdNumber("Số định danh chỉ được gồm các chữ số 0–9")
    if len(digits) != ID_NUMBER_LENGTH:
        raise InvalidIdNumber("Số định danh phải gồm đúng 12 chữ số")
    _check_place_code(digits[:3])
    century_digit = int(digits[3])
    birth_year = FIRST_BIRTH_YEAR + 100 * (century_digit // 2) + int(digits[4:6])
    if birth_year > LAST_BIRTH_YEAR:
        raise InvalidIdNumber(
            f"Chữ số thứ 4 (thế kỷ và giới tính) là {century_digit}, ứng với năm sinh "
            f"{birth_year} — không hợp lệ"
        )
    if on is not None and birth_year > on.year:
        raise InvalidIdNumber(f"Năm sinh {birth_year} trong số định danh ở tương lai")
    sex = Sex.FEMALE if century_digit % 2 else Sex.MALE
    return IdNumber(place_code=digits[:3], sex=sex, birth_year=birth_year, serial=digits[6:])


def is_valid_id_number(text: str) -> bool:
    """True if `text` parses as a 12-digit ID number."""
    try:
        parse_id_number(text)
    except InvalidIdNumber:
        return False
    return True


def check_consistency(
    n: IdNumber | str,
    *,
    birth_year: int | None = None,
    sex: Sex | None = None,
    birth_date: date | None = None,
) -> list[str]:
    """Compare the number with the recorded birth year (or date) and sex.

    Returns Vietnamese problem messages, empty when everything matches. Arguments left as
    None are not checked.
    """
    if isinstance(n, str):
        n = parse_id_number(n)
    if birth_date is not None:
        if birth_year is not None and birth_year != birth_date.year:
            raise RuleError("Năm sinh và ngày sinh truyền vào không khớp nhau")
        birth_year = birth_date.year
    problems = []
    if birth_year is not None and birth_year != n.birth_year:
        problems.append(
            f"Năm sinh trong số định danh là {n.birth_year}, khác năm sinh đã ghi {birth_year}"
        )
    if sex is not None and sex is not n.sex:
        problems.append(
            f"Giới tính trong số định danh là {n.sex.label_vi}, "
            f"khác giới tính đã ghi {sex.label_vi}"
        )
    return problems


def format_id_number(place_code: str, sex: Sex, birth_year: int, serial: str | int) -> str:
    """Build the 12 digits from their parts; raise InvalidIdNumber if a part is out of range."""
    if isinstance(serial, int):
        serial = f"{serial:06d}"
    return IdNumber(place_code=place_code, sex=sex, birth_year=birth_year, serial=serial).text


def generate_id_number(*, place_code: str, sex: Sex, birth_year: int, serial_int: int) -> str:
    """Deterministically build a number; the caller chooses the serial (0..999999)."""
    if isinstance(serial_int, bool) or not 0 <= serial_int <= 999_999:
        raise InvalidIdNumber("Khoảng số ngẫu nhiên phải nằm trong 000000–999999")
    return format_id_number(place_code, sex, birth_year, serial_int)


def mask_id_number(text: str) -> str:
    """Hide all but the first 3 and last 2 digits: "001*******45". Never raises.

    Works for 12-digit numbers and 9-digit CMND; anything shorter than 6 is fully masked.
    """
    digits = clean_digits(text)
    if len(digits) < 6:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


def is_old_id_number(text: str) -> bool:
    """True for a 9-digit chứng minh nhân dân number."""
    digits = clean_digits(text)
    return len(digits) == OLD_ID_NUMBER_LENGTH and bool(_DIGITS.fullmatch(digits))


def describe_place_code(code: str) -> str:
    """Legacy province name, annotated with the 2025 province when it differs.

    "002" -> "Hà Giang (nay thuộc Tuyên Quang)". Raises InvalidIdNumber for unknown codes.
    """
    _check_place_code(code)
    legacy = PROVINCE_CODES[code]
    current = CURRENT_PROVINCES[CURRENT_PROVINCE_OF_CODE[code]]
    return legacy if current == legacy else f"{legacy} (nay thuộc {current})"
