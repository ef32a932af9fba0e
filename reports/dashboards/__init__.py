"""Dashboards: builders that return plain dataclasses from a constant number of queries.

- `commune.build_commune_dashboard(commune, year=None, today=None) -> CommuneDashboard`: the steering
  committee's page (criteria met per level, the indicators falling short with the works linked to them,
  works, money, tasks, villages on the way to "kiểu mẫu", trends, consistency warnings). It reads the other
  apps' public APIs (`criteria.evaluation` and `criteria.results`, `funding.summary`, the projects QuerySets)
  and `reports.gaps`.
  Its level cards (criteria met per level, the recognition held, the villages' results) are read in
  `commune_levels`.
- `area.build_area_dashboard(communes, year=None, today=None) -> AreaDashboard`: one row per commune for
  the coordination office, from aggregate queries over all communes at once: the SQL twins of the verdict
  rules (`criteria.aggregates`) and of the funding figure rule (`funding.aggregates`), ADR 0060.
- `exports`: the commune dashboard's SVG charts and PDF, the area dashboard's workbook (its rows read as plain
  values by `area_sheet`, held equal to the dashboard's rows).

Nothing here writes, and nothing is stored: every figure is computed from the records when asked.
"""

from .area import SORTS, build_area_dashboard, recognition_filter_choices
from .commune import build_commune_dashboard

__all__ = ["SORTS", "build_area_dashboard", "build_commune_dashboard", "recognition_filter_choices"]
