"""Vietnamese names: display normalisation, search keys and the parts of a name.

A diacritic difference is evidence, not noise ("Lan" vs "Lân"): fold() is for search and
blocking keys only; comparisons that decide anything use normalise().
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

# Middle names so common that sharing them says little about being the same person (folded).
COMMON_MIDDLE_NAMES = frozenset({"thi", "van"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_WORD_START = re.compile(r"(^|[\s'\-])(\w)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Tone marks in decomposed (NFD) text: grave, acute, tilde, hook above, dot below.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# An open syllable ending in oa, oe or uy with a tone mark on one of the two vowels; "qu" is a
# consonant, so "quý" is left alone.
_TONE_PAIR = re.compile(
    rf"(?<![qQ])([oO])([{_TONES}]?)([aAeE])([{_TONES}]?)(?![\w\u0300-\u036f])"
    rf"|(?<![qQ])([uU])([{_TONES}]?)([yY])([{_TONES}]?)(?![\w\u0300-\u036f])"
)


def normalise(text: str) -> str:
    """NFC, single spaces, stripped, each word capitalised: "nguyễn  văn an" -> "Nguyễn Văn An".

    Letters after an apostrophe or hyphen are capitalised too ("h'hen" -> "H'Hen").
    """
    text = " ".join(unicodedata.normalize("NFC", text).translate(_APOSTROPHES).split())
    return _WORD_START.sub(lambda m: m[1] + _capital(m[2]), text.lower())


def _capital(letter: str) -> str:
    upper = letter.upper()
    return upper if len(upper) == 1 else letter  # "ß" would become "SS"


def fold(text: str) -> str:
    """Search key: lowercase ASCII without diacritics, đ -> d, single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)).casefold()
    text = unicodedata.normalize("NFKD", text.replace("đ", "d"))
    stripped = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(stripped.encode("ascii", "ignore").decode("ascii").split())


def compact_key(text: str) -> str:
    """fold() without spaces or punctuation: "Khơ-me" and "Khơ Me" both give "khome"."""
    return _NON_ALNUM.sub("", fold(text))


class ToneStyle(StrEnum):
    """Where the tone mark goes in open syllables ending in oa, oe, uy."""

    # "hòa", "khỏe", "thủy": on the first vowel; used by most government documents and by
    # place names such as Thanh Hóa, Khánh Hòa. Our canonical form.
    FIRST_VOWEL = "first_vowel"
    # "hoà", "khoẻ", "thuỷ": on the main (second) vowel, the phonological rule.
    MAIN_VOWEL = "main_vowel"


def normalise_tone_placement(text: str, *, style: ToneStyle = ToneStyle.FIRST_VOWEL) -> str:
    """Move tone marks in open oa/oe/uy syllables to one consistent place (NFC result).

    Default is the first-vowel style: "hoà" -> "hòa", "thuỷ" -> "thủy", "khoẻ" -> "khỏe".
    Syllables with a final consonant ("hoàng", "thuyền") and "qu" ("quý") are unchanged.
    """
    first = style is ToneStyle.FIRST_VOWEL

    def move(m: re.Match[str]) -> str:
        v1, t1, v2, t2 = m.groups()[:4] if m[1] else m.groups()[4:]
        if t1 and t2:  # two tone marks: malformed, leave it for a human
            return m[0]
        tone = t1 or t2
        return f"{v1}{tone}{v2}" if first else f"{v1}{v2}{tone}"

    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _TONE_PAIR.sub(move, decomposed))


def normalise_name(text: str) -> str:
    """normalise() then normalise_tone_placement(), word by word with each word remembered:
    the same result (neither crosses a space), at a fraction of the cost on lists where a few
    thousand words make up millions of names."""
    return " ".join(map(_normalise_word, text.split()))


@lru_cache(maxsize=65_536)
def _normalise_word(word: str) -> str:
    return normalise_tone_placement(normalise(word))


def sorted_key(text: str) -> str:
    """Folded tokens in alphabetical order, so word order does not matter for blocking."""
    return " ".join(sorted(fold(text).split()))


@dataclass(frozen=True)
class NameParts:
    """A full name split the Vietnamese way: surname first, given name last."""

    surname: str
    middle: str
    given: str


def split_name(full: str) -> NameParts:
    """Surname = first word, given name = last word, middle = the rest.

    A one-word name is a given name only.
    """
    words = unicodedata.normalize("NFC", full).split()
    if not words:
        return NameParts("", "", "")
    if len(words) == 1:
        return NameParts("", "", words[0])
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])


def is_common_middle_name(word: str) -> bool:
    """True for "Thị"/"Văn" (any spelling): low weight when matching people."""
    return fold(word) in COMMON_MIDDLE_NAMES


def initials(text: str) -> str:
    """Upper-case first letter of each word: "Nguyễn Văn An" -> "NVA", "đặng hà" -> "ĐH"."""
    return "".join(word[0].upper() for word in unicodedata.normalize("NFC", text).split())


def mrz_name(surname: str, given_names: str) -> str:
    """ICAO 9303 name field: "NGUYEN<<VAN<AN" (no padding or truncation).

    Folded to ASCII (Đ -> D), apostrophes dropped, every other separator becomes "<".
    """
    return f"{_mrz_words(surname)}<<{_mrz_words(given_names)}"


def _mrz_words(text: str) -> str:
    words = _NON_ALNUM.sub(" ", fold(text).replace("'", "")).split()
    return "<".join(words).upper()
