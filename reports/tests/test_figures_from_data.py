"""Each figure of the plan document is entered once: a task's amount comes from the task's `amount` field and
the clean-water ratio from indicator 18.1's value, so an official's correction reaches the document
(docs/adr/0045-figures-come-from-data.md)."""

from io import StringIO

import pytest
from django.core.management import call_command

from criteria.models import IndicatorValue
from criteria.services import indicator_value_save
from funding.models import FundingSource, MoneyLine
from projects.services import task_update
from reports import services
from reports.models import PlanDocument
from reports.plan_builder import build_plan
from reports.plan_files import render


def html_of(document) -> str:
    return render(PlanDocument.objects.with_parts().get(pk=document.pk), "html").decode()


def test_changing_a_tasks_amount_through_task_update_changes_the_figure_in_the_document(document, add_task, official):
    task = add_task("Sửa chữa trường Mầm non.", quarter=4, amount=1_778_326_000)
    assert "- Sửa chữa trường Mầm non với tổng số tiền 1.778.326.000 đồng." in html_of(document)

    task_update(user=official, task=task, expected_version=task.version, amount=1_800_000_000)

    html = html_of(document)
    assert "- Sửa chữa trường Mầm non với tổng số tiền 1.800.000.000 đồng." in html
    assert "1.778.326.000" not in html


def test_an_approximate_amount_is_printed_short_with_its_qualifier_before_the_closing_remark(document, add_task):
    add_task("Chỉnh trang nhà văn hóa thôn 5 (đã triển khai xây dựng).", amount=500_000_000, qualifier="gần")
    assert "- Chỉnh trang nhà văn hóa thôn 5 với tổng số tiền gần 500 triệu (đã triển khai xây dựng)." in html_of(
        document
    )


def test_a_task_without_amount_is_printed_as_written(document, add_task):
    add_task("Xây dựng thôn 5 đạt thôn NTM kiểu mẫu (đã tổ chức thực hiện).", quarter=2)
    assert "- Xây dựng thôn 5 đạt thôn NTM kiểu mẫu (đã tổ chức thực hiện)." in html_of(document)


def test_an_indicator_without_a_value_keeps_its_reference_and_the_document_warns(document, add_task):
    add_task("Tỷ lệ hộ dùng nước sạch là [chỉ tiêu 18.1, đơn vị hộ].")
    assert "là [chỉ tiêu 18.1, đơn vị hộ]." in html_of(document)
    plan = build_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    assert "Chỉ tiêu 18.1 nêu trong nhiệm vụ chưa có số liệu năm kế hoạch." in plan.warnings


@pytest.mark.django_db
def test_changing_the_water_numerator_changes_the_percent_in_the_document(official):
    call_command("seed_portal", stdout=StringIO())
    document = PlanDocument.objects.get(commune__name="Quảng Giao", year=2024)
    sentence = "tỷ lệ sử dụng nước sạch tập trung của Quảng Giao là %s hộ đạt %s."
    assert sentence % ("752/1.250", "60,16 %") in html_of(document)

    water = IndicatorValue.objects.select_related("assessment", "indicator").get(
        assessment__unit=document.commune, assessment__year=2024, indicator__code="18.1"
    )
    indicator_value_save(
        user=official,
        assessment=water.assessment,
        indicator=water.indicator,
        numerator=800,
        denominator=1250,
        as_of=water.as_of,
        source=water.source,
        note=water.note,
    )

    html = html_of(document)
    assert sentence % ("800/1.250", "64 %") in html
    assert "60,16" not in html


def test_a_plan_of_a_commune_on_its_own_lists_no_unit_apart(quang_giao):
    """Only a commune formed by a merge lists its predecessors' money apart (docs/adr/0095)."""
    source = FundingSource.objects.create(code="ns-xa", name="Ngân sách xã", kind="budget", sort_order=40)
    MoneyLine.objects.create(commune=quang_giao, year=2023, source=source, amount=10**9)
    document = services.plan_document_create(commune=quang_giao, year=2024)
    plan = build_plan(PlanDocument.objects.with_parts().get(pk=document.pk))
    assert plan.money_by_unit == []
    assert "- Ngân sách xã: 1 tỷ đồng, chiếm 100 %." in [block.text for block in plan.outline]
