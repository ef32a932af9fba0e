from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.money import Money, format_percent, format_vnd, format_vnd_short, parse_money, share


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.981.839.000 đồng", Money(2_981_839_000)),
        ("2981839000", Money(2_981_839_000)),
        ("22,3 tỷ", Money(22_300_000_000)),
        ("22,3 tỷ đồng", Money(22_300_000_000)),
        ("800 triệu", Money(800_000_000)),
        ("800 triệu đồng", Money(800_000_000)),
        ("1 tỷ 200 triệu", Money(1_200_000_000)),
        ("gần 500 triệu", Money(500_000_000, "gần")),
        ("khoảng 1,5 tỷ đồng", Money(1_500_000_000, "khoảng")),
        ("624.926.000đ", Money(624_926_000)),
        ("  7,6 TỶ ", Money(7_600_000_000)),
    ],
)
def test_parse_money_reads_the_ways_officials_write_amounts(text, expected):
    assert parse_money(text) == expected


def test_an_approximate_amount_is_marked_as_such():
    assert parse_money("gần 500 triệu").is_approximate
    assert not parse_money("500 triệu").is_approximate


@pytest.mark.parametrize("text", ["", "abc", "12,5", "2.98.1", "5 đô la", "tỷ", "-5 triệu", "1 triệu 2"])
def test_parse_money_refuses_malformed_amounts_with_a_vietnamese_message(text):
    with pytest.raises(ValidationError) as error:
        parse_money(text)
    assert any(word in error.value.messages[0] for word in ("số tiền", "Số tiền"))


def test_parse_money_refuses_an_overflowing_amount():
    with pytest.raises(ValidationError, match="quá lớn"):
        parse_money("5000000 tỷ")


def test_parse_money_refuses_fractions_of_a_dong():
    with pytest.raises(ValidationError):
        parse_money("1,0000000001 tỷ")


def test_format_vnd_groups_thousands_with_dots():
    assert format_vnd(2_981_839_000) == "2.981.839.000 đồng"
    assert format_vnd(0) == "0 đồng"
    assert format_vnd(500_000_000, "gần") == "gần 500.000.000 đồng"


def test_format_vnd_short_uses_ty_and_trieu_with_a_decimal_comma():
    assert format_vnd_short(22_300_000_000) == "22,3 tỷ đồng"
    assert format_vnd_short(19_700_000_000) == "19,7 tỷ đồng"
    assert format_vnd_short(2_980_000_000) == "2,98 tỷ đồng"
    assert format_vnd_short(800_000_000) == "800 triệu đồng"
    assert format_vnd_short(500_000_000, "gần") == "gần 500 triệu đồng"
    assert format_vnd_short(20_102_000_000, places=3) == "20,102 tỷ đồng"
    assert format_vnd_short(950_000) == "950.000 đồng"


def test_shares_are_computed_and_formatted_as_the_seed_shows():
    assert format_percent(share(752, 1250)) == "60,16 %"
    assert format_percent(share(19_700_000_000, 22_300_000_000, places=1), places=1) == "88,3 %"
    assert format_percent(share(2_600_000_000, 22_300_000_000, places=1), places=1) == "11,7 %"


def test_a_share_of_a_zero_total_cannot_be_computed():
    assert share(5, 0) is None
    assert format_percent(None) == ""


def test_share_rounds_half_up():
    assert share(1, 8, places=2) == Decimal("12.50")
    assert share(1, 3, places=1) == Decimal("33.3")
    assert share(2, 3, places=1) == Decimal("66.7")
