"""Database constraints of the reports models answer in Vietnamese, also outside a form."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from reports.models import Recipient


def test_a_second_recipient_at_the_same_position_is_refused_in_vietnamese(document):
    with pytest.raises(ValidationError) as raised:
        Recipient(document=document, position=1, text="Lưu hồ sơ;").full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == ["Thứ tự nơi nhận này đã có trong kế hoạch."]
