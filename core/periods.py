"""Years and quarters: the one range every year field, filter, constraint and query parameter shares
(docs/adr/0009), and the one way a quarter reads.

2000–2100 is a guard against typing slips ("204", "20244"), not a legal rule: no document we hold fixes a
first year for the programme's records, so every app, the money lines included, uses the same range.
"""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

YEAR_MIN = 2000
YEAR_MAX = 2100
YEAR_RANGE_MESSAGE = _("Năm phải từ 2000 đến 2100.")


def year_validators() -> list:
    """For a model's year field."""
    return [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]


def year_in_range(field: str = "year") -> Q:
    """For a model's CheckConstraint on `field`."""
    return Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX})


def year_field(label, *, required: bool = True, range_message=YEAR_RANGE_MESSAGE) -> forms.IntegerField:
    """A year in a form: a number within the range, with Vietnamese messages."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Năm phải là số, ví dụ 2024."),
            "min_value": range_message,
            "max_value": range_message,
            "required": _("Chưa nhập năm."),
        },
    )


def default_year(years, today) -> int:
    """The year a page opens on: this year when it has data, else the latest year with data before it
    (or the first one after it when all are later), else this year. `years` are the years with data."""
    years = set(years)
    if not years or today.year in years:
        return today.year
    earlier = [year for year in years if year <= today.year]
    return max(earlier) if earlier else min(years)


def menu_years(years, shown: int, today, *, exists_this_year: bool = True) -> list[int]:
    """The years a page's year menu offers, latest first: those with data, the one shown, and this year while the
    unit exists in it (a ward formed in 2025, with no record of its own yet, opens 2026 from the menu)."""
    this_year = {today.year} if exists_this_year else set()
    return sorted({*years, shown, *this_year}, reverse=True)


def parse_year(value) -> int | None:
    """A year from a query parameter or a cell: the number when it is one within the range, else None."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX else None


def quarter_of(day: datetime.date) -> int:
    """1–4: the quarter a day falls in."""
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> datetime.date:
    """The last day of a quarter: the default due date of a quarterly task."""
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, quarter * 3 + 1, 1) - datetime.timedelta(days=1)


def quarter_label(quarter: int | None, year: int | None) -> str:
    """ "Quý 2/2024" ("Quarter 2/2024" in English); the year alone without a quarter; "" without a year."""
    if not year:
        return ""
    if not quarter:
        return str(year)
    return gettext("Quý %(quarter)s/%(year)s") % {"quarter": quarter, "year": year}
