"""The inbox page on the seed (docs/adr/0019): each role's list, nothing of Quảng Giao for outsiders, constant queries.

The seed's assessments of Quảng Giao are incomplete drafts, which cannot be submitted through the loop; the tests
put two of them in the office's hands by setting the state the page reads.
"""

import pytest

from criteria.models import Assessment, AssessmentStatus

SECRETS = ("Quảng Giao", "Nam Sầm Sơn")


@pytest.fixture
def submitted(world):
    """Quảng Giao's 2023 assessments, submitted (NTM) and under appraisal (nâng cao)."""
    assessments = Assessment.objects.filter(unit=world.quang_giao, year=2023).order_by("criteria_set__level")
    first, second = assessments
    Assessment.objects.filter(pk=first.pk).update(status=AssessmentStatus.SUBMITTED)
    Assessment.objects.filter(pk=second.pk).update(status=AssessmentStatus.UNDER_APPRAISAL)
    return first, second


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/inbox/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_office_above_today_sees_what_was_submitted(client, submitted, office):
    html = page(client, office)
    assert "Nhận thẩm định" in html and "Thẩm định: phê duyệt hoặc trả lại" in html
    assert html.count("Xã Quảng Giao (đến 30/06/2025)") == 2
    for assessment in submitted:
        assert f'href="/criteria/assessments/{assessment.pk}/"' in html


def test_the_ward_s_people_see_the_drafts_they_carry_on(client, submitted, official, steering):
    to_fill = page(client, official)
    assert "Nhập số liệu" in to_fill and to_fill.count("Xã Quảng Giao (đến 30/06/2025)") == 1
    to_send = page(client, steering)
    assert "Gửi thẩm định" in to_send and "Chờ cán bộ xã nhập đủ rồi mới gửi được." in to_send


def test_an_outsider_s_inbox_shows_nothing_of_quang_giao_or_nam_sam_son(
    client, submitted, outsider, other_official, no_unit_user, coordinator
):
    # The other province's office, Quảng Ninh's official, a user without a unit, and the district's office
    # (ended on 1/7/2025: it reads, it no longer appraises).
    for user in (outsider, other_official, no_unit_user, coordinator):
        html = page(client, user)
        assert "Không có việc nào đang chờ bạn." in html, user.username
        assert not [secret for secret in SECRETS if secret in html], user.username


def test_the_page_reads_in_the_same_queries_whatever_the_number_of_assessments(
    client, world, submitted, office, django_assert_num_queries
):
    client.force_login(office)
    # Session, user, the request's savepoint and its release, membership; the assessments; the units' names
    # over time; the navigation's count.
    with django_assert_num_queries(8):
        client.get("/inbox/")
    Assessment.objects.filter(unit=world.quang_giao).update(status=AssessmentStatus.SUBMITTED)
    with django_assert_num_queries(8):
        html = client.get("/inbox/").content.decode()
    assert html.count("Xã Quảng Giao (đến 30/06/2025)") == 3
