"""Shaping evaluation results for pages: groups of criteria, the history table."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from . import display
from .models import IndicatorAppraisal, IndicatorValue, Verdict
from .results import AssessmentResult, CriterionResult, IndicatorResult


@dataclass
class Group:
    key: str | int
    label: str
    criteria: list = field(default_factory=list)

    @property
    def is_named(self) -> bool:
        return isinstance(self.key, str)

    @property
    def short_label(self) -> str:
        """The tab's text: the group's name, or "TC 5" for a criterion standing alone."""
        return self.label if self.is_named else _("TC %(number)s") % {"number": self.key}

    @property
    def numbers(self) -> str:
        numbers = [item.number if hasattr(item, "number") else item.criterion.number for item in self.criteria]
        return ", ".join(str(number) for number in numbers)


def criterion_groups(criteria) -> list[Group]:
    """Criteria (or CriterionResults) by their group, in set order; a criterion without group stands alone."""
    groups: dict = {}
    for item in criteria:
        criterion = getattr(item, "criterion", item)
        key = criterion.group or criterion.number
        label = criterion.group or _("Tiêu chí %(number)s. %(name)s") % {
            "number": criterion.number,
            "name": criterion.name,
        }
        groups.setdefault(key, Group(key=key, label=label)).criteria.append(item)
    return list(groups.values())


@dataclass
class HistoryRow:
    criterion_number: int
    code: str
    content: str
    cells: list


def history_tables(results: list[AssessmentResult]) -> list[dict]:
    """Per criteria set: each indicator's values across the years, one column per year.

    Indicators are compared within one set only: the same code can mean another indicator in
    another set (13.1 is cooperatives in the NTM set, OCOP in the advanced set).
    """
    by_set: dict = {}
    for result in results:
        by_set.setdefault(result.criteria_set.pk, []).append(result)
    return [_history_table(columns) for columns in by_set.values()]


def _history_table(columns: list[AssessmentResult]) -> dict:
    rows: dict = {}
    for index, result in enumerate(columns):
        for item in result.indicators:
            key = (item.indicator.criterion.number, item.indicator.code)
            row = rows.get(key)
            if row is None:
                row = rows[key] = HistoryRow(key[0], key[1], item.indicator.content, [None] * len(columns))
            row.cells[index] = item
    ordered = sorted(rows.values(), key=lambda row: (row.criterion_number, _code_key(row.code)))
    return {
        "criteria_set": columns[0].criteria_set,
        "columns": columns,
        "rows": [row for row in ordered if any(cell and cell.value for cell in row.cells)],
    }


def _code_key(code: str):
    return [int(part) if part.isdigit() else part for part in code.replace("-", ".").split(".")]


# --- the self-assessment beside the office's appraisal (docs/adr/0018) --------------------------------------


@dataclass
class IndicatorSides:
    """One indicator as the commune assessed it (`own`) and as the office appraised it (None before any
    appraisal); `record` is the office's own entry for it, if it made one (figure, verdict, note).

    The one pairing of an indicator with its appraisal: the pages, the gap list and the plan's tables read it."""

    own: IndicatorResult
    appraised: IndicatorResult | None = None
    record: IndicatorAppraisal | None = None

    @property
    def indicator(self):
        return self.own.indicator

    @property
    def counted(self) -> IndicatorResult:
        """The result the counts use: the appraisal's wherever one exists (`AssessmentResult.counted`)."""
        return self.appraised or self.own

    @property
    def concluded(self) -> bool:
        """The office gave its own verdict (kết luận thẩm định), whatever the figures say."""
        return bool(self.record and self.record.verdict)

    @property
    def note(self) -> str:
        return self.record.note if self.record else ""

    @property
    def own_verdict_label(self) -> str:
        return display.verdict_label(self.own.verdict, self.own.overridden)

    @property
    def appraised_verdict_label(self) -> str:
        """ "Chưa đạt (kết luận thẩm định)" where the office concluded; "(điều chỉnh)" for the commune's own override
        the appraisal kept; "" before any appraisal."""
        if self.appraised is None:
            return ""
        return display.verdict_label(self.appraised.verdict, self.appraised.overridden, concluded=self.concluded)


@dataclass
class CriterionSides:
    own: CriterionResult
    appraised: CriterionResult | None
    indicators: list[IndicatorSides]

    @property
    def criterion(self):
        return self.own.criterion

    @property
    def own_verdict_label(self) -> str:
        return display.verdict_label(self.own.verdict, self.own.has_override)

    @property
    def appraised_verdict_label(self) -> str:
        if self.appraised is None:
            return ""
        concluded = any(side.concluded for side in self.indicators)
        return display.verdict_label(self.appraised.verdict, self.appraised.has_override, concluded=concluded)


def side_by_side(result: AssessmentResult) -> list[CriterionSides]:
    """Each criterion and indicator of `result` paired with its appraisal (`result.appraisal`) by its id, in set
    order; `criterion_groups` groups the pairs as it groups plain results."""
    appraisal = result.appraisal
    criteria = {item.criterion.pk: item for item in appraisal.criteria} if appraisal else {}
    indicators = {item.indicator.pk: item for item in appraisal.indicators} if appraisal else {}
    records = result.appraisal_records
    return [
        CriterionSides(
            own=criterion,
            appraised=criteria.get(criterion.criterion.pk),
            indicators=[
                IndicatorSides(item, indicators.get(item.indicator.pk), records.get(item.indicator.pk))
                for item in criterion.indicators
            ],
        )
        for criterion in result.criteria
    ]


def indicator_sides(result: AssessmentResult) -> dict[int, IndicatorSides]:
    """`side_by_side` per indicator id, in set order."""
    return {side.indicator.pk: side for criterion in side_by_side(result) for side in criterion.indicators}


def recorded_text(indicator, fields: dict) -> str:
    """A value as `criteria.review` keeps it at an approval (a snapshot's fields), in words: "752/1.250 = 60,16 %",
    "Đạt", the official's text; a verdict set by hand follows in brackets. "" when nothing was recorded."""
    if not fields:
        return ""
    number = fields.get("value_number")
    value = IndicatorValue(
        indicator=indicator,
        value_number=Decimal(number) if number is not None else None,
        value_bool=fields.get("value_bool"),
        value_text=fields.get("value_text") or "",
        numerator=fields.get("numerator"),
        denominator=fields.get("denominator"),
    )
    item = IndicatorResult(indicator, value, None, None, "", Verdict.NOT_ASSESSED)
    text = display.value_text(item)
    verdict = fields.get("override_verdict")
    if verdict:
        text = f"{text} ({_('kết luận điều chỉnh')}: {Verdict(verdict).label})".strip()
    return text
