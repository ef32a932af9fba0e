from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.periods import YEAR_MAX, YEAR_MIN, default_year, menu_years, parse_year, year_field, year_validators


@pytest.mark.parametrize(("text", "year"), [("2024", 2024), (" 2000 ", 2000), ("2100", 2100), (2026, 2026)])
def test_a_year_within_the_range_is_read(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["1999", "2101", "20244", "-2024", "năm", "", None, "2024.5"])
def test_anything_else_is_no_year(text):
    assert parse_year(text) is None


def test_the_form_field_and_the_model_validators_share_the_range():
    field = year_field("Năm")
    assert field.clean("2024") == 2024
    for outside in (str(YEAR_MIN - 1), str(YEAR_MAX + 1)):
        with pytest.raises(ValidationError, match="Năm phải từ 2000 đến 2100."):
            field.clean(outside)
    with pytest.raises(ValidationError):
        for validator in year_validators():
            validator(YEAR_MIN - 1)


@pytest.mark.parametrize(
    ("years", "opens_on"),
    [
        ([2023, 2024, 2026], 2026),  # this year has data
        ([2023, 2024], 2024),  # else the latest year before it
        ([2027, 2028], 2027),  # else the first year after it
        ([], 2026),  # no data at all: this year
    ],
)
def test_a_page_opens_on_the_year_with_data_nearest_today(years, opens_on):
    assert default_year(years, date(2026, 12, 3)) == opens_on


def test_the_year_menu_offers_the_years_with_data_the_one_shown_and_this_year_while_the_unit_exists():
    today = date(2027, 1, 15)
    assert menu_years([2024, 2023, 2024], 2021, today) == [2027, 2024, 2023, 2021]
    assert menu_years([2024, 2023], 2024, today, exists_this_year=False) == [2024, 2023]  # an ended commune
