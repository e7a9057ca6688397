from __future__ import annotations

import pytest

from cancuoc.rules.numbers import format_number_vi


@pytest.mark.parametrize(
    "number, text",
    [(0, "0"), (999, "999"), (14149, "14.149"), (1_000_000, "1.000.000"), (1.25, "1,2"),
     (12.5, "12,5"), (3242.0, "3.242,0"), (-50000, "-50.000")],
)  # fmt: skip
def test_thousands_with_dots_and_decimals_with_a_comma(number, text):
    assert format_number_vi(number) == text
