"""Database constraints of the funding models answer in Vietnamese, also outside a form.

Every MoneyLine check constraint also has a field validator, so full_clean() reports the field first and skips the
constraint; validate_constraints() (the step of full_clean that checks them) shows the constraint's own message.
"""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from funding.models import MoneyLine


def test_a_money_line_in_a_fifth_quarter_is_refused_in_vietnamese(quang_giao, ns_xa):
    line = MoneyLine(commune=quang_giao, year=2024, source=ns_xa, amount=1_000_000, quarter=5)
    with pytest.raises(ValidationError) as raised:
        line.validate_constraints()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == ["Quý phải từ 1 đến 4."]
    with pytest.raises(ValidationError) as raised:
        line.full_clean()
    assert "quarter" in raised.value.message_dict
