"""Gaps with their linked works (reports.gaps): one composer for the commune dashboard and the gap page."""

import pytest
from django.urls import reverse

from criteria.evaluation import evaluate
from criteria.models import Assessment, Indicator, IndicatorValue, SetLevel, Verdict
from criteria.tests.builders import small_set
from projects.models import Work
from reports.gaps import gaps_with_works

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_on_criterion_2(quang_giao, quang_hai):
    """An assessment whose only gap is indicator 2.1; works of the commune linked to criteria 1 and 2."""
    current = small_set("G-NC", SetLevel.XA_NTM_NANG_CAO, 3)
    older = small_set("G-NTM", SetLevel.XA_NTM, 3)  # works are linked to another version's criteria
    assessment = Assessment.objects.create(unit=quang_giao, year=2024, criteria_set=current)
    IndicatorValue.objects.create(
        assessment=assessment,
        indicator=Indicator.objects.get(criterion__criteria_set=current, code="2.1"),
        override_verdict=Verdict.NOT_MET,
        override_reason="Thử",
    )
    works = {}
    for code, commune, number in (
        ("B", quang_giao, 2),
        ("A", quang_giao, 2),
        ("C", quang_giao, 1),
        ("D", quang_hai, 2),
    ):
        works[code] = Work.objects.create(
            commune=commune, code=code, name=f"Công trình {code}", planned_start_year=2024
        )
        works[code].criteria.set(older.criteria.filter(number=number))
    return evaluate(assessment), works


def test_each_gap_lists_the_works_given_that_serve_its_criterion_number_in_their_order(
    short_on_criterion_2, django_assert_num_queries
):
    result, works = short_on_criterion_2
    given = [works["A"], works["B"], works["C"]]
    with django_assert_num_queries(1):
        rows = gaps_with_works([result], given)
    assert [(row.gap.indicator.code, [work.code for work in row.works]) for row in rows] == [("2.1", ["A", "B"])]
    assert rows[0].result is result


def test_no_query_when_nothing_falls_short_or_no_work_is_given(short_on_criterion_2, django_assert_num_queries):
    result, works = short_on_criterion_2
    with django_assert_num_queries(0):
        assert [row.works for row in gaps_with_works([result], [])] == [[]]
        assert gaps_with_works([], list(works.values())) == []


def test_the_gap_page_lists_the_communes_works_only(short_on_criterion_2, client_for, official):
    result, works = short_on_criterion_2
    page = client_for(official).get(reverse("criteria:gaps", args=[result.assessment.pk])).content.decode()
    assert "Công trình A" in page and "Công trình B" in page
    assert "Công trình C" not in page and "Công trình D" not in page  # another criterion, another commune
