"""Database constraints of the units models answer in Vietnamese, also outside a form."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def test_two_communes_with_the_same_name_under_one_district_are_refused_in_vietnamese(quang_giao, quang_hai):
    quang_hai.name = quang_giao.name
    with pytest.raises(ValidationError) as raised:
        quang_hai.full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == ["Đơn vị cấp trên đã có đơn vị cùng tên."]
