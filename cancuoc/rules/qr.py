"""The QR code printed on chip cards (vn_spec §2.1).

Wire format, fields separated by "|":

    id (12 digits) | old CMND (9 digits, or empty) | full name | birth ddmmyyyy | Nam/Nữ |
    permanent address | issue date ddmmyyyy

Tolerated variants: a 6-field payload without the CMND field (recognised when the second field
is not a number) and an 8th field (expiry, on some cards), which is ignored. The format of the
2024 thẻ căn cước QR is assumed to be the same (unverified).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from cancuoc.rules.errors import InvalidIdNumber, InvalidQr, RuleError
from cancuoc.rules.idnumber import Sex, check_consistency, parse_id_number

SEPARATOR = "|"
_DDMMYYYY = re.compile(r"[0-9]{8}")
_DIGITS = re.compile(r"[0-9]+")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")  # 12-digit CMND existed 2012-2016 in some provinces


@dataclass(frozen=True)
class CardQr:
    """The data read from a card's QR code."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: date
    sex: Sex
    address: str
    issued_on: date

    @property
    def problems(self) -> list[str]:
        """Mismatches between the ID number and the birth year or sex printed next to it."""
        return check_consistency(self.id_number, birth_date=self.birth_date, sex=self.sex)


def parse_card_qr(payload: str) -> CardQr:
    """Read a QR payload; raise InvalidQr (a ValueError) with a Vietnamese reason."""
    fields = _split(payload)
    qr = CardQr(
        id_number=_qr_id_number(fields[0]),
        old_id_number=_qr_old_id(fields[1]),
        full_name=_qr_name(fields[2]),
        birth_date=_qr_date(fields[3], "Ngày sinh"),
        sex=_qr_sex(fields[4]),
        address=" ".join(fields[5].split()),
        issued_on=_qr_date(fields[6], "Ngày cấp"),
    )
    if qr.issued_on < qr.birth_date:
        raise InvalidQr("Mã QR có ngày cấp trước ngày sinh")
    return qr


def format_card_qr(
    *,
    id_number: str,
    old_id_number: str | None,
    full_name: str,
    birth_date: date,
    sex: Sex,
    address: str,
    issued_on: date,
) -> str:
    """Build the 7-field payload (an empty second field when there is no CMND)."""
    fields = [
        parse_id_number(id_number).text,
        _qr_old_id(old_id_number or "") or "",
        _qr_name(full_name),
        _ddmmyyyy(birth_date),
        sex.label_vi,
        address,
        _ddmmyyyy(issued_on),
    ]
    if any(SEPARATOR in field for field in fields):
        raise InvalidQr("Dữ liệu đưa vào mã QR không được chứa ký tự “|”")
    return SEPARATOR.join(fields)


def _split(payload: str) -> list[str]:
    if not isinstance(payload, str) or not payload.strip():
        raise InvalidQr("Mã QR trống")
    fields = [f.strip() for f in unicodedata.normalize("NFC", payload).strip().split(SEPARATOR)]
    if len(fields) == 6:
        if _DIGITS.fullmatch(fields[1]):
            raise InvalidQr("Mã QR thiếu trường: cần 7 trường, chỉ có 6")
        fields.insert(1, "")
    if len(fields) not in (7, 8):
        raise InvalidQr(
            f"Mã QR phải gồm 7 trường ngăn cách bởi dấu “|”, nhận được {len(fields)} trường"
        )
    return fields[:7]


def _qr_id_number(text: str) -> str:
    try:
        return parse_id_number(text).text
    except InvalidIdNumber as e:
        raise InvalidQr(f"Số định danh trong mã QR không hợp lệ: {e.reason}") from e


def _qr_old_id(text: str) -> str | None:
    if not text:
        return None
    if not _OLD_ID.fullmatch(text):
        raise InvalidQr("Số CMND cũ trong mã QR phải gồm 9 (hoặc 12) chữ số")
    return text


def _qr_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidQr("Mã QR không có họ tên")
    return name


def _qr_sex(text: str) -> Sex:
    try:
        return Sex.parse(text)
    except RuleError as e:
        raise InvalidQr(f"Giới tính trong mã QR không hợp lệ: “{text}”") from e


def _qr_date(text: str, label: str) -> date:
    if not _DDMMYYYY.fullmatch(text):
        raise InvalidQr(f"{label} trong mã QR phải gồm 8 chữ số ddmmyyyy, nhận được “{text}”")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise InvalidQr(f"{label} trong mã QR không tồn tại: “{text}”") from None


def _ddmmyyyy(d: date) -> str:
    return f"{d.day:02d}{d.month:02d}{d.year:04d}"
