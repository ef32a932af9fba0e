"""Database constraints of the units models answer in Vietnamese, also outside a form."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def test_two_communes_with_the_same_name_under_one_district_are_refused_in_vietnamese(quang_giao, quang_hai):
    quang_hai.name = quang_giao.name
    with pytest.raises(ValidationError) as raised:
        quang_hai.full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == [
        "Đơn vị cấp trên đã có đơn vị cùng cấp, cùng tên đang hoạt động."
    ]


def test_an_ended_commune_leaves_its_name_free_under_the_same_parent(quang_giao, quang_hai):
    quang_giao.dissolved_on = datetime.date(2025, 7, 1)
    quang_giao.save()
    quang_hai.name = quang_giao.name
    quang_hai.full_clean()


def test_a_code_held_by_another_unit_in_the_same_period_is_refused_in_vietnamese(quang_giao, quang_hai):
    quang_giao.code = "16519"
    quang_giao.save()
    quang_hai.code = "16519"
    with pytest.raises(ValidationError) as raised:
        quang_hai.full_clean()
    assert "Mã 16519 đã thuộc một đơn vị khác trong cùng thời gian" in raised.value.message_dict["code"][0]


def test_a_code_is_reused_once_its_holder_has_ended(quang_giao, quang_hai):
    quang_giao.code, quang_giao.dissolved_on = "16540", datetime.date(2025, 7, 1)
    quang_giao.save()
    quang_hai.code, quang_hai.valid_from = "16540", datetime.date(2025, 7, 1)
    quang_hai.full_clean()


def test_a_unit_cannot_end_before_it_began(quang_hai):
    quang_hai.valid_from, quang_hai.dissolved_on = datetime.date(2025, 7, 1), datetime.date(2025, 1, 1)
    with pytest.raises(ValidationError) as raised:
        quang_hai.full_clean()
    assert raised.value.message_dict["dissolved_on"] == ["Ngày ngừng hoạt động phải sau ngày bắt đầu hoạt động."]
