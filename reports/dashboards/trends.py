"""The two trends the steering committee follows on the commune dashboard (docs/adr/0062-dashboard-trends.md).

Income per person and the share of households on clean water, read by the indicators' keys
(`criteria.models.IndicatorKey`), so every set version counts whatever its numbering (17.1 in the NTM sets, 18.1 in
the nâng cao sets). A commune's own assessments only: figures are never added across units (docs/adr/0095).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.money import share
from criteria.models import IndicatorKey, IndicatorValue

from .common import LEVEL_RANK


@dataclass
class TrendPoint:
    year: int
    value: Decimal
    as_of: datetime.date | None = None


@dataclass
class Trend:
    key: str
    label: str
    unit_label: str
    points: list[TrendPoint] = field(default_factory=list)
    target: Decimal | None = None


def trends_of(commune) -> list[Trend]:
    """Income per person and households on clean water, one point per year; one query."""
    rows = (
        IndicatorValue.objects.filter(assessment__unit=commune)
        .filter(indicator__key__in=[IndicatorKey.INCOME, IndicatorKey.CLEAN_WATER])
        .values(
            "assessment__year",
            "assessment__criteria_set__level",
            "indicator__key",
            "indicator__target_value",
            "value_number",
            "numerator",
            "denominator",
            "as_of",
        )
    )
    income = Trend("income", _("Thu nhập bình quân đầu người"), _("triệu đồng/người/năm"))
    water = Trend("water", _("Tỷ lệ hộ sử dụng nước sạch"), "%")
    chosen: dict = {}
    for row in rows:
        trend = income if row["indicator__key"] == IndicatorKey.INCOME else water
        if row["numerator"] is not None and row["denominator"]:
            value = share(row["numerator"], row["denominator"])
        else:
            value = row["value_number"]
        if value is None:
            continue
        # Two sets of one year may both hold the figure: the higher level's (stricter wording) is kept.
        rank = LEVEL_RANK.get(row["assessment__criteria_set__level"], 0)
        key = (trend.key, row["assessment__year"])
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, trend, TrendPoint(row["assessment__year"], value, row["as_of"]))
            if trend is water and row["indicator__target_value"] is not None:
                water.target = row["indicator__target_value"]
    for _rank, trend, point in sorted(chosen.values(), key=lambda item: item[2].year):
        trend.points.append(point)
    return [income, water]
