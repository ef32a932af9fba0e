"""Database constraints of the projects models answer in Vietnamese, also outside a form."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def test_a_second_work_with_the_same_code_in_the_commune_is_refused_in_vietnamese(quang_giao, make_work):
    first = make_work(quang_giao)
    second = make_work(quang_giao)
    second.code = first.code
    with pytest.raises(ValidationError) as raised:
        second.full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == ["Mã công trình này đã có trong xã."]
