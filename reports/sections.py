"""The document's data sections, read from the other apps' public APIs (never from their tables directly
when they publish a reader): criteria (`results_for`, OCOP products), projects (quarterly tasks) and
funding (`build_summary` with its consistency warnings). A constant number of queries per document.
"""

import re

from django.utils.translation import gettext as _

from core.money import format_decimal, format_percent, group_thousands

from .document import (
    CriteriaTable,
    IndicatorRow,
    Mobilisation,
    MoneyRow,
    OcopLine,
    PlanDataset,
    PublicInvestment,
    QuarterTasks,
    TaskLine,
)


def add_data_sections(dataset: PlanDataset, document) -> None:
    commune, last = document.commune, document.evaluated_year
    results = _assessment_results(commune, last)
    dataset.income_sentence = income_sentence(results, dataset.commune_name, last)
    dataset.ocop = ocop_lines(commune, last, results)
    dataset.criteria_tables = [criteria_table(result) for result in results]
    # Figures already recorded for the plan year (the seed's clean water: 752 of 1.250 households, Q1/2024).
    current_results = _assessment_results(commune, document.year)
    current = [criteria_table(result, partial=True) for result in current_results]
    dataset.current_tables = [table for table in current if table.rows]
    summary = _funding_summary(commune, last)
    if summary is not None:
        dataset.mobilisation = mobilisation_of(summary)
        dataset.investment = investment_of(summary)
        dataset.warnings.extend(warning.message for warning in summary.warnings)
    dataset.quarters = quarters_of(commune, document.year, figures_of(current_results), dataset.warnings)
    unverified = sum(result.unverified_targets_used for result in results)
    if unverified:
        dataset.warnings.append(
            _("%(count)s ngưỡng chỉ tiêu trong bảng tự đánh giá năm %(year)s chưa đối chiếu văn bản gốc (đánh dấu *).")
            % {"count": unverified, "year": last}
        )


# --- criteria -------------------------------------------------------------------------------------


def _assessment_results(commune, year):
    from criteria.evaluation import results_for
    from criteria.models import SetScope

    results = results_for([commune], year).get(commune.pk, [])
    return [result for result in results if result.criteria_set.scope == SetScope.COMMUNE]


def income_sentence(results, commune_name: str, year: int) -> str:
    """ "Mức thu nhập bình quân đầu người trong xã năm 2023 là 58 triệu đồng/người/năm." from the assessment."""
    from criteria.models import IndicatorKey

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
    from criteria.models import IndicatorKey, OcopProduct

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


def criteria_table(result, *, partial: bool = False) -> CriteriaTable:
    """One row per indicator; `partial` keeps only the indicators that have a value."""
    rows = []
    for criterion in result.criteria:
        items = [item for item in criterion.indicators if item.value is not None] if partial else criterion.indicators
        for index, item in enumerate(items):
            rows.append(
                IndicatorRow(
                    criterion_number=criterion.criterion.number,
                    criterion_name=criterion.criterion.name,
                    criterion_verdict=_verdict_label(criterion.verdict, criterion.has_override),
                    code=item.indicator.code,
                    content=item.indicator.content,
                    target=_target_text(item),
                    value=_value_text(item),
                    verdict=_verdict_label(item.verdict, item.overridden),
                    verified=item.target.verified or not item.target.is_known,
                    first_of_criterion=index == 0,
                    criterion_rows=len(items),
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
    return CriteriaTable(
        title=criteria_set.name,
        legal_basis=legal,
        year=result.year,
        rows=rows,
        met_count=result.met_count,
        total=result.total,
        level_reached=result.level_reached,
        partial=partial,
    )


def _verdict_label(verdict: str, overridden: bool) -> str:
    from criteria.models import Verdict

    label = str(Verdict(verdict).label)
    return f"{label} ({_('điều chỉnh')})" if overridden else label


def _target_text(item) -> str:
    from criteria.models import Comparator

    target = item.target
    if target.text:
        return target.text
    if target.comparator == Comparator.YES:
        return str(Comparator.YES.label)
    if target.value is None:
        return "—"
    return f"{Comparator(target.comparator).label} {format_decimal(target.value, 2)}"


def _value_text(item) -> str:
    value = item.value
    if value is None:
        return ""
    as_of = _(", tính đến %(day)s") % {"day": value.as_of.strftime("%d/%m/%Y")} if value.as_of else ""
    if value.has_ratio:
        counts = f"{group_thousands(value.numerator)}/{group_thousands(value.denominator)}"
        return f"{counts} ({format_percent(item.display_percent)}){as_of}"
    if value.value_bool is not None and value.value_number is None:
        return _("Đạt") if value.value_bool else _("Chưa đạt")
    if value.value_number is not None:
        return format_decimal(value.value_number, 2)
    return value.value_text


# --- funding --------------------------------------------------------------------------------------


def _funding_summary(commune, year):
    from funding.summary import build_summary

    summary = build_summary(commune, year)
    return None if summary.is_empty else summary


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
    from funding.models import Stage

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


# A task's text names an indicator whose figure the document prints, so the figure is entered once, in the
# criteria app: "… của Quảng Giao là [chỉ tiêu 18.1, đơn vị hộ]." → "… là 752/1.250 hộ đạt 60,16 %."
# (docs/adr/0045-figures-come-from-data.md).
INDICATOR_REF = re.compile(r"\[chỉ tiêu (?P<code>\d+(?:\.\d+)*)(?:, đơn vị (?P<unit>[^\]]+))?\]")
# The remark closing a task's text, printed after the amount: "(đã triển khai xây dựng)".
TRAILING_NOTE = re.compile(r"\s*\((?P<note>[^()]+)\)\.?$")


def figures_of(results) -> dict[str, object]:
    """The plan year's recorded indicator results by code (the first criteria set that has a value)."""
    figures: dict[str, object] = {}
    for result in results:
        for item in result.indicators:
            if item.value is not None:
                figures.setdefault(item.indicator.code, item)
    return figures


def quarters_of(commune, year: int, figures: dict | None = None, warnings: list | None = None) -> list[QuarterTasks]:
    """The year's tasks by quarter, cancelled ones left out: the text, then its amount, then its remark;
    an indicator named in the text is replaced by the plan year's figure."""
    from projects.models import QuarterlyTask, TaskStatus

    tasks = QuarterlyTask.objects.filter(commune=commune, year=year).exclude(status=TaskStatus.CANCELLED).for_plan()
    quarters: dict[int, list[TaskLine]] = {}
    for task in tasks:
        text = fill_figures(task.text.strip(), figures or {}, warnings)
        note = ""
        match = TRAILING_NOTE.search(text)
        if match and task.amount is not None:
            text, note = text[: match.start()], match.group("note").strip()
        if task.amount is not None:
            text = text.rstrip().rstrip(".:").rstrip()
        line = TaskLine(text=text, amount=task.amount, qualifier=task.amount_qualifier, note=note)
        quarters.setdefault(task.quarter, []).append(line)
    return [QuarterTasks(year=year, quarter=quarter, tasks=quarters[quarter]) for quarter in sorted(quarters)]


def fill_figures(text: str, figures: dict, warnings: list | None = None) -> str:
    """Replace "[chỉ tiêu 18.1, đơn vị hộ]" by "752/1.250 hộ đạt 60,16 %" (no value yet: the reference stays,
    with a warning)."""

    def figure(match) -> str:
        item = figures.get(match.group("code"))
        if item is None:
            if warnings is not None:
                warnings.append(
                    _("Chỉ tiêu %(code)s nêu trong nhiệm vụ chưa có số liệu năm kế hoạch.")
                    % {"code": match.group("code")}
                )
            return match.group(0)
        return figure_text(item, match.group("unit") or "")

    return INDICATOR_REF.sub(figure, text)


def figure_text(item, unit: str = "") -> str:
    value = item.value
    if value.has_ratio:
        counts = f"{group_thousands(value.numerator)}/{group_thousands(value.denominator)}"
        counts = f"{counts} {unit}" if unit else counts
        return _("%(counts)s đạt %(percent)s") % {"counts": counts, "percent": format_percent(item.display_percent)}
    text = _value_text(item)
    return f"{text} {unit}" if unit else text
