"""Years before and after the 2025 merges (docs/adr/0095): the area dashboard, its export and the year zip list
the units of the year; a successor counts its predecessors' records from the merge on and shows them, each on its
own or combined, for the years before; its first plan evaluates the previous year from their records."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from ops.tests.reform import JULY_2025
from ops.unit_changes import NewUnit, unit_change_apply
from projects.models import Work
from reports import services
from reports.dashboards import build_area_dashboard, build_commune_dashboard
from reports.models import PlanDocument
from reports.plan_builder import build_plan
from units.models import AdministrativeUnit, ChangeKind, Kind, Level

from .dashboard_data import add_commune, fill_commune
from .test_dashboard_area import AREA_DASHBOARD_QUERIES
from .test_dashboard_commune import COMMUNE_DASHBOARD_QUERIES

# The reform and its records, people included, come from ops/tests/reform.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reform_records")]

DECEMBER_2026 = datetime.date(2026, 12, 3)
QG_LABEL = "xã Quảng Giao (đến 30/06/2025)"


def rows(dashboard):
    return {row.name: row for row in dashboard.rows}


def area(reform, year):
    return build_area_dashboard(AdministrativeUnit.objects.within(reform.thanh_hoa), year, DECEMBER_2026)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


# --- the area dashboard, its export -----------------------------------------------------------------------


def test_2024_lists_quang_giao_under_its_district_and_2026_nam_sam_son_under_the_province(reform):
    in_2024, in_2026 = rows(area(reform, 2024)), rows(area(reform, 2026))
    assert {"Quảng Giao", "Quảng Vinh", "Quảng Hùng", "Quảng Hải"} <= set(in_2024)
    assert "Nam Sầm Sơn" not in in_2024 and "Đại Hùng" not in in_2024
    assert set(in_2026) == {"Nam Sầm Sơn", "Quảng Ninh"}
    assert in_2024["Quảng Giao"].parent_name == "huyện Quảng Xương"
    assert in_2024["Quảng Vinh"].parent_name == "thành phố Sầm Sơn"
    assert in_2026["Nam Sầm Sơn"].parent_name == "tỉnh Thanh Hóa"


def test_the_successors_row_counts_its_predecessors_works_and_money_but_only_its_own_criteria(reform):
    row = rows(area(reform, 2026))["Nam Sầm Sơn"]
    # its street works, Quảng Giao's unfinished kindergarten repair and Quảng Hùng's drain (through Đại Hùng);
    # the road Quảng Giao finished in 2024 is not a 2026 work
    assert row.works_total == 3
    assert row.mobilised == 2_000_000_000 + 500_000_000
    assert {level: (count.met, count.total) for level, count in row.levels.items()} == {"xa_ntm": (2, 2)}
    assert QG_LABEL in row.merged


def test_in_the_year_of_the_merge_the_predecessors_records_count_for_the_successor(reform):
    row = rows(area(reform, 2025))["Nam Sầm Sơn"]
    assert row.mobilised == 300_000_000 + 200_000_000
    assert row.works_total == 2  # the two unfinished works carried on
    assert row.levels == {}  # nobody assessed 2025: no verdict is borrowed from a predecessor


def test_predecessors_keep_their_own_rows_and_verdicts_for_2024(reform):
    in_2024 = rows(area(reform, 2024))
    giao, vinh = in_2024["Quảng Giao"], in_2024["Quảng Vinh"]
    assert (giao.levels["xa_ntm"].met, vinh.levels["xa_ntm"].met) == (1, 0)
    assert (giao.mobilised, giao.planned, giao.works_total) == (1_200_000_000, 2_000_000_000, 2)
    assert (vinh.mobilised, in_2024["Quảng Hùng"].mobilised) == (400_000_000, 100_000_000)
    assert giao.merged == []


def test_the_area_page_names_the_units_of_each_year(client_for, province_coordinator, reform):
    page = client_for(province_coordinator).get(reverse("reports:dashboard_area"), {"year": 2026}).content.decode()
    assert "Nam Sầm Sơn" in page and "Tỉnh Thanh Hóa" in page and QG_LABEL in page
    assert ">Quảng Giao<" not in page
    page = client_for(province_coordinator).get(reverse("reports:dashboard_area"), {"year": 2024}).content.decode()
    assert ">Quảng Giao<" in page and "Huyện Quảng Xương" in page and "Nam Sầm Sơn" not in page


def test_the_export_holds_the_units_their_parents_and_whose_records_of_the_year(
    client_for, province_coordinator, reform
):
    def sheet_rows(year):
        response = client_for(province_coordinator).get(reverse("reports:dashboard_area_export"), {"year": year})
        values = list(load_workbook(io.BytesIO(downloaded(response))).active.iter_rows(values_only=True))
        return {row[0]: dict(zip(values[0], row, strict=True)) for row in values[1:]}

    in_2026, in_2024 = sheet_rows(2026), sheet_rows(2024)
    assert set(in_2026) == {"Nam Sầm Sơn", "Quảng Ninh"}
    nss = in_2026["Nam Sầm Sơn"]
    assert nss["Đơn vị cấp trên"] == "tỉnh Thanh Hóa"
    assert nss["Vốn đã huy động (đồng)"] == 2_500_000_000
    assert QG_LABEL in nss["Ghi chú"]
    assert in_2024["Quảng Giao"]["Đơn vị cấp trên"] == "huyện Quảng Xương"
    assert "Nam Sầm Sơn" not in in_2024


def test_an_official_of_the_successor_sees_his_predecessors_rows_for_2024_and_his_own_for_2026(
    client_for, nss_official, reform
):
    client = client_for(nss_official)
    in_2024 = {row.name for row in client.get(reverse("reports:dashboard_area"), {"year": 2024}).context["page"]}
    assert in_2024 == {"Quảng Đại", "Quảng Giao", "Quảng Hùng", "Quảng Minh", "Quảng Vinh"}
    in_2026 = [row.name for row in client.get(reverse("reports:dashboard_area"), {"year": 2026}).context["page"]]
    assert in_2026 == ["Nam Sầm Sơn"]


def test_an_outsider_official_sees_nothing_of_the_successor_or_its_predecessors(
    client_for, quang_ninh_official, reform
):
    client = client_for(quang_ninh_official)
    for year in (2024, 2026):
        page = client.get(reverse("reports:dashboard_area"), {"year": year}).content.decode()
        assert "Nam Sầm Sơn" not in page and "Quảng Giao" not in page
    export = client.get(reverse("reports:dashboard_area_export"), {"year": 2024})
    names = [row[0] for row in load_workbook(io.BytesIO(downloaded(export))).active.iter_rows(values_only=True)]
    assert set(names) == {"Xã", "Quảng Hải", "Quảng Nhân", "Quảng Ninh"}  # his own predecessors' 2024


def _merged_pair(parent, number, size):
    """Two communes with records, merged on 1 July 2025 into a new ward under `parent`."""
    communes = [add_commune(parent, f"Xã cũ {number}-{side}") for side in "AB"]
    for commune in communes:
        fill_commune(commune, works=size, years=(2025, 2026))
    change = unit_change_apply(
        kind=ChangeKind.MERGE,
        effective_on=JULY_2025,
        predecessors=communes,
        successors=[NewUnit(level=Level.COMMUNE, name=f"Phường mới {number}", parent=parent, kind=Kind.WARD)],
    )
    return change.successors.get()


# the area dashboard's queries, and the merges behind the page's communes with their names' history
MERGED_AREA_QUERIES = AREA_DASHBOARD_QUERIES + 2


@pytest.mark.parametrize("size", [1, 3])
def test_a_merged_area_runs_a_constant_number_of_queries(
    client_for, province_coordinator, reform, size, django_assert_num_queries
):
    for number in range(size):
        _merged_pair(reform.thanh_hoa, number, size)
    client = client_for(province_coordinator)
    client.get(reverse("reports:dashboard_area"), {"year": 2026})  # the new wards' rows are computed on first view
    with django_assert_num_queries(MERGED_AREA_QUERIES):
        response = client.get(reverse("reports:dashboard_area"), {"year": 2026})
    listed = {row.name: row for row in response.context["page"]}
    assert len(listed) == 2 + size
    # the two predecessors' 2026 works, and their 2025 works still open
    merged = Work.objects.filter(commune__name__in=["Xã cũ 0-A", "Xã cũ 0-B"])
    expected = [w for w in merged if w.planned_start_year == 2026 or w.status in ("planned", "under_construction")]
    assert listed["Phường mới 0"].works_total == len(expected) >= 2 * size
    assert listed["Nam Sầm Sơn"].works_total == 3


# --- the year zip ---------------------------------------------------------------------------------------


def test_the_year_zip_holds_the_plans_of_the_units_of_that_year(client_for, province_coordinator, reform):
    giao_2024 = services.plan_document_create(commune=reform.quang_giao, year=2024)
    nss_2026 = services.plan_document_create(commune=reform.nam_sam_son, year=2026)
    late = PlanDocument.objects.create(commune=reform.quang_giao, year=2026, issuing_body="X", place="X", subject="X")
    assert list(PlanDocument.objects.listed_in(2024)) == [giao_2024]
    assert list(PlanDocument.objects.listed_in(2026)) == [nss_2026]
    assert late not in PlanDocument.objects.listed_in(2026)  # Quảng Giao is not a unit of 2026
    archive = zipfile.ZipFile(
        io.BytesIO(client_for(province_coordinator).get(reverse("reports:year_zip", args=[2026])).getvalue())
    )
    assert archive.namelist() == ["ke-hoach-ntm-2026-nam-sam-son-du-thao.pdf"]


# --- the commune dashboard ------------------------------------------------------------------------------


def test_the_successors_2026_dashboard_carries_its_predecessors_unfinished_works_and_money(reform):
    dashboard = build_commune_dashboard(reform.nam_sam_son, 2026, DECEMBER_2026)
    works = {work.code: work for work in dashboard.works}
    assert set(works) == {"NSS-2026-01", "QG-2023-02", "QH-2024-01"}
    assert works["QG-2023-02"].owner == QG_LABEL and works["NSS-2026-01"].owner == ""
    assert works["QH-2024-01"].owner == "xã Quảng Hùng (đến 31/12/2024)"
    assert dashboard.money.total == 2_500_000_000
    assert {work.name: work.owner for work in dashboard.money.works} == {"Sửa chữa trường Mầm non": QG_LABEL}
    assert [(status.met_count, status.total) for status in dashboard.levels] == [(2, 2)]
    # its own task of Q1/2026 and Quảng Giao's of Q4/2024, both still open: overdue in December 2026
    assert {task.text for task in dashboard.tasks_overdue} == {
        "Sửa chữa trường Mầm non",
        "Khởi công chỉnh trang tuyến phố",
    }
    assert QG_LABEL in dashboard.merged_labels


def test_the_successors_page_shows_its_predecessors_2024_each_on_its_own(client_for, nss_official, reform):
    response = client_for(nss_official).get(
        reverse("reports:dashboard_commune", args=[reform.nam_sam_son.pk]), {"year": 2024}
    )
    dashboard, page = response.context["dashboard"], response.content.decode()
    assert dashboard.before_start and not dashboard.combined
    parts = {part.label: part for part in dashboard.parts}
    assert list(parts) == [
        "xã Quảng Đại (đến 31/12/2024)",
        "xã Quảng Hùng (đến 31/12/2024)",
        QG_LABEL,
        "xã Quảng Minh (đến 30/06/2025)",
        "phường Quảng Vinh (đến 30/06/2025)",
    ]
    giao, vinh = parts[QG_LABEL], parts["phường Quảng Vinh (đến 30/06/2025)"]
    assert {work.code for work in giao.works} == {"QG-2023-02", "QG-2024-03"}
    assert (giao.money.total, vinh.money.total) == (1_200_000_000, 400_000_000)
    assert [(s.met_count, s.total) for s in giao.levels] == [(1, 2)]
    assert [(s.met_count, s.total) for s in vinh.levels] == [(0, 2)]
    assert "Xã Quảng Giao (đến 30/06/2025)" in page and "đạt 1/2" in page and "đạt 0/2" in page


def test_combined_the_predecessors_works_and_money_add_up_and_verdicts_stay_apart(client_for, nss_official, reform):
    response = client_for(nss_official).get(
        reverse("reports:dashboard_commune", args=[reform.nam_sam_son.pk]), {"year": 2024, "combined": "1"}
    )
    dashboard, page = response.context["dashboard"], response.content.decode()
    assert dashboard.combined
    assert {work.code for work in dashboard.works} == {"QG-2023-02", "QG-2024-03", "QV-2024-01", "QH-2024-01"}
    assert dashboard.money.total == 1_200_000_000 + 400_000_000 + 100_000_000
    assert dashboard.money.planned == 2_000_000_000
    assert "1,7 tỷ đồng" in page
    assert "đạt 1/2" in page and "đạt 0/2" in page and "đạt 1/4" not in page  # never added
    assert dashboard.levels == []


def test_an_ended_commune_says_where_its_records_went(client_for, nss_official, reform):
    response = client_for(nss_official).get(reverse("reports:dashboard_commune", args=[reform.quang_giao.pk]))
    assert [unit.name for unit in response.context["dashboard"].successors] == ["Nam Sầm Sơn"]
    assert "ngừng hoạt động từ ngày 01/07/2025" in response.content.decode()


# The commune dashboard's queries, with the merges behind it and their names' history (2), without the query of
# the works linked to the indicators falling short (none falls short here, criteria being only the unit's own).
MERGED_COMMUNE_QUERIES = COMMUNE_DASHBOARD_QUERIES + 2 - 1


@pytest.mark.parametrize("year,combined", [(2026, None), (2024, None), (2024, "1")])
def test_the_successors_dashboard_runs_a_constant_number_of_queries(
    client_for, nss_official, reform, year, combined, django_assert_num_queries
):
    params = {"year": year, **({"combined": combined} if combined else {})}
    address = reverse("reports:dashboard_commune", args=[reform.nam_sam_son.pk])
    client = client_for(nss_official)
    with django_assert_num_queries(MERGED_COMMUNE_QUERIES):
        client.get(address, params)
    fill_commune(reform.quang_giao, works=4, years=(2024,))
    fill_commune(reform.quang_vinh, works=4, years=(2024, 2026))
    with django_assert_num_queries(MERGED_COMMUNE_QUERIES):
        response = client.get(address, params)
    assert response.status_code == 200


def test_the_successors_pdf_prints_its_predecessors_each_under_its_name(client_for, nss_official, reform):
    response = client_for(nss_official).get(
        reverse("reports:dashboard_commune_pdf", args=[reform.nam_sam_son.pk]), {"year": 2024}
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(downloaded(response))).pages)
    assert "Quảng Giao (đến 30/06/2025)" in " ".join(text.split())


@pytest.mark.parametrize(
    "name,args,params",
    [
        ("reports:dashboard_commune", "nss", {"year": 2024}),
        ("reports:dashboard_commune", "nss", {"year": 2024, "combined": "1"}),
        ("reports:dashboard_commune", "nss", {"year": 2026}),
        ("reports:dashboard_commune_pdf", "nss", {"year": 2024, "combined": "1"}),
        ("reports:dashboard_commune", "giao", {"year": 2024, "combined": "1"}),
        ("funding:summary", "nss-2024", {"combined": "1"}),
        ("funding:summary", "nss-2026", {}),
        ("funding:export_summary", "nss-2024", {}),
        ("funding:summary", "giao-2024", {"combined": "1"}),
    ],
)
def test_the_official_of_quang_ninh_gets_404_on_every_page_of_the_successor(
    client_for, quang_ninh_official, reform, name, args, params
):
    arguments = {
        "nss": [reform.nam_sam_son.pk],
        "giao": [reform.quang_giao.pk],
        "nss-2024": [reform.nam_sam_son.pk, 2024],
        "nss-2026": [reform.nam_sam_son.pk, 2026],
        "giao-2024": [reform.quang_giao.pk, 2024],
    }[args]
    assert client_for(quang_ninh_official).get(reverse(name, args=arguments), params).status_code == 404


# --- the plan of the successor's first year ----------------------------------------------------------------


def outline_text(plan) -> list[str]:
    return [block.text for block in plan.outline]


def test_the_successors_first_plan_evaluates_2025_from_its_predecessors_records_each_under_its_name(reform):
    document = services.plan_document_create(commune=reform.nam_sam_son, year=2026)
    plan = build_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    text = outline_text(plan)
    assert "Tổng nguồn vốn thực hiện chương trình xây dựng NTM năm 2025 là: 500 triệu đồng. Trong đó:" in text
    giao = text.index("Xã Quảng Giao (đến 30/06/2025): 300 triệu đồng")
    vinh = text.index("Phường Quảng Vinh (đến 30/06/2025): 200 triệu đồng")
    assert text[giao + 1] == "- Ngân sách xã: 300 triệu đồng, chiếm 100 %."
    assert text[vinh + 1] == "- Ngân sách xã: 200 triệu đồng, chiếm 100 %."
    intro = (
        "Năm 2025, xã Quảng Giao (đến 30/06/2025) đã đầu tư các hạng mục công trình với tổng số tiền là: "
        "300 triệu đồng. Cụ thể:"
    )
    assert text[text.index(intro) + 1] == "- Sửa chữa trường Mầm non: 300 triệu đồng."
    assert [(unit.label, unit.mobilisation.total) for unit in plan.money_by_unit] == [
        (QG_LABEL, 300_000_000),
        ("phường Quảng Vinh (đến 30/06/2025)", 200_000_000),
    ]


def test_the_successors_first_plan_lists_its_own_tasks_of_the_plan_year(reform):
    document = services.plan_document_create(commune=reform.nam_sam_son, year=2026)
    plan = build_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    assert [task.text for quarter in plan.quarters for task in quarter.tasks] == ["Khởi công chỉnh trang tuyến phố"]


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_area_row_and_the_commune_dashboard_count_the_same_records(reform, year):
    """The area's SQL aggregates and the commune dashboard's builders read the same units for a row."""
    for row in area(reform, year).rows:
        dashboard = build_commune_dashboard(row.commune, year, DECEMBER_2026)
        assert (row.works_total, row.works_late) == (len(dashboard.works), len(dashboard.late_works)), row.name
        assert (row.planned, row.mobilised) == (dashboard.money.planned, dashboard.money.total), row.name
        assert {level: count.met for level, count in row.levels.items()} == {
            status.level: status.met_count for status in dashboard.levels if status.year == year
        }, row.name


def test_the_year_menu_offers_this_year_to_a_commune_that_exists_this_year(reform):
    """In January 2027 phường Nam Sầm Sơn has no record of 2027 yet; its people still open 2027 from the menu."""
    dashboard = build_commune_dashboard(reform.nam_sam_son, today=datetime.date(2027, 1, 15))
    assert dashboard.year == 2026 and dashboard.years[0] == 2027
