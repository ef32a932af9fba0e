"""The shapes verdicts come in: what `criteria.evaluation` returns and pages, documents and dashboards read.

- `Target`: the target an indicator is judged against for one year (value, comparator, wording, verified).
- `IndicatorResult`: one indicator's figure, target and verdict (computed, or overridden with its reason).
- `CriterionResult`: a criterion's indicators and its verdict.
- `Gap`: an indicator not met, with its shortfall.
- `AssessmentResult`: the verdicts of one assessment, with the office's appraisal beside it where one exists;
  its counts ("đạt x/N"), gaps and overrides are read from the verdicts it holds, never judged again here.

The verdicts themselves are computed in `criteria.evaluation` (docs/adr/0011-criteria-evaluation.md).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from core.money import share

from .models import (
    Assessment,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAppraisal,
    IndicatorValue,
    Verdict,
)


def reaches_level(met: int, total: int) -> bool:
    """The level is reached when every criterion of the set is met (docs/adr/0011)."""
    return total > 0 and met == total


@dataclass(frozen=True)
class Target:
    value: Decimal | None
    comparator: str
    text: str
    verified: bool

    @property
    def is_known(self) -> bool:
        return self.comparator == Comparator.YES or self.value is not None


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    value: IndicatorValue | None
    measured: Decimal | bool | None
    target: Target
    computed: str
    verdict: str
    overridden: bool = False
    override_reason: str = ""
    shortfall: Decimal | None = None
    evidence_count: int = 0

    @property
    def is_met(self) -> bool:
        return self.verdict == Verdict.MET

    @property
    def display_percent(self) -> Decimal | None:
        """A ratio shown with two decimals (752/1.250 → 60,16); the verdict uses the exact value."""
        if self.value is not None and self.value.has_ratio:
            return share(self.value.numerator, self.value.denominator)
        return None


@dataclass
class CriterionResult:
    criterion: Criterion
    indicators: list[IndicatorResult]
    verdict: str

    @property
    def is_met(self) -> bool:
        return self.verdict == Verdict.MET

    @property
    def has_override(self) -> bool:
        return any(result.overridden for result in self.indicators)


@dataclass(frozen=True)
class Gap:
    criterion: Criterion
    indicator: Indicator
    target: Target
    value: Decimal | bool | None
    shortfall: Decimal | None
    result: IndicatorResult


@dataclass
class AssessmentResult:
    """The verdicts of one assessment. `appraisal` is the office's result where one exists (docs/adr/0018):
    the same indicators judged on the appraised figures, the commune's own where the office recorded none."""

    assessment: Assessment
    criteria: list[CriterionResult] = field(default_factory=list)
    appraisal: "AssessmentResult | None" = None
    appraisal_records: dict[int, IndicatorAppraisal] = field(default_factory=dict)

    @property
    def counted(self) -> "AssessmentResult":
        """The result the counts (đạt x/N) use: the appraisal wherever one exists, else the self-assessment."""
        return self.appraisal or self

    @property
    def counted_by(self) -> str:
        """Which result the count is, as pages and documents say it after the count: "theo kết quả thẩm định"."""
        return gettext("theo kết quả thẩm định") if self.appraisal else gettext("theo tự đánh giá")

    @property
    def unit(self):
        return self.assessment.unit

    @property
    def year(self) -> int:
        return self.assessment.year

    @property
    def criteria_set(self) -> CriteriaSet:
        return self.assessment.criteria_set

    @property
    def met_count(self) -> int:
        return sum(1 for result in self.criteria if result.is_met)

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def summary(self) -> str:
        """ "đạt x/N" as the official tables write it, N the number of criteria of the assessment's set."""
        return gettext("đạt %(met)s/%(total)s") % {"met": self.met_count, "total": self.total}

    @property
    def level_reached(self) -> bool:
        return reaches_level(self.met_count, self.total)

    @property
    def indicators(self) -> list[IndicatorResult]:
        return [result for criterion in self.criteria for result in criterion.indicators]

    @property
    def not_assessed_count(self) -> int:
        return sum(1 for result in self.indicators if result.verdict == Verdict.NOT_ASSESSED)

    @property
    def unverified_targets_used(self) -> int:
        return sum(1 for result in self.indicators if result.target.is_known and not result.target.verified)

    @property
    def overrides(self) -> list[IndicatorResult]:
        return [result for result in self.indicators if result.overridden]

    @property
    def gaps(self) -> list[Gap]:
        return [
            Gap(
                criterion=criterion.criterion,
                indicator=result.indicator,
                target=result.target,
                value=result.measured,
                shortfall=result.shortfall,
                result=result,
            )
            for criterion in self.criteria
            for result in criterion.indicators
            if result.verdict == Verdict.NOT_MET
        ]
