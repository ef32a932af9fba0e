from decimal import Decimal

import pytest

from core.numbers import parse_vn_decimal


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("60,16", Decimal("60.16")),
        ("1.250,5", Decimal("1250.5")),
        ("1.250", Decimal("1250")),
        ("1.250.000", Decimal("1250000")),
        ("60.16", Decimal("60.16")),
        ("58", Decimal("58")),
        (" 1 250,5 ", Decimal("1250.5")),
        ("-3,5", Decimal("-3.5")),
        (44.5, Decimal("44.5")),
        (12, Decimal("12")),
    ],
)
def test_numbers_read_as_officials_write_them(written, number):
    assert parse_vn_decimal(written) == number


@pytest.mark.parametrize("written", ["", "   ", None])
def test_an_empty_cell_is_no_number(written):
    assert parse_vn_decimal(written) is None


@pytest.mark.parametrize("written", ["1,250,5", "12.34.5", "abc", "1.2.3", "6O", "=1+1", True])
def test_anything_else_is_refused(written):
    with pytest.raises(ValueError):
        parse_vn_decimal(written)
