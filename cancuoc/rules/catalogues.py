"""Coded catalogues (danh mục) with the spellings people actually write.

Every catalogue resolves free text by code, official name or alias, ignoring case, diacritics,
spaces, hyphens and apostrophes ("Khơ-me", "Khơ Me", "khome" and "Khmer" are the same), and
raises RuleError in Vietnamese for an unknown value. `.choices()` feeds Django fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cancuoc.rules.errors import RuleError
from cancuoc.rules.names import compact_key, fold


@dataclass(frozen=True)
class Entry:
    """One coded value: a stable code and its Vietnamese display name."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()


class Catalogue:
    """A list of entries looked up by code, name or alias."""

    def __init__(
        self,
        noun: str,
        entries: Iterable[Entry],
        *,
        strip_prefixes: tuple[str, ...] = (),
        key: Callable[[str], str] = compact_key,
    ) -> None:
        self.noun = noun
        self.entries = tuple(entries)
        self._key = key
        self._prefixes = tuple(key(p) for p in strip_prefixes)
        self._by_code = {e.code: e for e in self.entries}
        self._by_name: dict[str, Entry] = {}
        self._by_code_key: dict[str, Entry] = {}
        for entry in self.entries:
            for spelling in (entry.name, *entry.aliases):
                self._add(self._by_name, key(spelling), entry)
            for code in (entry.code, *_numeric(entry.code)):
                self._add(self._by_code_key, key(code), entry)

    def _add(self, index: dict[str, Entry], k: str, entry: Entry) -> None:
        other = index.setdefault(k, entry)
        if other is not entry:
            raise ValueError(f"{self.noun}: “{k}” names both {other.code} and {entry.code}")

    def resolve(self, text: str) -> Entry:
        """The entry whose code, name or alias matches `text`; RuleError if none does.

        An exact code wins ("MY" is Malaysia), then names and aliases ("Mỹ" is the United
        States), then codes ignoring case.
        """
        text = str(text).strip()
        if entry := self._by_code.get(text):
            return entry
        k = self._key(text)
        if not k:
            raise RuleError(f"Chưa nhập {self.noun}")
        for candidate in (k, self._without_prefix(k)):
            if entry := self._by_name.get(candidate) or self._by_code_key.get(candidate):
                return entry
        raise RuleError(f"“{text}” không có trong danh mục {self.noun}")

    def _without_prefix(self, k: str) -> str:
        for prefix in self._prefixes:
            if k.startswith(prefix):
                return k[len(prefix) :]
        return k

    def get(self, code: str) -> Entry:
        """The entry with exactly this code; RuleError if there is none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise RuleError(f"Mã “{code}” không có trong danh mục {self.noun}") from None

    def choices(self) -> list[tuple[str, str]]:
        """[(code, name)] in catalogue order, for Django `choices=`."""
        return [(e.code, e.name) for e in self.entries]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _numeric(code: str) -> tuple[str, ...]:
    """ "01" may be typed as "1"."""
    return (str(int(code)),) if code.isdigit() and code != str(int(code)) else ()


def _entries(rows: Iterable[tuple[str, str, str]]) -> list[Entry]:
    """(code, name, "alias; alias") rows -> entries."""
    return [
        Entry(code, name, tuple(a.strip() for a in aliases.split(";") if a.strip()))
        for code, name, aliases in rows
    ]


# The 54 ethnic groups, coded as in Quyết định 121-TCTK/PPCĐ (02/3/1979) of the General
# Statistics Office, the list the Cổng dịch vụ công quốc gia forms use (01 Kinh, 04 Hoa,
# 05 Khơ-me ... 53 Ơ Đu, 54 Rơ Măm). The later GSO list of Quyết định 1019/QĐ-TCTK (2008)
# orders the groups differently; do not mix the two.
ETHNICITIES = Catalogue(
    "dân tộc",
    _entries([
        ("01", "Kinh", "Kinh (Việt); Việt"),
        ("02", "Tày", "Ngạn; Phén"),
        ("03", "Thái", "Tày Khao; Tày Đăm; Thái Trắng; Thái Đen"),
        ("04", "Hoa", "Hoa (Hán); Hán"),
        ("05", "Khơ-me", "Khmer; Khơ Me; Khơme; Khmer Krôm; Khơ-me Krôm"),
        ("06", "Mường", "Mol; Mual"),
        ("07", "Nùng", ""),
        ("08", "H'Mông", "Mông; Hmông; HMông; H'mông; Hmong; Mèo; Mẹo"),
        ("09", "Dao", "Mán"),
        ("10", "Gia Rai", "Gia-rai; Giarai; Jrai; Jarai; Giơ-rai; Chơ-rai"),
        ("11", "Ngái", "Xín; Đản"),
        ("12", "Ê Đê", "Ê-đê; Êđê; Rhade; Ra-đê"),
        ("13", "Ba Na", "Ba-na; Bana; Bahnar"),
        ("14", "Xơ Đăng", "Xơ-đăng; Sê Đăng; Sedang"),
        ("15", "Sán Chay", "Cao Lan; Sán Chỉ; Cao Lan - Sán Chỉ"),
        ("16", "Cơ Ho", "Cơ-ho; K'Ho; Kơ Ho; Koho"),
        ("17", "Chăm", "Chàm; Chăm Hroi; Champa"),
        ("18", "Sán Dìu", "Sán Rìu; San Dìu"),
        ("19", "Hrê", "H're; Chăm Rê"),
        ("20", "Mnông", "M'Nông; Mơ Nông"),
        ("21", "Ra Glai", "Ra-glai; Raglai; Ra Glay; Raglay"),
        ("22", "Xtiêng", "X'Tiêng; Xa Điêng; Stiêng; Stieng"),
        ("23", "Bru-Vân Kiều", "Bru Vân Kiều; Vân Kiều; Bru"),
        ("24", "Thổ", ""),
        ("25", "Giáy", "Nhắng; Dẩng"),
        ("26", "Cơ Tu", "Cơ-tu; Ca Tu; Katu"),
        ("27", "Giẻ Triêng", "Gié Triêng; Giẻ-Triêng; Gié-Triêng; Giẻ; Triêng"),
        ("28", "Mạ", "Châu Mạ"),
        ("29", "Khơ Mú", "Khơ-mú; Khơmú; Khmu; Xá Cẩu"),
        ("30", "Co", "Cor; Col; Cùa"),
        ("31", "Tà Ôi", "Tà-ôi; Taôi; Pa Cô; Pa-kô"),
        ("32", "Chơ Ro", "Chơ-ro; Châu Ro; Đơ Ro"),
        ("33", "Kháng", "Mơ Kháng"),
        ("34", "Xinh Mun", "Xinh-mun; Puộc"),
        ("35", "Hà Nhì", "U Ní; Xá U Ní"),
        ("36", "Chu Ru", "Chu-ru; Churu; Chơ Ru"),
        ("37", "Lào", "Lao; Lào Bốc; Lào Nọi"),
        ("38", "La Chí", "Cù Tê; La Quả"),
        ("39", "La Ha", ""),
        ("40", "Phù Lá", "Bồ Khô Pạ"),
        ("41", "La Hủ", ""),
        ("42", "Lự", "Lừ; Nhuồn; Duồn"),
        ("43", "Lô Lô", "Lolo"),
        ("44", "Chứt", "Rục; Sách; Mày; Arem; Mã Liềng"),
        ("45", "Mảng", "Mảng Ư"),
        ("46", "Pà Thẻn", "Pà Hưng; Tống"),
        ("47", "Cơ Lao", "Cờ Lao; Co Lao"),
        ("48", "Cống", "Xắm Khống; Phuy A"),
        ("49", "Bố Y", "Chủng Chá; Trọng Gia; Bouyei"),
        ("50", "Si La", "Cù Dề Sừ; Kha Pẻ"),
        ("51", "Pu Péo", "Ka Pèo; Pen Ti Lô Lô; Pu Piéo"),
        ("52", "Brâu", "Brao"),
        ("53", "Ơ Đu", "Ơ-đu; Tày Hạt"),
        ("54", "Rơ Măm", "Rơ-măm; Romam"),
    ]),
    strip_prefixes=("dân tộc", "người"),
)  # fmt: skip

# Religions recognised in Vietnam, in the order of the census lists. The codes are ours
# (no official code list was found); "00" is no religion, "99" any other.
RELIGIONS = Catalogue(
    "tôn giáo",
    _entries([
        ("00", "Không", "Không có; Không tôn giáo; Không theo tôn giáo"),
        ("01", "Phật giáo", "Đạo Phật; Phật"),
        ("02", "Công giáo", "Thiên Chúa giáo; Thiên Chúa; Đạo Thiên Chúa; Công giáo Rôma"),
        ("03", "Tin lành", "Đạo Tin lành; Tin Lành; Protestant"),
        ("04", "Cao Đài", "Đạo Cao Đài; Cao Đài giáo"),
        ("05", "Phật giáo Hòa Hảo", "Hòa Hảo; Phật giáo Hoà Hảo; Hoà Hảo"),
        ("06", "Hồi giáo", "Đạo Hồi; Islam"),
        ("07", "Tôn giáo Baha'i", "Baha'i; Bahá'í; Bahai"),
        ("08", "Tịnh độ Cư sĩ Phật hội Việt Nam", "Tịnh độ Cư sĩ Phật hội; Tịnh độ Cư sỹ Phật hội"),
        ("09", "Cơ đốc Phục lâm Việt Nam", "Cơ đốc Phục lâm; Cơ Đốc Phục Lâm"),
        ("10", "Phật giáo Tứ Ân Hiếu Nghĩa", "Tứ Ân Hiếu Nghĩa"),
        ("11", "Minh Sư đạo", "Minh Sư"),
        ("12", "Minh Lý đạo - Tam Tông Miếu", "Minh Lý đạo; Tam Tông Miếu"),
        ("13", "Bà-la-môn giáo", "Bà-la-môn; Bà La Môn; Bàlamôn giáo"),
        ("14", "Mặc Môn", "Mormon; Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô"),
        ("15", "Phật giáo Hiếu Nghĩa Tà Lơn", "Hiếu Nghĩa Tà Lơn"),
        ("16", "Bửu Sơn Kỳ Hương", "Đạo Bửu Sơn Kỳ Hương"),
        ("99", "Tôn giáo khác", "Khác"),
    ]),
    strip_prefixes=("tôn giáo", "đạo"),
)  # fmt: skip

# Nationality by ISO 3166-1 alpha-2 code (alpha-3 and English names accepted). "XX" and "ZZ"
# are user-assigned codes: stateless (ICAO "XXA"), and undetermined nationality (e.g. người gốc
# Việt Nam chưa xác định được quốc tịch, Luật Căn cước 2023 Điều 30).
NATIONALITIES = Catalogue(
    "quốc tịch",
    _entries([
        ("VN", "Việt Nam", "VNM; Vietnam; Viet Nam; Việt"),
        ("CN", "Trung Quốc", "CHN; China"),
        ("LA", "Lào", "LAO; Laos; Lào PDR"),
        ("KH", "Campuchia", "KHM; Cambodia; Căm-pu-chia"),
        ("TH", "Thái Lan", "THA; Thailand"),
        ("MM", "Myanmar", "MMR; Mi-an-ma; Miến Điện; Burma"),
        ("MY", "Malaysia", "MYS; Ma-lai-xi-a"),
        ("SG", "Singapore", "SGP; Xin-ga-po"),
        ("ID", "Indonesia", "IDN; In-đô-nê-xi-a"),
        ("PH", "Philippines", "PHL; Phi-líp-pin; Philippin"),
        ("BN", "Brunei", "BRN; Bru-nây"),
        ("TL", "Đông Timor", "TLS; Timor-Leste; Timor Leste"),
        ("KR", "Hàn Quốc", "KOR; South Korea; Korea"),
        ("KP", "Triều Tiên", "PRK; North Korea"),
        ("JP", "Nhật Bản", "JPN; Japan; Nhật"),
        ("TW", "Đài Loan (Trung Quốc)", "TWN; Đài Loan; Taiwan"),
        ("IN", "Ấn Độ", "IND; India"),
        ("RU", "Liên bang Nga", "RUS; Nga; Russia"),
        ("US", "Hoa Kỳ", "USA; Mỹ; United States"),
        ("FR", "Pháp", "FRA; France"),
        ("DE", "Đức", "DEU; Germany"),
        ("GB", "Vương quốc Anh", "GBR; Anh; United Kingdom; UK"),
        ("AU", "Australia", "AUS; Úc; Ô-xtrây-li-a"),
        ("CA", "Canada", "CAN; Ca-na-đa"),
        ("XX", "Không quốc tịch", "XXA; Stateless"),
        ("ZZ", "Chưa xác định quốc tịch", "Chưa xác định; Chưa xác định được quốc tịch; XXX"),
    ]),
    strip_prefixes=("quốc tịch",),
)  # fmt: skip

_RH_WORDS = {"duong": "+", "duongtinh": "+", "am": "-", "amtinh": "-", "+": "+", "-": "-"}


def blood_group_key(text: str) -> str:
    """Key that keeps the Rh sign: "O Rh+", "o dương", "O+" -> "o+"; "Nhóm máu A" -> "a"."""
    folded = re.sub(r"[()]", " ", fold(text)).replace("nhom mau", " ")
    folded = re.sub(r"\brh\s*", " ", folded)
    folded = re.sub(r"\b(duong|am)\s+tinh\b", r"\1tinh", folded)
    words = re.sub(r"([+-])", r" \1 ", folded).split()
    return "".join(_RH_WORDS.get(w, w) for w in words)


# ABO group with Rh factor when known. Rh is often unrecorded, so the bare groups exist too.
BLOOD_GROUPS = Catalogue(
    "nhóm máu",
    _entries([
        ("A+", "A Rh+", ""), ("A-", "A Rh-", ""), ("B+", "B Rh+", ""), ("B-", "B Rh-", ""),
        ("AB+", "AB Rh+", ""), ("AB-", "AB Rh-", ""), ("O+", "O Rh+", ""), ("O-", "O Rh-", ""),
        ("A", "A", ""), ("B", "B", ""), ("AB", "AB", ""), ("O", "O", ""),
        ("UNK", "Chưa xác định", "Không rõ; Không biết; Chưa biết"),
    ]),
    key=blood_group_key,
)  # fmt: skip

MARITAL_STATUSES = Catalogue(
    "tình trạng hôn nhân",
    _entries([
        ("single", "Chưa kết hôn", "Độc thân; Chưa vợ; Chưa chồng; Chưa có vợ; Chưa có chồng"),
        ("married", "Đã kết hôn", "Kết hôn; Có vợ; Có chồng; Đã có vợ; Đã có chồng"),
        ("divorced", "Ly hôn", "Đã ly hôn; Ly dị; Đã ly dị"),
        ("widowed", "Góa", "Goá; Góa vợ; Góa chồng; Góa bụa; Goá vợ; Goá chồng"),
    ]),
)  # fmt: skip
