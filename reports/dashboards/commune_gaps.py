"""The commune dashboard's gap table: each indicator falling short, by how much, and the works addressing its
criterion (`commune.build_commune_dashboard` reads them here), each cell's text said once in Python rather than by
nested tags in the table's every row (the page's target is 60 ms, issue 14)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_decimal
from criteria.models import Comparator, IndicatorUnit

from ..gaps import gaps_with_works
from .commune_levels import LevelStatus

# The labels `get_unit_display` and `get_comparator_display` give, looked up without hashing every lazy label of the
# choices (which translated each of them: half the gap table's build time).
UNIT_LABELS, COMPARATOR_LABELS = dict(IndicatorUnit.choices), dict(Comparator.choices)

# The unit after a figure in the gaps table; nothing for yes/no.
UNIT_SUFFIX = {
    IndicatorUnit.PERCENT: "%",
    IndicatorUnit.MILLION_VND: gettext_lazy("triệu đồng/người/năm"),
    IndicatorUnit.M2_PER_PERSON: gettext_lazy("m²/người"),
}


def figure_text(value, unit_suffix="", none_text="") -> str:
    """ "Đạt", "Chưa đạt" (yes/no), "99,8 %" (a figure, two decimals at most, with its unit), or `none_text` where
    nothing was given ("—" without one)."""
    if value is True:
        return _("Đạt")
    if value is False:
        return _("Chưa đạt")
    if value is None:
        return none_text or "—"
    return f"{format_decimal(value, 2)} {unit_suffix}"


@dataclass
class GapRow:
    """An indicator falling short, by how much, and the works that address its criterion. Where the office appraised
    the assessment, the gap, `value` and `shortfall` are the appraisal's and `own_value` the commune's."""

    level_label: str
    criterion_number: int
    criterion_name: str
    code: str
    content: str
    unit: str
    comparator: str
    target: Decimal | None
    target_text: str
    target_verified: bool
    value: Decimal | bool | None
    shortfall: Decimal | None
    works: list = field(default_factory=list)  # the page's WorkItems
    unit_suffix: str = ""  # "%", "triệu đồng/người/năm" … after a number; nothing for yes/no
    appraised: bool = False  # the office appraised the assessment: `value` is the appraisal's
    own_value: Decimal | bool | None = None  # the commune's own figure, beside the appraisal's
    appraisal_note: str = ""
    appraised_verdict: str = ""  # "Chưa đạt (kết luận thẩm định)": shown where the office gave no figure

    @property
    def target_label(self) -> str:
        """The requirement: "≥ 95 %", the set's words where it has no figure, "—" without either."""
        if self.target is None:
            return self.target_text or "—"
        return f"{self.comparator} {format_decimal(self.target, 2)} {self.unit_suffix}"

    @property
    def value_label(self) -> str:
        """The figure the gap is counted by (the appraisal's where there is one), or the office's verdict alone."""
        return figure_text(self.value, self.unit_suffix, self.appraised_verdict if self.appraised else "")

    @property
    def own_label(self) -> str:
        return figure_text(self.own_value, self.unit_suffix)

    @property
    def shortfall_label(self) -> str:
        if self.shortfall is None:
            return "—"
        return f"{format_decimal(self.shortfall, 2)} {self.unit_suffix}"


def _shown(item) -> Decimal | bool | None:
    return item.display_percent if item.display_percent is not None else item.measured


def _translated(labels: dict) -> dict[str, str]:
    """The labels in the request's language, each translated once for the table rather than once or more a row
    (`get_FOO_display()` gives the value itself where it has no label)."""
    return {key: str(label) for key, label in labels.items()}


def gap_rows(levels: list[LevelStatus], works: list) -> list[GapRow]:
    """Indicators not met (by the appraisal where one exists), with the year's works linked to the same criterion
    (`reports.gaps`); one query."""
    labels = {status.result.assessment.pk: str(status.label) for status in levels}  # translated once, not once a row
    units, comparators, suffixes = _translated(UNIT_LABELS), _translated(COMPARATOR_LABELS), _translated(UNIT_SUFFIX)
    rows = []
    for row in gaps_with_works([status.result for status in levels], works):
        gap, item = row.gap, row.gap.result
        rows.append(
            GapRow(
                level_label=labels[row.result.assessment.pk],
                criterion_number=gap.criterion.number,
                criterion_name=gap.criterion.name,
                code=gap.indicator.code,
                content=gap.indicator.content,
                unit=units.get(gap.indicator.unit, gap.indicator.unit),
                comparator=comparators.get(gap.indicator.comparator, gap.indicator.comparator),
                target=gap.target.value,
                target_text=gap.target.text,
                target_verified=gap.target.verified,
                value=_shown(item),
                shortfall=gap.shortfall,
                works=row.works,
                unit_suffix=suffixes.get(gap.indicator.unit, ""),
                appraised=row.appraised is not None,
                own_value=_shown(row.own),
                appraisal_note=row.appraisal_note,
                appraised_verdict=row.side.appraised_verdict_label,
            )
        )
    return rows
