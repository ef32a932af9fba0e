"""build_summary / build_summaries against the database: the right figures in a fixed number of queries."""

from decimal import Decimal

import pytest

from funding.models import Stage
from funding.summary import build_summaries, build_summary, consistency_warnings
from funding.work_money import build_work_money

pytestmark = pytest.mark.django_db

TRIEU = 10**6


def test_seed_like_year_gives_the_seeds_totals_and_shares(quang_giao, ns_xa, nha_o, make_line):
    make_line(ns_xa, 19_700 * TRIEU)
    make_line(nha_o, 2_600 * TRIEU)
    summary = build_summary(quang_giao, 2023)
    assert summary.total == 22_300 * TRIEU
    assert [(row.code, row.share) for row in summary.sources] == [
        ("ns-xa", Decimal("88.3")),
        ("nd-nha-o", Decimal("11.7")),
    ]


def test_lines_tied_to_works_add_up_against_the_stated_source_figure(quang_giao, ns_xa, make_line, make_work):
    make_line(ns_xa, 19_700 * TRIEU)
    make_line(ns_xa, 2_400 * TRIEU, work=make_work("Đường Thôn 9"))
    make_line(ns_xa, 7_600 * TRIEU, work=make_work("Đường trục ngõ a Lực Hải đi anh Văn"))
    summary = build_summary(quang_giao, 2023)
    assert summary.total == 19_700 * TRIEU
    assert summary.source("ns-xa").works[Stage.MOBILISED] == 10_000 * TRIEU
    [warning] = consistency_warnings(quang_giao, 2023)
    assert "2 công trình" in warning.message and "ít hơn 9,7 tỷ đồng" in warning.message
    assert [work.name for work in summary.works] == ["Đường Thôn 9", "Đường trục ngõ a Lực Hải đi anh Văn"]


def test_labour_days_are_summed(quang_giao, ngay_cong, make_line):
    make_line(ngay_cong, 20 * TRIEU, labour_days=100)
    make_line(ngay_cong, 10 * TRIEU, labour_days=50)
    assert build_summary(quang_giao, 2023).source("nd-ngay-cong").labour_days == 150


def test_other_communes_lines_stay_out_of_the_summary(quang_giao, quang_hai, ns_xa, make_line):
    make_line(ns_xa, 1_000 * TRIEU)
    make_line(ns_xa, 5_000 * TRIEU, commune=quang_hai)
    assert build_summary(quang_giao, 2023).total == 1_000 * TRIEU


def test_summaries_of_many_communes_come_in_one_go(quang_giao, quang_hai, ns_xa, make_line):
    make_line(ns_xa, 1_000 * TRIEU)
    make_line(ns_xa, 5_000 * TRIEU, commune=quang_hai)
    summaries = build_summaries([quang_giao, quang_hai], 2023)
    assert {pk: summary.total for pk, summary in summaries.items()} == {
        quang_giao.pk: 1_000 * TRIEU,
        quang_hai.pk: 5_000 * TRIEU,
    }


def _fill(commune, sources, make_line, make_work, count):
    for index in range(count):
        work = make_work(f"Công trình {commune.name} {index}", commune=commune)
        for source in sources:
            make_line(source, TRIEU * (index + 1), commune=commune)
            make_line(source, TRIEU, work=work, commune=commune)
            make_line(source, TRIEU, work=work, commune=commune, year=2022, stage=Stage.DISBURSED)


@pytest.mark.parametrize("count", [2, 6])
def test_summary_takes_two_queries_whatever_the_number_of_lines(
    count, quang_giao, ns_xa, nha_o, make_line, make_work, django_assert_num_queries
):
    _fill(quang_giao, [ns_xa, nha_o], make_line, make_work, count)
    with django_assert_num_queries(2):
        summary = build_summary(quang_giao, 2023)
    assert len(summary.works) == count


@pytest.mark.parametrize("count", [1, 3])
def test_many_communes_take_two_queries_too(
    count, quang_giao, quang_hai, ns_xa, make_line, make_work, django_assert_num_queries
):
    for commune in (quang_giao, quang_hai):
        _fill(commune, [ns_xa], make_line, make_work, count)
    with django_assert_num_queries(2):
        summaries = build_summaries([quang_giao, quang_hai], 2023)
    assert all(len(summary.works) == count for summary in summaries.values())


def test_progress_updates_report_disbursement_up_to_the_years_end(quang_giao, ns_xa, make_line, make_work):
    from datetime import date

    from projects.models import ProgressUpdate

    work = make_work("Đường Thôn 9", total=3_000 * TRIEU)
    make_line(ns_xa, 1_000 * TRIEU, work=work)
    ProgressUpdate.objects.create(
        work=work, date=date(2023, 6, 30), physical_percent=40, disbursed_cumulative=800 * TRIEU
    )
    ProgressUpdate.objects.create(
        work=work, date=date(2023, 12, 1), physical_percent=70, disbursed_cumulative=1_100 * TRIEU
    )
    ProgressUpdate.objects.create(
        work=work, date=date(2024, 3, 1), physical_percent=90, disbursed_cumulative=2_500 * TRIEU
    )
    summary = build_summary(quang_giao, 2023)
    assert (summary.works[0].reported_disbursed, summary.works[0].reported_on) == (1_100 * TRIEU, date(2023, 12, 1))
    [warning] = summary.warnings
    assert warning.code == "work_reported_disbursed_above_allocated"
    money = build_work_money(work)
    assert money.work.reported_disbursed == 2_500 * TRIEU
    assert [w.code for w in money.warnings] == ["work_reported_disbursed_above_allocated"]
