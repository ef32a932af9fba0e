"""The seed's recognition of Quảng Giao (NTM before 2019, number unknown) on the pages that state a commune's status:
never "đạt x/19" alone (docs/adr/0016-recognition-records.md)."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from criteria.models import Recognition, SetLevel
from ops.tests.members import member
from units.models import Role

pytestmark = pytest.mark.django_db

STATUS = "Đã công nhận xã NTM (trước 2019, chưa nhập số quyết định)"


@pytest.fixture
def province_office(thanh_hoa):
    return member("vpdp.thanhhoa.kiemthu", thanh_hoa, Role.COORDINATOR)


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_seed_records_quang_giao_as_recognised_ntm_before_2019_unverified(quang_giao):
    recognition = Recognition.objects.get(unit=quang_giao)
    assert (recognition.level, recognition.recognised_year, recognition.before_year) == (SetLevel.XA_NTM, 2019, True)
    assert recognition.decision_number == "" and recognition.decision_date is None and not recognition.verified
    assert "29/29 xã" in recognition.note and "Quảng Xương" in recognition.note
    assert recognition.status_label == STATUS


def test_the_commune_dashboard_shows_the_recognition_beside_the_computed_count(client_for, former_official, quang_giao):
    response = client_for(former_official).get(
        reverse("reports:dashboard_commune", args=[quang_giao.pk]), {"year": 2024}
    )
    text = text_of(response)
    assert response.status_code == 200
    assert f"Công nhận (đến 31/12/2024): {STATUS}" in text
    # The NTM card: the count of the self-assessment, and right under it the recognition.
    card = re.search(r"Xã nông thôn mới đạt (\d+)/(\d+)(.{0,200})", text)
    assert card and int(card[1]) < int(card[2])
    assert STATUS in card[3] and "Số tiêu chí đạt ở trên là theo số liệu tự đánh giá đã nhập" in card[3]


def test_the_commune_dashboard_of_2017_shows_no_recognition_yet(client_for, former_official, quang_giao):
    response = client_for(former_official).get(
        reverse("reports:dashboard_commune", args=[quang_giao.pk]), {"year": 2017}
    )
    assert "chưa ghi nhận quyết định công nhận nào" in text_of(response)


def test_the_successors_dashboard_does_not_take_the_title_but_shows_it_under_quang_giao_for_2024(
    client_for, official, nam_sam_son
):
    address = reverse("reports:dashboard_commune", args=[nam_sam_son.pk])
    text_2026 = text_of(client_for(official).get(address, {"year": 2026}))
    assert "Công nhận (đến 31/12/2026): chưa ghi nhận quyết định công nhận nào." in text_2026
    text_2024 = text_of(client_for(official).get(address, {"year": 2024}))
    assert re.search(r"xã Quảng Giao \(đến 30/06/2025\) " + re.escape(STATUS), text_2024)


def test_the_area_dashboard_has_a_recognition_column_beside_the_counts(client_for, province_office):
    response = client_for(province_office).get(reverse("reports:dashboard_area"), {"year": 2024})
    assert "Đã công nhận (đến 31/12/2024)" in text_of(response)
    rows = re.findall(r"<tr>(?:(?!</tr>).)*</tr>", response.content.decode(), flags=re.DOTALL)
    (row,) = [row for row in rows if ">Quảng Giao</a>" in row]
    row_text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    # The computed count of 2024 (NTM nâng cao 0/19), the computed level (none), then the recorded recognition.
    assert re.search(r"\d+/\d+ — " + re.escape(STATUS), row_text), row_text


def test_the_area_filter_keeps_only_the_recognised_communes_or_the_others(client_for, province_office):
    client = client_for(province_office)
    address = reverse("reports:dashboard_area")
    recognised = client.get(address, {"year": 2024, "recognised": "yes"})
    names = [row.name for row in recognised.context["dashboard"].rows]
    assert names == ["Quảng Giao"]
    at_level = client.get(address, {"year": 2024, "recognised": SetLevel.XA_NTM_NANG_CAO})
    assert at_level.context["dashboard"].rows == []
    assert "Không có xã nào khớp bộ lọc công nhận" in text_of(at_level)
    others = client.get(address, {"year": 2024, "recognised": "no"}).context["dashboard"].rows
    assert others and "Quảng Giao" not in [row.name for row in others]
    everyone = client.get(address, {"year": 2024, "recognised": "bogus"}).context["dashboard"].rows
    assert len(everyone) == len(others) + 1
    # The sort links and the export keep the filter.
    assert "sort=-name&amp;recognised=yes" in recognised.content.decode()
    export = client.get(reverse("reports:dashboard_area_export"), {"year": 2024, "recognised": "yes"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == ["Quảng Giao"] and STATUS in values[1]


def test_outsiders_do_not_see_quang_giaos_recognition_on_the_area_dashboard(client_for, other_official, outsider):
    for user in (other_official, outsider):
        response = client_for(user).get(reverse("reports:dashboard_area"), {"year": 2024, "recognised": "yes"})
        assert "Quảng Giao" not in response.content.decode()
