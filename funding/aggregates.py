"""The funding figure rule of `funding.summary` as one SQL aggregate, for pages that compare many communes.

`money_totals(commune_ids, year)` gives each commune's planned and mobilised figures for 500 communes in one
query (docs/adr/0060-area-dashboard-aggregates-in-sql.md). It is the SQL twin of `summary._settle_source`
(docs/adr/0030-money-lines-source-figures-and-work-lines.md), kept beside it so that a change to the rule is
made in both places at once; `funding/tests/test_aggregates.py` holds the two equal.
"""

from typing import NamedTuple

from django.db import connection

from .models import MoneyLine, Stage


class MoneyTotal(NamedTuple):
    commune_id: int
    planned: int
    mobilised: int


def money_totals(commune_ids, year: int) -> list[MoneyTotal]:
    """Planned and mobilised per commune for `year` (`commune_ids`: a QuerySet of unit pks), one query.

    Per source and stage: the lines without a work when there are any (the source's stated figure),
    otherwise the sum of its work lines; then the sum over sources. A commune without lines has no row.
    """
    subquery, params = commune_ids.query.sql_with_params()
    table = connection.ops.quote_name(MoneyLine._meta.db_table)
    sql = f"""
        SELECT commune_id,
               SUM(CASE WHEN stage = %s THEN figure ELSE 0 END),
               SUM(CASE WHEN stage = %s THEN figure ELSE 0 END)
        FROM (
          SELECT commune_id, source_id, stage,
                 CASE WHEN SUM(CASE WHEN work_id IS NULL THEN 1 ELSE 0 END) > 0
                      THEN SUM(CASE WHEN work_id IS NULL THEN amount ELSE 0 END)
                      ELSE SUM(amount) END AS figure
          FROM {table}
          WHERE year = %s AND stage IN (%s, %s) AND commune_id IN ({subquery})
          GROUP BY commune_id, source_id, stage
        ) figures
        GROUP BY commune_id
    """  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [Stage.PLANNED, Stage.MOBILISED, year, Stage.PLANNED, Stage.MOBILISED, *params])
        return [MoneyTotal(commune, int(planned or 0), int(mobilised or 0)) for commune, planned, mobilised in cursor]
