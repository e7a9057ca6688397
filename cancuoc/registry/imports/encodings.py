"""Recognise Vietnamese text written in the pre-Unicode encodings TCVN3 (ABC) and VNI.

Old spreadsheets typed with the .VnTime (TCVN3) or VNI-Times fonts store Vietnamese letters as
Latin-1 bytes; read as Unicode they show "NguyÔn V¨n" (TCVN3) or "Nguyeãn Vaên" (VNI). We do
not convert them (a wrong guess would corrupt names in the register); we recognise them and ask
for a Unicode file. Detection decodes a sample each way and counts how many words become valid
Vietnamese syllables.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN 5712:1993 "ABC" (TCVN3) lower-case letters and the upper-case base letters, byte by byte
# (fonts .VnTime, .VnArial; upper-case toned letters needed separate .VnTimeH fonts).
_TCVN3_BYTES = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
TCVN3 = str.maketrans(dict(zip(_TCVN3_BYTES, _TCVN3_LETTERS, strict=True)))

# VNI Windows: a base letter followed by a mark byte (read through Windows-1252).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}  # fmt: skip


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(base: str, marks: str, tones: dict[str, str], hat: str = "") -> None:
        for case in (str.lower, str.upper):
            b = case(base)
            if hat:
                table[b + case(hat)] = unicodedata.normalize("NFC", b + marks)
            for mark, tone in tones.items():
                table[b + case(mark)] = unicodedata.normalize("NFC", b + marks + tone)

    for vowel in "aeiouy":
        add(vowel, "", _VNI_TONES)
    for vowel in "aeo":
        add(vowel, "\u0302", _VNI_HAT_TONES, hat="â")
    add("a", "\u0306", _VNI_BREVE_TONES, hat="ê")
    for single, base in (("ô", "ơ"), ("ö", "ư")):
        for case in (str.lower, str.upper):
            for mark, tone in _VNI_TONES.items():
                table[case(single) + case(mark)] = unicodedata.normalize("NFC", case(base) + tone)
    return table


_VNI_PAIRS = _vni_table()
_VNI_PATTERN = re.compile(
    "|".join(sorted(map(re.escape, [*_VNI_PAIRS, *_VNI_SINGLE]), key=len, reverse=True))
)


def from_vni(text: str) -> str:
    """Text whose bytes were VNI Windows, read as Windows-1252, converted to Unicode."""
    return _VNI_PATTERN.sub(lambda m: _VNI_PAIRS.get(m[0]) or _VNI_SINGLE[m[0]], text)


def from_tcvn3(text: str) -> str:
    """Text whose bytes were TCVN3, read as Latin-1, converted to Unicode."""
    return text.translate(TCVN3)


# A Vietnamese syllable once tone marks are removed: onset, vowel nucleus, final.
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(uyê|uya|oa|oă|oe|uê|uy|ia|iê|yê|ua|uô|ưa|ươ|uâ|[aăâeêioôơuưy])"
    r"(ng|nh|ch|[cmnptiyou])?"
)
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"[^\W\d_]+|[\x80-\xff]+")


def is_vietnamese_syllable(word: str) -> bool:
    """True if `word` is a well-formed syllable with at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(c in _TONE_MARKS for c in decomposed)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


def vietnamese_score(text: str) -> int:
    """Valid minus invalid syllables among the words that contain a non-ASCII character."""
    score = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        score += 1 if is_vietnamese_syllable(word) else -1
    return score


ENCODING_NAMES = {
    "tcvn3": "TCVN3 (ABC, phông .VnTime)",
    "vni": "VNI Windows (phông VNI-Times)",
}


def detect_legacy(text: str) -> str | None:
    """ "tcvn3" or "vni" if `text` (read as Latin-1/Windows-1252) is legacy Vietnamese, else None.

    `text` is what a reader decoded: either bytes read through Latin-1, or Unicode text that
    still carries a legacy font's characters (a TCVN3 sheet saved "as Unicode").
    """
    if not any("\x80" <= c <= "\xff" for c in text):
        return None
    as_is = vietnamese_score(text)
    candidates = {
        "tcvn3": vietnamese_score(from_tcvn3(text)),
        "vni": vietnamese_score(from_vni(text)),
    }
    best = max(candidates, key=candidates.get)
    if candidates[best] > max(as_is, 0) and candidates[best] >= 2:
        return best
    return None
