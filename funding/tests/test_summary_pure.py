"""The summary builder as a pure function: rows in, dataclasses out, no database."""

from decimal import Decimal

from funding.models import Stage
from funding.summary import combine_summaries, summarise

TY = 10**9
TRIEU = 10**6


def source_row(
    amount,
    *,
    source_id=1,
    name="Ngân sách xã",
    code="ns-xa",
    year=2023,
    stage=Stage.MOBILISED,
    tied=False,
    works=0,
    lines=1,
    approximate_lines=0,
    qualifier="",
    labour_days=None,
    sort_order=40,
):
    return {
        "commune_id": 7,
        "year": year,
        "stage": stage,
        "source_id": source_id,
        "source__code": code,
        "source__name": name,
        "source__kind": "budget",
        "source__contribution": "cash",
        "source__sort_order": sort_order,
        "tied": tied,
        "amount": amount,
        "lines": lines,
        "approximate_lines": approximate_lines,
        "qualifier": qualifier,
        "labour_days": labour_days,
        "land_m2": None,
        "works": works,
    }


def work_row(
    amount, *, work_id=1, name="Đường Thôn 9", year=2023, stage=Stage.MOBILISED, total=None, start=2023, end=2024
):
    return {
        "commune_id": 7,
        "work_id": work_id,
        "work__code": f"CT-{work_id:02d}",
        "work__name": name,
        "work__total_investment": total,
        "work__total_investment_qualifier": "",
        "work__planned_start_year": start,
        "work__planned_end_year": end,
        "year": year,
        "stage": stage,
        "amount": amount,
    }


def people_row(amount, **kwargs):
    defaults = {"source_id": 2, "code": "nd-nha-o", "name": "Nhân dân tự chỉnh trang nhà ở", "sort_order": 90}
    return source_row(amount, **{**defaults, **kwargs})


def seed_like(**kwargs):
    return summarise(
        commune_id=7,
        year=2023,
        source_rows=[source_row(19_700 * TRIEU), people_row(2_600 * TRIEU)],
        work_rows=[],
        **kwargs,
    )


def test_total_is_the_sum_of_the_sources_figures():
    assert seed_like().total == 22_300 * TRIEU


def test_shares_have_one_decimal_as_the_seed_shows():
    summary = seed_like()
    assert summary.source("ns-xa").share == Decimal("88.3")
    assert summary.source("nd-nha-o").share == Decimal("11.7")


def test_shares_round_half_up():
    summary = summarise(
        commune_id=7, year=2023, source_rows=[source_row(1), people_row(7)], work_rows=[]
    )  # 1/8 = 12,5 % ; 7/8 = 87,5 %
    assert summary.source("ns-xa").share == Decimal("12.5")
    summary = summarise(commune_id=7, year=2023, source_rows=[source_row(1), people_row(1999)], work_rows=[])
    assert summary.source("ns-xa").share == Decimal("0.1")  # 0,05 rounds up


def test_a_share_that_cannot_be_computed_is_none_not_zero():
    summary = summarise(
        commune_id=7, year=2023, source_rows=[source_row(500 * TRIEU, stage=Stage.PLANNED)], work_rows=[]
    )
    assert summary.total == 0
    assert not summary.shares_computable
    assert summary.source("ns-xa").share is None
    assert summary.mobilised_share_of_plan == Decimal("0.0")
    assert summary.disbursed_share_of_mobilised is None


def test_sources_are_ordered_by_catalogue_order():
    summary = summarise(commune_id=7, year=2023, source_rows=[people_row(1), source_row(1)], work_rows=[])
    assert [row.code for row in summary.sources] == ["ns-xa", "nd-nha-o"]


def test_planned_mobilised_and_disbursed_are_kept_apart():
    rows = [
        source_row(25 * TY, stage=Stage.PLANNED),
        source_row(19_700 * TRIEU),
        source_row(15 * TY, stage=Stage.DISBURSED),
    ]
    summary = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[])
    assert (summary.planned, summary.total, summary.disbursed) == (25 * TY, 19_700 * TRIEU, 15 * TY)
    assert summary.mobilised_share_of_plan == Decimal("78.8")
    assert summary.disbursed_share_of_mobilised == Decimal("76.1")


def test_this_year_is_compared_with_last_year():
    rows = [source_row(19_700 * TRIEU), source_row(10 * TY, year=2022), people_row(2_600 * TRIEU)]
    summary = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[])
    assert summary.previous_total == 10 * TY
    assert summary.change == 12_300 * TRIEU
    assert summary.change_share == Decimal("123.0")
    assert summary.source("ns-xa").change == 9_700 * TRIEU
    assert summary.source("nd-nha-o").previous == 0


def test_a_source_only_present_last_year_still_shows_with_zero_this_year():
    rows = [source_row(10 * TY, year=2022)]
    summary = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[])
    assert summary.source("ns-xa").mobilised == 0
    assert summary.change_share == Decimal("-100.0")


def test_a_stated_figure_wins_over_its_works_and_the_difference_is_a_warning():
    rows = [source_row(19_700 * TRIEU), source_row(20_102 * TRIEU, tied=True, works=9, lines=9)]
    summary = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[])
    assert summary.total == 19_700 * TRIEU
    [warning] = summary.warnings
    assert warning.code == "works_differ_from_source"
    assert (warning.expected, warning.actual, warning.difference) == (19_700 * TRIEU, 20_102 * TRIEU, 402 * TRIEU)
    assert "9 công trình" in warning.message
    assert "20,102 tỷ đồng" in warning.message
    assert "19,7 tỷ đồng" in warning.message
    assert "nhiều hơn 402 triệu đồng" in warning.message


def test_works_adding_up_to_less_than_the_stated_figure_are_reported_too():
    rows = [source_row(3 * TY), source_row(2_500 * TRIEU, tied=True, works=2, lines=2)]
    [warning] = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[]).warnings
    assert "ít hơn 500 triệu đồng" in warning.message


def test_works_agreeing_with_the_stated_figure_raise_no_warning():
    rows = [source_row(3 * TY), source_row(3 * TY, tied=True, works=2, lines=2)]
    assert summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[]).warnings == []


def test_without_a_stated_figure_the_works_sum_is_the_sources_figure():
    rows = [source_row(1_200 * TRIEU, tied=True, works=3, lines=3)]
    summary = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[])
    assert summary.total == 1_200 * TRIEU
    assert summary.source("ns-xa").stated == {}
    assert summary.warnings == []


def test_disbursed_above_mobilised_for_a_source_is_a_warning():
    rows = [source_row(1 * TY), source_row(1_250 * TRIEU, stage=Stage.DISBURSED)]
    [warning] = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[]).warnings
    assert warning.code == "disbursed_above_mobilised"
    assert "1,25 tỷ đồng" in warning.message and "1 tỷ đồng" in warning.message
    assert "vượt 250 triệu đồng" in warning.message


def test_an_approximate_line_keeps_its_qualifier_and_several_become_khoang():
    one = summarise(
        commune_id=7,
        year=2023,
        source_rows=[source_row(500 * TRIEU, approximate_lines=1, qualifier="gần")],
        work_rows=[],
    )
    assert one.source("ns-xa").qualifier == "gần"
    several = summarise(
        commune_id=7,
        year=2023,
        source_rows=[source_row(900 * TRIEU, lines=2, approximate_lines=1, qualifier="gần")],
        work_rows=[],
    )
    assert several.source("ns-xa").qualifier == "khoảng"


def test_labour_days_come_with_the_mobilised_figure():
    summary = summarise(commune_id=7, year=2023, source_rows=[source_row(30 * TRIEU, labour_days=120)], work_rows=[])
    assert summary.source("ns-xa").labour_days == 120


def test_per_work_table_adds_up_years_to_date_and_computes_what_remains():
    rows = [
        work_row(1 * TY, year=2022, total=3 * TY),
        work_row(1_500 * TRIEU, total=3 * TY),
        work_row(2 * TY, stage=Stage.DISBURSED, total=3 * TY),
        work_row(400 * TRIEU, stage=Stage.PLANNED, total=3 * TY),
        work_row(9 * TY, year=2024, total=3 * TY),  # later years are not counted (the query stops at the year)
    ]
    summary = summarise(commune_id=7, year=2023, source_rows=[], work_rows=rows[:4])
    [work] = summary.works
    assert (work.planned_year, work.allocated_year, work.allocated_total, work.disbursed_total) == (
        400 * TRIEU,
        1_500 * TRIEU,
        2_500 * TRIEU,
        2 * TY,
    )
    assert work.remaining == 500 * TRIEU
    assert summary.warnings == []


def test_a_work_without_a_total_investment_has_no_remaining_figure():
    [work] = summarise(commune_id=7, year=2023, source_rows=[], work_rows=[work_row(1 * TY)]).works
    assert work.remaining is None


def test_works_without_a_line_this_year_are_left_out_of_the_table():
    summary = summarise(commune_id=7, year=2023, source_rows=[], work_rows=[work_row(1 * TY, year=2022)])
    assert summary.works == []


def test_work_disbursed_above_allocated_is_a_warning():
    rows = [work_row(1 * TY, total=5 * TY), work_row(1_100 * TRIEU, stage=Stage.DISBURSED, total=5 * TY)]
    [warning] = summarise(commune_id=7, year=2023, source_rows=[], work_rows=rows).warnings
    assert warning.code == "work_disbursed_above_allocated"
    assert warning.work_id == 1
    assert "Đường Thôn 9" in warning.message and "vượt 100 triệu đồng" in warning.message


def test_work_allocations_above_its_total_investment_are_a_warning():
    rows = [work_row(2 * TY, year=2022, total=2_400 * TRIEU), work_row(1 * TY, total=2_400 * TRIEU)]
    [warning] = summarise(commune_id=7, year=2023, source_rows=[], work_rows=rows).warnings
    assert warning.code == "work_allocated_above_investment"
    assert (warning.expected, warning.actual) == (2_400 * TRIEU, 3 * TY)
    assert "3 tỷ đồng" in warning.message and "2,4 tỷ đồng" in warning.message and "600 triệu đồng" in warning.message


def test_allocation_in_a_year_the_work_does_not_run_is_a_warning():
    rows = [work_row(624 * TRIEU, start=2024, end=2024)]
    [warning] = summarise(commune_id=7, year=2023, source_rows=[], work_rows=rows).warnings
    assert warning.code == "work_outside_its_years"
    assert "năm 2023" in warning.message and "trong năm 2024" in warning.message


def test_allocation_after_the_planned_end_is_a_warning_too():
    rows = [work_row(100 * TRIEU, start=2020, end=2022)]
    [warning] = summarise(commune_id=7, year=2023, source_rows=[], work_rows=rows).warnings
    assert "từ năm 2020 đến năm 2022" in warning.message


def test_a_work_with_no_planned_end_runs_every_later_year():
    rows = [work_row(100 * TRIEU, start=2021, end=None)]
    assert summarise(commune_id=7, year=2023, source_rows=[], work_rows=rows).warnings == []


def test_an_empty_year_gives_an_empty_summary():
    summary = summarise(commune_id=7, year=2023, source_rows=[], work_rows=[])
    assert summary.is_empty and summary.total == 0 and summary.warnings == []


def test_warnings_carry_their_commune():
    rows = [source_row(3 * TY), source_row(2 * TY, tied=True, works=1)]
    [warning] = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[]).warnings
    assert warning.commune_id == 7


def test_an_area_adds_up_its_communes_and_recomputes_shares():
    first = summarise(
        commune_id=7, year=2023, source_rows=[source_row(19_700 * TRIEU), people_row(2_600 * TRIEU)], work_rows=[]
    )
    second = summarise(
        commune_id=8,
        year=2023,
        source_rows=[
            {**source_row(1 * TY, year=2022), "commune_id": 8},
            {**source_row(5 * TY), "commune_id": 8, "tied": True, "works": 1},
            {**source_row(4 * TY), "commune_id": 8},
        ],
        work_rows=[],
    )
    area = combine_summaries([first, second], year=2023)
    assert area.commune_id is None
    assert area.source("ns-xa").mobilised == 23_700 * TRIEU  # 19,7 tỷ + 4 tỷ stated (not the 5 tỷ of works)
    assert area.total == 26_300 * TRIEU
    assert area.previous_total == 1 * TY
    assert area.source("ns-xa").share == Decimal("90.1")
    assert area.source("nd-nha-o").share == Decimal("9.9")
    assert [w.commune_id for w in area.warnings] == [8]


def test_disbursement_reported_by_progress_above_allocations_is_a_warning():
    from datetime import date

    row = {**work_row(1 * TY, total=5 * TY), "reported_disbursed": 1_200 * TRIEU, "reported_on": date(2023, 11, 30)}
    [warning] = summarise(commune_id=7, year=2023, source_rows=[], work_rows=[row]).warnings
    assert warning.code == "work_reported_disbursed_above_allocated"
    assert "30/11/2023" in warning.message and "1,2 tỷ đồng" in warning.message and "200 triệu đồng" in warning.message


def test_disbursement_reported_within_allocations_is_fine():
    row = {**work_row(1 * TY, total=5 * TY), "reported_disbursed": 900 * TRIEU, "reported_on": None}
    summary = summarise(commune_id=7, year=2023, source_rows=[], work_rows=[row])
    assert summary.warnings == []
    assert summary.works[0].reported_disbursed == 900 * TRIEU


def test_mobilisation_by_kind_of_source():
    rows = [
        source_row(19_700 * TRIEU),
        source_row(500 * TRIEU, source_id=3, code="ns-tinh", sort_order=20),
        {**people_row(2_600 * TRIEU), "source__kind": "people"},
    ]
    summary = summarise(commune_id=7, year=2023, source_rows=rows, work_rows=[])
    assert summary.by_kind == [("budget", 20_200 * TRIEU, Decimal("88.6")), ("people", 2_600 * TRIEU, Decimal("11.4"))]
