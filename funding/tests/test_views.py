"""Pages: permissions (outsider 404, readers 403 on writes), bad input, and constant query counts."""

import pytest
from django.urls import reverse

from funding.models import MoneyLine, Stage
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

TRIEU = 10**6


@pytest.fixture
def line(ns_xa, make_line):
    return make_line(ns_xa, 19_700 * TRIEU)


def line_data(source, **overrides):
    data = {"year": "2023", "source": source.pk, "stage": Stage.MOBILISED, "amount": "19,7 tỷ", "quarter": ""}
    return {**data, **overrides}


# --- reading -------------------------------------------------------------------------------------------


def test_summary_shows_totals_shares_and_the_warning(
    client_for, steering, quang_giao, ns_xa, nha_o, make_line, make_work
):
    make_line(ns_xa, 19_700 * TRIEU)
    make_line(nha_o, 2_600 * TRIEU)
    make_line(ns_xa, 20_102 * TRIEU, work=make_work("Đường Thôn 9"))
    page = client_for(steering).get(reverse("funding:summary", args=[quang_giao.pk, 2023])).content.decode()
    assert "22,3 tỷ đồng" in page
    assert "88,3 %" in page and "11,7 %" in page
    assert "nhiều hơn 402 triệu đồng" in page
    assert "Thêm dòng vốn" not in page  # read-only role


def test_official_sees_the_add_button(client_for, official, quang_giao):
    page = client_for(official).get(reverse("funding:summary", args=[quang_giao.pk, 2023])).content.decode()
    assert "Thêm dòng vốn" in page


def test_a_year_with_nothing_says_so_and_computes_no_share(client_for, official, quang_giao):
    page = client_for(official).get(reverse("funding:summary", args=[quang_giao.pk, 2030])).content.decode()
    assert "Chưa có dòng vốn nào trong năm này." in page


def test_official_is_taken_to_his_communes_latest_year(client_for, official, quang_giao, line):
    response = client_for(official).get(reverse("funding:home"))
    assert response.url == reverse("funding:summary", args=[quang_giao.pk, 2023])


def test_coordinator_sees_his_communes_side_by_side(client_for, coordinator, quang_giao, quang_hai, ns_xa, make_line):
    make_line(ns_xa, 19_700 * TRIEU)
    make_line(ns_xa, 3_000 * TRIEU, commune=quang_hai)
    page = client_for(coordinator).get(reverse("funding:home") + "?year=2023").content.decode()
    assert "Quảng Giao" in page and "19,7 tỷ đồng" in page
    assert "Quảng Hải" in page and "3 tỷ đồng" in page
    assert "22,7 tỷ đồng" in page  # the area's total


def test_outsider_sees_no_commune_on_the_area_page(client_for, outsider, quang_giao, line):
    page = client_for(outsider).get(reverse("funding:home") + "?year=2023").content.decode()
    assert "Quảng Giao" not in page


@pytest.mark.parametrize(
    "name,args",
    [
        ("funding:summary", lambda c, line, work: [c.pk, 2023]),
        ("funding:lines", lambda c, line, work: [c.pk, 2023]),
        ("funding:line_create", lambda c, line, work: [c.pk]),
        ("funding:line_edit", lambda c, line, work: [line.pk]),
        ("funding:line_delete", lambda c, line, work: [line.pk]),
        ("funding:work_money", lambda c, line, work: [work.pk]),
        ("funding:export_summary", lambda c, line, work: [c.pk, 2023]),
        ("funding:export_lines", lambda c, line, work: [c.pk, 2023]),
        ("funding:import_template", lambda c, line, work: [c.pk]),
        ("funding:import", lambda c, line, work: [c.pk]),
    ],
)
@pytest.mark.parametrize("who", ["outsider", "other_official"])
def test_people_outside_the_commune_get_404(who, name, args, request, client_for, quang_giao, line, make_work):
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse(name, args=args(quang_giao, line, make_work())))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, quang_giao):
    response = client.get(reverse("funding:summary", args=[quang_giao.pk, 2023]))
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("who", ["steering", "coordinator"])
def test_read_only_roles_can_read_every_page(who, request, client_for, quang_giao, line, make_work):
    client = client_for(request.getfixturevalue(who))
    work = make_work()
    for url in (
        reverse("funding:summary", args=[quang_giao.pk, 2023]),
        reverse("funding:lines", args=[quang_giao.pk, 2023]),
        reverse("funding:work_money", args=[work.pk]),
        reverse("funding:export_summary", args=[quang_giao.pk, 2023]),
        reverse("funding:export_lines", args=[quang_giao.pk, 2023]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["steering", "coordinator"])
def test_read_only_roles_get_403_on_writes_and_nothing_changes(who, request, client_for, quang_giao, ns_xa, line):
    client = client_for(request.getfixturevalue(who))
    assert client.post(reverse("funding:line_create", args=[quang_giao.pk]), line_data(ns_xa)).status_code == 403
    edit = client.post(reverse("funding:line_edit", args=[line.pk]), line_data(ns_xa, amount="1 tỷ"))
    assert edit.status_code == 403
    assert client.post(reverse("funding:line_delete", args=[line.pk])).status_code == 403
    assert client.get(reverse("funding:import", args=[quang_giao.pk])).status_code == 403
    line.refresh_from_db()
    assert line.amount == 19_700 * TRIEU
    assert MoneyLine.objects.count() == 1


# --- writing -------------------------------------------------------------------------------------------


def test_official_adds_a_line_in_vietnamese_notation(client_for, official, quang_giao, ns_xa):
    response = client_for(official).post(
        reverse("funding:line_create", args=[quang_giao.pk]), line_data(ns_xa, amount="gần 500 triệu", quarter="2")
    )
    assert response.status_code == 302
    line = MoneyLine.objects.get()
    assert (line.amount, line.amount_qualifier, line.quarter, line.commune) == (500 * TRIEU, "gần", 2, quang_giao)


def test_official_edits_and_the_change_is_audited(client_for, official, ns_xa, line):
    response = client_for(official).post(reverse("funding:line_edit", args=[line.pk]), line_data(ns_xa, amount="20 tỷ"))
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == 20_000 * TRIEU
    from audit.models import AuditEntry

    entry = AuditEntry.objects.for_object(line).get(action="update")
    assert entry.changes["amount"] == [19_700 * TRIEU, 20_000 * TRIEU]


def test_official_deletes_a_line(client_for, official, line):
    assert client_for(official).post(reverse("funding:line_delete", args=[line.pk])).status_code == 302
    assert not MoneyLine.objects.exists()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"amount": "-5 triệu"}, "Số tiền không được âm."),
        ({"amount": "9999999999 tỷ"}, "Số tiền quá lớn"),
        ({"amount": "mười triệu"}, "Không đọc được số tiền"),
        ({"quarter": "5"}, "Quý phải từ 1 đến 4."),
        ({"quarter": "0"}, "Quý phải từ 1 đến 4."),
        ({"note": "<script>alert(1)</script>"}, "không được chứa mã HTML"),
        ({"year": "1990"}, "Năm phải từ 2000 đến 2100."),
        ({"year": "2101"}, "Năm phải từ 2000 đến 2100."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    overrides, message, client_for, official, quang_giao, ns_xa
):
    response = client_for(official).post(
        reverse("funding:line_create", args=[quang_giao.pk]), line_data(ns_xa, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MoneyLine.objects.exists()


def test_a_work_of_another_commune_is_refused(client_for, official, quang_giao, quang_hai, ns_xa, make_work):
    foreign = make_work("Đường xã bên", commune=quang_hai)
    response = client_for(official).post(
        reverse("funding:line_create", args=[quang_giao.pk]), line_data(ns_xa, work=foreign.pk)
    )
    assert "Công trình không thuộc xã này" in response.content.decode()
    assert not MoneyLine.objects.exists()


def test_an_official_cannot_add_a_line_to_another_commune(client_for, official, quang_hai, ns_xa):
    response = client_for(official).post(reverse("funding:line_create", args=[quang_hai.pk]), line_data(ns_xa))
    assert response.status_code == 404
    assert not MoneyLine.objects.exists()


def test_labour_days_only_for_a_labour_source(client_for, official, quang_giao, ns_xa):
    response = client_for(official).post(
        reverse("funding:line_create", args=[quang_giao.pk]), line_data(ns_xa, labour_days="30")
    )
    assert "Chỉ ghi số ngày công" in response.content.decode()
    assert not MoneyLine.objects.exists()


# --- query counts --------------------------------------------------------------------------------------


def _grow(commune, sources, make_line, make_work, count):
    for index in range(count):
        work = make_work(f"Công trình {index}", commune=commune)
        for source in sources:
            make_line(source, TRIEU * (index + 1))
            make_line(source, TRIEU, work=work, stage=Stage.DISBURSED)


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["summary", "lines", "area", "work_money"])
def test_pages_run_a_constant_number_of_queries(
    page,
    client_for,
    official,
    coordinator,
    quang_giao,
    ns_xa,
    nha_o,
    make_line,
    make_work,
    django_assert_num_queries,
):
    client = client_for(coordinator if page == "area" else official)
    first = None
    for count in (3, 9):
        _grow(quang_giao, [ns_xa, nha_o], make_line, make_work, count)
        work = make_work("Công trình đo", commune=quang_giao)
        for _ in range(count):
            make_line(ns_xa, TRIEU, work=work)
        url = {
            "summary": reverse("funding:summary", args=[quang_giao.pk, 2023]),
            "lines": reverse("funding:lines", args=[quang_giao.pk, 2023]),
            "area": reverse("funding:home") + "?year=2023",
            "work_money": reverse("funding:work_money", args=[work.pk]),
        }[page]
        if first is None:
            first = _count_queries(client, url)
            continue
        with django_assert_num_queries(first):
            assert client.get(url).status_code == 200


def test_area_page_is_constant_in_the_number_of_communes(client_for, coordinator, quang_xuong, ns_xa, make_line):
    from ops.services import unit_create

    client = client_for(coordinator)
    counts = []
    for count in (2, 6):
        for index in range(count):
            commune = unit_create(level="commune", name=f"Xã thử {count}-{index}", parent=quang_xuong)
            make_line(ns_xa, TRIEU, commune=commune)
        counts.append(_count_queries(client, reverse("funding:home") + "?year=2023"))
    assert counts[0] == counts[1]
    assert AdministrativeUnit.objects.communes().count() == 9  # Quảng Giao and the eight added
