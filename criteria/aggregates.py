"""The verdict rules of `criteria.evaluation` as one SQL aggregate, for pages that compare many units.

`criteria_counts(unit_ids, year)` answers "how many criteria does each commune meet, per level" for 500
communes in one query and no Python per indicator (docs/adr/0060-area-dashboard-aggregates-in-sql.md).
It is the SQL twin of `evaluation.judge_indicator` / `criterion_verdict`, kept beside them so that a change
to a rule is made, and reviewed, in both places at once: the comparisons are written from the same
`COMPARATORS` table, the choice among several assessments goes through the same `latest_per_level`, and
`criteria/tests/test_aggregates.py` holds the two equal on the seed data and on random values.

The office's appraisal (docs/adr/0018) is counted by the same statement, on other rows: per indicator, the
office's figure where it recorded one (a value, a ratio, a yes/no or a verdict, its verdict acting as an override)
and the commune's otherwise; it exists once the office recorded anything or approved, as `evaluate_loaded` says.
"""

import datetime
from typing import NamedTuple

from django.db import connection

from .evaluation import COMPARATORS, latest_per_level, newness
from .models import (
    Assessment,
    AssessmentStatus,
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorAppraisal,
    IndicatorUnit,
    IndicatorValue,
    IndicatorYearTarget,
    SetScope,
    Verdict,
)


class CriteriaCount(NamedTuple):
    unit_id: int
    level: str
    met: int  # by the commune's self-assessment
    total: int
    appraised_met: int | None = None  # by the office's appraisal; None while there is none

    @property
    def appraised(self) -> bool:
        return self.appraised_met is not None

    @property
    def counted_met(self) -> int:
        """The count shown as "đạt x/N": the appraisal's wherever one exists (`AssessmentResult.counted`)."""
        return self.met if self.appraised_met is None else self.appraised_met


class _Row(NamedTuple):
    pk: int
    unit_id: int
    level: str
    year: int
    valid_from: datetime.date | None
    total: int
    met: int
    appraised: bool
    appraised_met: int

    def facts(self) -> tuple:
        return (self.unit_id, self.level), newness(self.year, self.valid_from, self.pk)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _compare(measured: str, target: str) -> str:
    """A SQL CASE on the indicator's comparator, one arm per entry of COMPARATORS; any other is never met."""
    arms = " ".join(
        f"WHEN '{comparator}' THEN {measured} {comparison.sql} {target}"
        for comparator, comparison in COMPARATORS.items()
    )
    return f"CASE i.comparator {arms} ELSE 1 = 0 END"


def _met_sql() -> str:
    """Whether the value `v` of indicator `i` meets its target `target` (the rules of judge_indicator)."""
    target = "(CASE WHEN yt_any.indicator_id IS NULL THEN i.target_value ELSE yt.value END)"
    return f"""
        CASE
          WHEN v.id IS NOT NULL AND v.override_verdict <> '' THEN v.override_verdict = '{Verdict.MET}'
          WHEN i.unit = '{IndicatorUnit.TEXT}' OR v.id IS NULL THEN 1 = 0
          WHEN i.comparator = '{Comparator.YES}' THEN COALESCE(v.value_bool, 1 = 0)
          WHEN {target} IS NULL THEN 1 = 0
          WHEN v.numerator IS NOT NULL AND v.denominator IS NOT NULL THEN
            {_compare("v.numerator * 100", f"{target} * v.denominator")}
          WHEN v.value_number IS NULL THEN 1 = 0
          ELSE {_compare("v.value_number", target)}
        END"""


# The office's appraisal of an indicator records a figure when it holds a value, a ratio, a yes/no or a verdict
# (`IndicatorAppraisal.records_a_figure`); a note alone leaves the commune's figure.
_FIGURE = (
    "(ap.verdict <> '' OR ap.value_number IS NOT NULL OR ap.value_bool IS NOT NULL"
    " OR ap.numerator IS NOT NULL OR ap.denominator IS NOT NULL)"
)


def _office_sql() -> str:
    """The values the appraisal is judged on, with the columns of a value (`IndicatorAppraisal.as_value`): each
    indicator's appraised figure where the office recorded one, the commune's value otherwise. Only for the
    assessments that have an appraisal (`a.appraised`)."""
    return f"""
        SELECT v.id, v.assessment_id, v.indicator_id, v.override_verdict, v.value_bool, v.numerator, v.denominator,
               v.value_number
        FROM a JOIN {_table(IndicatorValue)} v ON v.assessment_id = a.id
        WHERE a.appraised AND NOT EXISTS (
          SELECT 1 FROM {_table(IndicatorAppraisal)} ap
          WHERE ap.assessment_id = v.assessment_id AND ap.indicator_id = v.indicator_id AND {_FIGURE}
        )
        UNION ALL
        SELECT ap.id, ap.assessment_id, ap.indicator_id, ap.verdict, ap.value_bool, ap.numerator, ap.denominator,
               ap.value_number
        FROM a JOIN {_table(IndicatorAppraisal)} ap ON ap.assessment_id = a.id
        WHERE a.appraised AND {_FIGURE}"""  # noqa: S608  # nosec B608: table names, CTE names and constants only


def _criteria_met_sql(values: str) -> str:
    """Per assessment and criterion, how many of `values` (a table or CTE with a value's columns) are met."""
    return f"""
          SELECT v.assessment_id, i.criterion_id, SUM(CASE WHEN {_met_sql()} THEN 1 ELSE 0 END) AS met
          FROM a
          JOIN {values} v ON v.assessment_id = a.id
          JOIN {_table(Indicator)} i ON i.id = v.indicator_id
          LEFT JOIN yt_any ON yt_any.indicator_id = i.id
          LEFT JOIN {_table(IndicatorYearTarget)} yt ON yt.indicator_id = i.id AND yt.year = a.year
          GROUP BY v.assessment_id, i.criterion_id"""  # noqa: S608  # nosec B608: table names, CTE names and constants only


def _met_criteria_sql(crit: str) -> str:
    """Per assessment, the criteria whose met values are as many as their indicators."""
    return f"""
          SELECT {crit}.assessment_id, SUM(CASE WHEN {crit}.met = indicators.n THEN 1 ELSE 0 END) AS n
          FROM {crit} JOIN indicators ON indicators.criterion_id = {crit}.criterion_id
          GROUP BY {crit}.assessment_id"""  # noqa: S608  # nosec B608: table names, CTE names and constants only


def criteria_counts(unit_ids, year: int) -> list[CriteriaCount]:
    """Criteria met and total per unit and commune-set level for `year`, in one aggregate query.

    `unit_ids` is a QuerySet of unit pks. The rules: an override decides; a text indicator is never met;
    yes/no needs "yes"; a number or an exact ratio (numerator × 100 against target × denominator) meets the
    target of the year (year targets, when the indicator has any) by its comparator. A criterion is met when
    every indicator is, so only the values recorded are read: a criterion counts as met when its met values
    are as many as its indicators (an indicator without a value is never met). When a unit has two
    assessments of one level in the year, `latest_per_level` keeps the newest, as on the commune dashboard.

    The appraisal's count (`appraised_met`) applies the same rules to the office's values (`_office_sql`), for
    the assessments the office approved or recorded anything on; the others have none.
    """
    # Only table names, enum constants and Django's own compiled subquery are formatted in; values are params.
    subquery, params = unit_ids.query.sql_with_params()
    sql = f"""
        WITH a AS MATERIALIZED (
          SELECT asm.id, asm.unit_id, asm.criteria_set_id, asm.year, cs.level, cs.valid_from,
                 (asm.status = %s OR EXISTS (
                   SELECT 1 FROM {_table(IndicatorAppraisal)} ap WHERE ap.assessment_id = asm.id
                 )) AS appraised
          FROM {_table(Assessment)} asm JOIN {_table(CriteriaSet)} cs ON cs.id = asm.criteria_set_id
          WHERE asm.year = %s AND cs.scope = %s AND asm.unit_id IN ({subquery})
        ),
        yt_any AS MATERIALIZED (SELECT DISTINCT indicator_id FROM {_table(IndicatorYearTarget)}),
        office AS MATERIALIZED ({_office_sql()}
        ),
        crit AS MATERIALIZED ({_criteria_met_sql(_table(IndicatorValue))}
        ),
        crit_office AS MATERIALIZED ({_criteria_met_sql("office")}
        ),
        indicators AS MATERIALIZED (
          SELECT criterion_id, COUNT(*) AS n FROM {_table(Indicator)} GROUP BY criterion_id
        ),
        met AS MATERIALIZED ({_met_criteria_sql("crit")}
        ),
        met_office AS MATERIALIZED ({_met_criteria_sql("crit_office")}
        ),
        total AS MATERIALIZED (
          SELECT criteria_set_id, COUNT(*) AS n FROM {_table(Criterion)} GROUP BY criteria_set_id
        )
        SELECT a.id, a.unit_id, a.level, a.year, a.valid_from, COALESCE(total.n, 0), COALESCE(met.n, 0),
               a.appraised, COALESCE(met_office.n, 0)
        FROM a
        LEFT JOIN total ON total.criteria_set_id = a.criteria_set_id
        LEFT JOIN met ON met.assessment_id = a.id
        LEFT JOIN met_office ON met_office.assessment_id = a.id
    """  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [AssessmentStatus.APPROVED, year, SetScope.COMMUNE, *params])
        fetched = cursor.fetchall()
    rows = latest_per_level((_Row(*row) for row in fetched), facts=_Row.facts)
    return [
        CriteriaCount(
            row.unit_id, row.level, int(row.met), int(row.total), int(row.appraised_met) if row.appraised else None
        )
        for row in rows
    ]
