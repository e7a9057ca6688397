"""The README documents the import layout: every column the importer reads, with its heading."""

from pathlib import Path

from cancuoc.registry.imports.columns import COLUMNS

README = Path(__file__).resolve().parents[3] / "README.md"


def test_every_import_column_is_documented_with_its_vietnamese_heading():
    text = README.read_text(encoding="utf-8")
    missing = [f for f, (vi, _) in COLUMNS.items() if f"| `{f}`" not in text or vi not in text]
    assert missing == []
