"""The machine-readable zone on the back of the card: ICAO 9303 TD1 (3 lines of 30) as Vietnam
fills it (vn_spec §3).

    line 1: "ID" "VNM" | document number = last 9 digits of the ID | check |
            optional data = the 12-digit ID | "<<" | check of the 12-digit ID
    line 2: birth YYMMDD | check | sex M/F | expiry YYMMDD | check | "VNM" | 11 x "<" | composite
    line 3: SURNAME<<GIVEN<NAMES, ASCII without diacritics, padded with "<"

Open point (vn_spec §9.4): how a lifelong card ("Không thời hạn") fills the expiry field is not
known. We write "<<<<<<" with check digit "0" (fillers count as 0) and read back either "0" or
"<" as its check digit. Two-digit birth years take their century from the ID number's century
digit; two-digit expiry years are read as 20YY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cancuoc.rules.errors import InvalidIdNumber, InvalidMrz
from cancuoc.rules.idnumber import FIRST_BIRTH_YEAR, Sex, parse_id_number
from cancuoc.rules.names import mrz_name

LINE_LENGTH = 30
DOCUMENT_CODE = "ID"
STATE = "VNM"
FILLER = "<"
NO_EXPIRY = FILLER * 6
_WEIGHTS = (7, 3, 1)
_LINE = re.compile(r"[A-Z0-9<]{30}")
_SEX_CODES = {Sex.MALE: "M", Sex.FEMALE: "F"}


@dataclass(frozen=True)
class CardMrz:
    """The data read from a card's MRZ; names are upper-case ASCII as printed."""

    id_number: str
    birth_date: date
    sex: Sex
    expiry: date | None
    surname: str
    given_names: str

    @property
    def document_number(self) -> str:
        """The 9-digit document number: the last 9 digits of the ID number."""
        return self.id_number[3:]


def check_digit(field: str) -> str:
    """ICAO 9303 check digit: weights 7-3-1, digits as value, A-Z = 10-35, "<" = 0."""
    total = sum(_char_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field))
    return str(total % 10)


def _char_value(c: str) -> int:
    if c.isdigit():
        return int(c)
    if "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    return 0


def format_card_mrz(
    *,
    id_number: str,
    birth_date: date,
    sex: Sex,
    expiry: date | None,
    surname: str,
    given_names: str,
) -> str:
    """The three MRZ lines joined by "\\n"; expiry None = lifelong card (see module docstring)."""
    number = parse_id_number(id_number).text
    document = number[3:]
    line1 = f"{DOCUMENT_CODE}{STATE}{document}{check_digit(document)}{number}<<"
    line1 += check_digit(line1[15:29])
    birth = _yymmdd(birth_date)
    expires = NO_EXPIRY if expiry is None else _yymmdd(expiry)
    line2 = (
        f"{birth}{check_digit(birth)}{_SEX_CODES[sex]}{expires}{check_digit(expires)}"
        f"{STATE}{FILLER * 11}"
    )
    line2 += check_digit(_composite_field(line1, line2))
    line3 = mrz_name(surname, given_names)[:LINE_LENGTH].ljust(LINE_LENGTH, FILLER)
    return "\n".join((line1, line2, line3))


def parse_card_mrz(text: str) -> CardMrz:
    """Read and verify all five check digits; raise InvalidMrz naming the failed check."""
    line1, line2, line3 = _lines(text)
    _check_layout(line1, line2)
    _verify(line1[5:14], line1[14], "document_number", "của số thẻ (dòng 1, ký tự 15)")
    _verify(line1[15:29], line1[29], "id_number", "của số định danh (dòng 1, ký tự 30)")
    _verify(line2[0:6], line2[6], "birth_date", "của ngày sinh (dòng 2, ký tự 7)")
    _verify_expiry(line2[8:14], line2[14])
    _verify(_composite_field(line1, line2), line2[29], "composite", "tổng hợp (dòng 2, ký tự 30)")
    number = _id_number(line1)
    surname, _, given = line3.partition("<<")
    return CardMrz(
        id_number=number,
        birth_date=_birth_date(line2[0:6], number),
        sex=_sex(line2[7]),
        expiry=None if line2[8:14] == NO_EXPIRY else _date(line2[8:14], 2000, "ngày hết hạn"),
        surname=surname.replace(FILLER, " ").strip(),
        given_names=given.replace(FILLER, " ").strip(),
    )


def _lines(text: str) -> tuple[str, str, str]:
    lines = ["".join(line.split()).upper() for line in str(text).splitlines()]
    lines = [line for line in lines if line]
    if len(lines) == 1 and len(lines[0]) == 3 * LINE_LENGTH:
        lines = [lines[0][i : i + LINE_LENGTH] for i in range(0, 3 * LINE_LENGTH, LINE_LENGTH)]
    if len(lines) != 3:
        raise InvalidMrz(f"MRZ phải có 3 dòng, nhận được {len(lines)} dòng")
    for i, line in enumerate(lines, start=1):
        if not _LINE.fullmatch(line):
            raise InvalidMrz(f"Dòng {i} của MRZ phải gồm đúng 30 ký tự A–Z, 0–9 hoặc “<”")
    return lines[0], lines[1], lines[2]


def _check_layout(line1: str, line2: str) -> None:
    if line1[0:2] != DOCUMENT_CODE or line1[2:5] != STATE:
        raise InvalidMrz("MRZ không phải của thẻ căn cước Việt Nam (dòng 1 phải bắt đầu “IDVNM”)")
    if line2[15:18] != STATE:
        raise InvalidMrz("Quốc tịch trong MRZ phải là “VNM”")


def _verify(field: str, digit: str, check: str, label: str) -> None:
    if check_digit(field) != digit:
        raise InvalidMrz(f"Sai chữ số kiểm tra {label}", check=check)


def _verify_expiry(field: str, digit: str) -> None:
    if field == NO_EXPIRY and digit in ("0", FILLER):
        return
    _verify(field, digit, "expiry", "của ngày hết hạn (dòng 2, ký tự 15)")


def _composite_field(line1: str, line2: str) -> str:
    return line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]


def _id_number(line1: str) -> str:
    number = line1[15:27]
    try:
        parse_id_number(number)
    except InvalidIdNumber as e:
        raise InvalidMrz(f"Số định danh trong MRZ không hợp lệ: {e.reason}") from e
    if number[3:] != line1[5:14]:
        raise InvalidMrz("Số thẻ trong MRZ không khớp với 9 số cuối của số định danh")
    return number


def _birth_date(yymmdd: str, id_number: str) -> date:
    century_start = FIRST_BIRTH_YEAR + 100 * (int(id_number[3]) // 2)
    return _date(yymmdd, century_start, "ngày sinh")


def _date(yymmdd: str, century_start: int, label: str) -> date:
    try:
        return date(century_start + int(yymmdd[0:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        raise InvalidMrz(f"Trường {label} trong MRZ không phải ngày hợp lệ: “{yymmdd}”") from None


def _sex(code: str) -> Sex:
    for sex, letter in _SEX_CODES.items():
        if code == letter:
            return sex
    raise InvalidMrz(f"Giới tính trong MRZ phải là M hoặc F, nhận được “{code}”")


def _yymmdd(d: date) -> str:
    return f"{d.year % 100:02d}{d.month:02d}{d.day:02d}"
