"""The document's data sections, read from the other apps' public APIs (never from their tables directly
when they publish a reader): criteria (`results_for`, OCOP products), projects (quarterly tasks, their text
from `projects.task_text`) and funding (`build_summary` with its consistency warnings). A constant number of
queries per document; `reports.plan_builder` puts them together.
"""

import re

from django.utils.translation import gettext as _

from core.money import format_decimal
from criteria.display import dated_value_text, target_text, verdict_label
from criteria.evaluation import results_for
from criteria.models import IndicatorKey, OcopProduct, ProgrammePeriod, SetScope
from criteria.presentation import side_by_side
from funding.models import Stage
from funding.summary import build_summaries, build_summary, combine_summaries
from projects.models import QuarterlyTask, TaskStatus
from projects.task_text import task_text
from units.reporting import label_in

from .document import (
    CriteriaTable,
    IndicatorRow,
    Mobilisation,
    MoneyRow,
    OcopLine,
    PublicInvestment,
    QuarterTasks,
    TaskLine,
    UnitMoney,
)

# --- the programme --------------------------------------------------------------------------------


def programme_of(year: int) -> ProgrammePeriod | None:
    """The programme period `year` belongs to, with its legal acts (two queries)."""
    return ProgrammePeriod.objects.prefetch_related("acts").of_year(year)


def programme_wording(period: ProgrammePeriod | None, year: int, warnings: list[str]) -> str:
    """How the plan names the programme of `year` (the period's `plan_name`); a generic name, with a warning,
    for a year no period holds."""
    if period is not None:
        return period.plan_name
    warnings.append(
        _("Năm %(year)s chưa thuộc giai đoạn nào của chương trình: kế hoạch gọi chương trình bằng tên chung.")
        % {"year": year}
    )
    return _("chương trình mục tiêu quốc gia xây dựng nông thôn mới")


def legal_basis_lines(period: ProgrammePeriod | None) -> list[str]:
    """ "Căn cứ Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội;" … the last line closed by a full stop."""
    acts = list(period.acts.all()) if period is not None else []
    return [
        _("Căn cứ %(act)s") % {"act": act.citation} + ("." if index == len(acts) else ";")
        for index, act in enumerate(acts, start=1)
    ]


# --- criteria -------------------------------------------------------------------------------------


def assessment_results(commune, year):
    results = results_for([commune], year).get(commune.pk, [])
    return [result for result in results if result.criteria_set.scope == SetScope.COMMUNE]


def income_sentence(results, commune_name: str, year: int) -> str:
    """ "Mức thu nhập bình quân đầu người trong xã năm 2023 là 58 triệu đồng/người/năm." from the assessment."""
    for result in results:
        for item in result.indicators:
            if item.indicator.key == IndicatorKey.INCOME and item.value and item.value.value_number is not None:
                amount = format_decimal(item.value.value_number, 2)
                return _(
                    "Mức thu nhập bình quân đầu người trong xã năm %(year)s là %(amount)s triệu đồng/người/năm."
                ) % {
                    "year": year,
                    "amount": amount,
                }
    return ""


def ocop_lines(commune, year: int, results) -> list[OcopLine] | None:
    """The commune's OCOP products recognised by `year`; [] when it is known to have none; None when unknown."""
    products = OcopProduct.objects.filter(commune=commune).recognised_by(year).order_by("year_recognised", "name")
    lines = [
        OcopLine(name=p.name, group=p.get_group_display(), stars=p.stars, year_recognised=p.year_recognised)
        for p in products
    ]
    if lines:
        return lines
    # "No product" is a fact only when the year's assessment recorded the OCOP indicator.
    recorded = any(
        item.indicator.key == IndicatorKey.OCOP and item.value is not None
        for result in results
        for item in result.indicators
    )
    return [] if recorded else None


def _awaiting_row(criterion) -> IndicatorRow:
    """A criterion of a set whose indicators are not loaded yet (2026–2030: the official table awaited)."""
    return IndicatorRow(
        criterion_number=criterion.criterion.number,
        criterion_name=criterion.criterion.name,
        criterion_verdict=verdict_label(criterion.verdict, False),
        code="",
        content=_("Chưa có chỉ tiêu: chờ bảng chỉ tiêu chính thức."),
        target="—",
        value="",
        verdict="",
        verified=False,
        first_of_criterion=True,
    )


def _appraised_cells(criterion, side) -> dict:
    """The office's figure and verdict of one row (`side`, of `criterion`: criteria.presentation.side_by_side),
    and its note; the commune's own figure where the office kept it. Nothing before any appraisal."""
    if side.appraised is None:
        return {}
    return {
        "appraised_value": dated_value_text(side.appraised),
        "appraised_verdict": side.appraised_verdict_label,
        "criterion_appraised_verdict": criterion.appraised_verdict_label,
        "appraisal_note": side.note,
    }


def criteria_table(result, *, partial: bool = False, recognition=None) -> CriteriaTable:
    """One row per indicator; `partial` keeps only the indicators that have a value. With `recognition` (the
    decision recognising the unit at the table's level), the total line says which result the count is and
    states the recognition beside it (docs/adr/0016).

    Where the office appraised the assessment (docs/adr/0018) each row carries the appraisal's figure and verdict
    beside the commune's, the count is the appraisal's and the total line says so, with the self-assessment's
    count beside it. Without an appraisal the table is as it always was."""
    rows = []
    for criterion in side_by_side(result):
        sides = criterion.indicators
        if partial:
            sides = [side for side in sides if side.own.value is not None]
        if not partial and not sides:
            rows.append(_awaiting_row(criterion.own))
        for index, side in enumerate(sides):
            item = side.own
            rows.append(
                IndicatorRow(
                    criterion_number=criterion.criterion.number,
                    criterion_name=criterion.criterion.name,
                    criterion_verdict=criterion.own_verdict_label,
                    code=item.indicator.code,
                    content=item.indicator.content,
                    target=target_text(item.target, item.indicator.unit, with_unit=False, wording_first=True) or "—",
                    value=dated_value_text(item),
                    verdict=side.own_verdict_label,
                    verified=item.target.verified or not item.target.is_known,
                    first_of_criterion=index == 0,
                    criterion_rows=len(sides),
                    **_appraised_cells(criterion, side),
                )
            )
    criteria_set = result.criteria_set
    legal = ""
    if criteria_set.legal_number:
        legal = criteria_set.legal_number
        if criteria_set.legal_date:
            legal += f" ngày {criteria_set.legal_date:%d/%m/%Y}"
        if criteria_set.issuer:
            legal += f" của {criteria_set.issuer}"
    counted = result.counted
    if partial:
        heading, total_line = _("PHỤ LỤC: CHỈ TIÊU ĐÃ CÓ SỐ LIỆU NĂM %(year)s") % {"year": result.year}, ""
    elif result.appraisal is not None:
        heading = _("PHỤ LỤC: KẾT QUẢ TỰ ĐÁNH GIÁ VÀ KẾT QUẢ THẨM ĐỊNH TIÊU CHÍ NĂM %(year)s") % {"year": result.year}
        total_line = _(
            "Tổng số tiêu chí đạt: %(met)s/%(total)s (theo kết quả thẩm định; tự đánh giá: %(own)s/%(total)s)."
        ) % {"met": counted.met_count, "total": result.total, "own": result.met_count}
        if recognition is not None:
            total_line = f"{total_line} {recognition.status_label}."
    else:
        heading = _("PHỤ LỤC: KẾT QUẢ TỰ ĐÁNH GIÁ TIÊU CHÍ NĂM %(year)s") % {"year": result.year}
        total_line = _("Tổng số tiêu chí đạt: %(met)s/%(total)s") % {"met": result.met_count, "total": result.total}
        if recognition is not None:
            total_line = _("%(total_line)s (theo tự đánh giá). %(status)s.") % {
                "total_line": total_line,
                "status": recognition.status_label,
            }
    return CriteriaTable(
        title=criteria_set.name,
        legal_basis=legal,
        year=result.year,
        rows=rows,
        met_count=counted.met_count,
        total=result.total,
        level_reached=counted.level_reached,
        partial=partial,
        appraised=result.appraisal is not None,
        heading=heading,
        total_line=total_line,
    )


# --- funding --------------------------------------------------------------------------------------


def funding_summary(commune, year):
    summary = build_summary(commune, year)
    return None if summary.is_empty else summary


def money_of_units(scope) -> tuple[object, list[UnitMoney]]:
    """The money of every unit whose records a year counts (`units.reporting.YearScope`: a commune and those
    merged into it, or its predecessors for a year before it began): their summary added up (None when empty),
    and each unit's own under its name, units without money in the year left out; two queries."""
    summaries = build_summaries(scope.units, scope.year)
    if len(summaries) == 1:
        (combined,) = summaries.values()
    else:
        combined = combine_summaries(summaries.values(), year=scope.year, commune_id=scope.unit.pk, with_works=True)
    by_unit = []
    for unit in scope.units:
        money = UnitMoney(
            label=label_in(unit, scope.year),
            mobilisation=mobilisation_of(summaries[unit.pk]),
            investment=investment_of(summaries[unit.pk]),
        )
        if money.mobilisation or money.investment:
            by_unit.append(money)
    return (None if combined.is_empty else combined), by_unit


def mobilisation_of(summary) -> Mobilisation | None:
    rows = [
        MoneyRow(label=row.name, amount=row.mobilised, qualifier=row.qualifier, share=row.share)
        for row in summary.sources
        if row.mobilised
    ]
    if not rows:
        return None
    return Mobilisation(year=summary.year, total=summary.total, rows=rows)


def investment_of(summary) -> PublicInvestment | None:
    """Works funded in the year; the stated total is the figure the sources of those works declared."""
    rows = [MoneyRow(label=work.name, amount=work.allocated_year) for work in summary.works if work.allocated_year]
    if not rows:
        return None
    funding_works = [row for row in summary.sources if row.works.get(Stage.MOBILISED)]
    if funding_works and all(Stage.MOBILISED in row.stated for row in funding_works):
        stated = sum(row.stated[Stage.MOBILISED] for row in funding_works)
    else:
        stated = sum(row.amount for row in rows)
    return PublicInvestment(year=summary.year, stated_total=stated, rows=rows)


# --- projects -------------------------------------------------------------------------------------


# The remark closing a task's text, printed after the amount: "(đã triển khai xây dựng)".
TRAILING_NOTE = re.compile(r"\s*\((?P<note>[^()]+)\)\.?$")


def quarters_of(communes, year: int, figures: dict, warnings: list[str]) -> list[QuarterTasks]:
    """The year's tasks of `communes` (the commune and those merged into it) by quarter, cancelled ones left out:
    the text (its indicator references filled with the plan year's `figures`), then its amount, then its remark."""
    tasks = (
        QuarterlyTask.objects.filter(commune__in=communes, year=year).exclude(status=TaskStatus.CANCELLED).for_plan()
    )
    quarters: dict[int, list[TaskLine]] = {}
    missing: list[str] = []
    for task in tasks:
        text = task_text(task.text.strip(), figures, missing)
        note = ""
        match = TRAILING_NOTE.search(text)
        if match and task.amount is not None:
            text, note = text[: match.start()], match.group("note").strip()
        if task.amount is not None:
            text = text.rstrip().rstrip(".:").rstrip()
        line = TaskLine(text=text, amount=task.amount, qualifier=task.amount_qualifier, note=note)
        quarters.setdefault(task.quarter, []).append(line)
    warnings.extend(
        _("Chỉ tiêu %(code)s nêu trong nhiệm vụ chưa có số liệu năm kế hoạch.") % {"code": code} for code in missing
    )
    return [QuarterTasks(year=year, quarter=quarter, tasks=quarters[quarter]) for quarter in sorted(quarters)]
