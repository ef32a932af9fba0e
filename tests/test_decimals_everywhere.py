"""A Vietnamese decimal reads the same in every form and spreadsheet column (core.numbers.parse_vn_decimal)."""

from decimal import Decimal

import pytest

from criteria.forms import VnDecimalField
from criteria.resources import VnDecimalWidget
from funding.resources import DecimalWidget
from projects.resources import PercentWidget

READERS = {
    "criteria form": VnDecimalField(required=False).clean,
    "criteria sheet": VnDecimalWidget().clean,
    "money-line land area": DecimalWidget().clean,
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("written", "number"), [("1.250,5", Decimal("1250.5")), ("60,16", Decimal("60.16"))])
def test_every_reader_takes_the_same_number(reader, written, number):
    assert READERS[reader](written) == number


def test_the_progress_column_reads_it_too_and_keeps_its_range():
    assert PercentWidget().clean("60,16") == Decimal("60.16")
    with pytest.raises(ValueError, match="từ 0 đến 100"):
        PercentWidget().clean("1.250,5")
