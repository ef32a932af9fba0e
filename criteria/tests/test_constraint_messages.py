"""Database constraints of the criteria models answer in Vietnamese, also outside a form."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from criteria.models import OcopGroup, OcopProduct


def test_an_ocop_product_with_six_stars_is_refused_in_vietnamese(quang_giao):
    product = OcopProduct(commune=quang_giao, name="Nem chua", group=OcopGroup.FOOD, stars=6, year_recognised=2023)
    with pytest.raises(ValidationError) as raised:
        product.full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == ["Số sao OCOP phải từ 1 đến 5."]


def test_a_second_ocop_product_with_the_same_name_in_the_commune_is_refused_in_vietnamese(quang_giao):
    values = {"commune": quang_giao, "name": "Nem chua", "group": OcopGroup.FOOD, "year_recognised": 2023}
    OcopProduct.objects.create(stars=3, **values)
    with pytest.raises(ValidationError) as raised:
        OcopProduct(stars=4, **values).full_clean()
    assert raised.value.message_dict[NON_FIELD_ERRORS] == ["Xã đã có sản phẩm OCOP cùng tên."]
