"""A CSV cut into text blocks for the workers gives exactly the rows the file reader gives."""

from __future__ import annotations

import pytest

from cancuoc.registry.imports.blocks import block_rows, text_blocks
from cancuoc.registry.imports.sources import FileRefused, open_source

# A header whose second column holds a line break, CRLF, LF and lone CR endings, blank lines, quoted
# fields spanning lines (some across any block boundary), doubled quotes, a literal quote in an
# unquoted field, a row of empty cells, and a last line without its line break.
AWKWARD = (
    'record_id,"full\nname",birth_date\r\n'
    "A1,Nguyễn Văn An,01/02/1990\r\n"
    "\r\n"
    'A2,"Trần Thị\nBình",1985\n'
    'A3,"Lê ""Ba""",1970\n'
    'A4,Phạm 5"x,1960\r'
    ",,\n"
    'A5,"một\n\nhai\nba",2001\n'
    "\n"
    'A6,"Hồ, Văn Sáu",02.03.1999\n'
    'A7,"cuối\ndòng"'
)


def rows_by_blocks(source, *, after: int, lines: int) -> list:
    return [row for block in text_blocks(source, after=after, lines=lines)
            for row in block_rows(block)]  # fmt: skip


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8-sig"), (";", "utf-16")])
def test_blocks_give_the_rows_of_the_file_whatever_the_block_size(tmp_path, delimiter, encoding):
    path = tmp_path / "a.csv"
    path.write_text(AWKWARD.replace(",", delimiter), encoding=encoding, newline="")
    source = open_source(path)
    assert source.delimiter == delimiter
    expected_all = list(source.rows())
    assert [n for n, _ in expected_all] == [2, 4, 5, 6, 8, 10, 11]
    assert expected_all[1][1] == ["A2", "Trần Thị\nBình", "1985"]
    for after in (1, 2, 5, 8, 11):
        expected = list(source.rows(after=after))
        for lines in (1, 2, 3, 4, 5, 7, 100):
            assert rows_by_blocks(source, after=after, lines=lines) == expected, (after, lines)


def test_blocks_wholly_before_the_checkpoint_are_not_sent(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("full_name,sex\n" + "".join(f"Người {i},Nam\n" for i in range(10)))
    blocks = list(text_blocks(open_source(path), after=7, lines=3))
    assert [(b.first_row, b.first_line) for b in blocks] == [(8, 8), (11, 11)]
    assert [n for b in blocks for n, _ in block_rows(b)] == [8, 9, 10, 11]


def test_a_format_error_in_a_block_names_the_line_of_the_file(tmp_path):
    path = tmp_path / "a.csv"
    huge = "x" * 200_000  # over csv's field size limit
    path.write_text("full_name,sex\n" + "An,Nam\n" * 5 + f"{huge},Nam\n")
    source = open_source(path)
    with pytest.raises(FileRefused) as direct:
        list(source.rows())
    with pytest.raises(FileRefused) as by_block:
        rows_by_blocks(source, after=1, lines=4)
    assert by_block.value.reason == direct.value.reason
    assert "dòng 7" in by_block.value.reason
