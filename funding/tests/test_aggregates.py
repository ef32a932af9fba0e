"""The SQL twin of the funding figure rule (`funding.aggregates.money_totals`) against `funding.summary`."""

import pytest

from funding.aggregates import money_totals
from funding.models import FundingSource, MoneyLine, SourceKind, Stage
from funding.summary import build_summaries
from projects.models import Work
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def source(code, name):
    return FundingSource.objects.create(code=code, name=name, kind=SourceKind.BUDGET, sort_order=40)


def test_money_totals_agree_with_the_funding_summary(quang_xuong, quang_giao, quang_hai):
    budget, people, credit = source("ns", "Ngân sách xã"), source("nd", "Nhân dân"), source("td", "Tín dụng")
    works = [
        Work.objects.create(commune=commune, code=f"W{number}", name=f"Công trình {number}", planned_start_year=2024)
        for number, commune in enumerate([quang_giao, quang_giao, quang_hai])
    ]
    for work in works:  # work lines only: their sum is the source's figure
        MoneyLine.objects.create(commune=work.commune, year=2024, source=budget, amount=3 * 10**8, work=work)
        MoneyLine.objects.create(
            commune=work.commune, year=2024, source=budget, amount=4 * 10**8, work=work, stage=Stage.PLANNED
        )
    # A stated figure beside work lines that say otherwise: the stated figure counts.
    MoneyLine.objects.create(commune=quang_giao, year=2024, source=people, amount=7 * 10**8)
    MoneyLine.objects.create(commune=quang_giao, year=2024, source=people, amount=2 * 10**8, work=works[0])
    MoneyLine.objects.create(commune=quang_hai, year=2024, source=credit, amount=9 * 10**8, stage=Stage.PLANNED)
    MoneyLine.objects.create(commune=quang_hai, year=2023, source=credit, amount=5 * 10**8)  # another year
    ids = AdministrativeUnit.objects.within(quang_xuong).communes().values("pk")
    for year in (2023, 2024):
        summaries = build_summaries([quang_giao, quang_hai], year)
        expected = {(pk, s.planned, s.total) for pk, s in summaries.items() if s.planned or s.total}
        assert expected  # each year has figures to compare
        assert set(money_totals(ids, year)) == expected
    # The stated figure (7), not the work line (2), beside the budget's work lines (3 + 3).
    assert (quang_giao.pk, 8 * 10**8, 13 * 10**8) in set(money_totals(ids, 2024))
