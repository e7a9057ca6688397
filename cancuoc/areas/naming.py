"""How units are written: the kind prefix ("Phường", "TP.") and the name after it.

One implementation used both to read the data package and to understand what users type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cancuoc.rules.names import compact_key, fold, normalise_tone_placement

# Kinds as written in unit names, longest first so "Thị xã" wins over "Xã".
KINDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")

# Abbreviations common in addresses ("P. Trảng Dài", "TP.HCM", "TX Long Khánh").
_ABBREVIATIONS = {
    "tp": "Thành phố",
    "tx": "Thị xã",
    "tt": "Thị trấn",
    "dk": "Đặc khu",
    "p": "Phường",
    "x": "Xã",
    "q": "Quận",
    "h": "Huyện",
}
_FOLDED_KINDS = {fold(k): k for k in KINDS}
_WORD_PREFIX = re.compile(rf"^({'|'.join(map(re.escape, _FOLDED_KINDS))})\s+(.+)$")
# Two-letter abbreviations may be followed by a space; one letter needs a dot ("p." not "p").
_ABBR_PREFIX = re.compile(r"^(tp|tx|tt|dk)(?:\.\s*|\s+)(.+)$|^(p|x|q|h)\.\s*(.+)$")

# Names people use for a province that its official name does not contain (compact keys).
PROVINCE_ALIASES = {
    "hcm": "hochiminh",
    "tphcm": "hochiminh",
    "saigon": "hochiminh",
    "hn": "hanoi",
    "tphn": "hanoi",
    "brvt": "bariavungtau",
    "tthue": "thuathienhue",
}


def split_kind(full_name: str, fallback_kind: str = "") -> tuple[str, str]:
    """ "Phường Trảng Dài" -> ("Phường", "Trảng Dài"); the prefix is matched case-insensitively."""
    lowered = full_name.lower()
    for kind in KINDS:
        if lowered.startswith(kind.lower() + " "):
            return kind, full_name[len(kind) + 1 :].strip()
    return fallback_kind, full_name


@dataclass(frozen=True)
class TypedName:
    """What a user typed for a unit: an optional kind, the bare name and the whole text."""

    kind: str | None
    name: str
    whole: str

    @property
    def keys(self) -> set[str]:
        """Compact keys to look up: the bare name, and the whole text in case the "kind" was
        really part of the name ("Xà Phiên" typed without diacritics reads "xa phien")."""
        return {compact_key(self.name), compact_key(self.whole)} - {""}

    def fits(self, unit) -> bool:
        """The unit matches what was typed: the whole text, or the kind and the bare name."""
        key = unit.name_key
        if key == compact_key(self.whole):
            return True
        return key == compact_key(self.name) and self.kind in (None, unit.kind)


def parse_typed_name(text: str) -> TypedName:
    """Split "P. Trảng Dài" into kind "Phường" and name "Trảng Dài"."""
    whole = " ".join(text.split())
    folded = fold(whole)
    # The prefix is ASCII once folded, and each of its letters folds from exactly one letter,
    # so positions in `folded` are positions in `whole`.
    if m := _WORD_PREFIX.match(folded):
        kind, prefix = _FOLDED_KINDS[m[1]], whole[: m.end(1)]
        if _has_marks(prefix) and prefix.lower() != kind.lower():
            return TypedName(None, whole, whole)  # "Xà Phiên" is a name, not "Xã Phiên"
        return TypedName(kind, whole[m.start(2) :], whole)
    if m := _ABBR_PREFIX.match(folded):
        abbr, start = (m[1], m.start(2)) if m[1] else (m[3], m.start(4))
        return TypedName(_ABBREVIATIONS[abbr], whole[start:], whole)
    return TypedName(None, whole, whole)


def province_keys(text: str) -> set[str]:
    """Compact keys for a province as typed: "TP. Hồ Chí Minh", "HCM", "tinh Dong Nai"."""
    typed = parse_typed_name(text)
    keys = typed.keys
    return keys | {PROVINCE_ALIASES[k] for k in keys if k in PROVINCE_ALIASES}


def same_spelling(typed: str, name: str) -> bool:
    """Exact match with diacritics, tolerant of case and of "hoà"/"hòa" tone placement."""
    return _spelling(typed) == _spelling(name)


def _spelling(text: str) -> str:
    return normalise_tone_placement(unicodedata.normalize("NFC", text)).casefold()


def _has_marks(text: str) -> bool:
    return fold(text) != text.lower()
