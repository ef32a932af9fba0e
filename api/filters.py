"""The query parameters of the lists: each parsed strictly, an unknown one refused (docs/api.md, "Bộ lọc").

A view names its filters: `filters = {"year": by_year(...), "unit": by_unit(...)}`; each is a `Filter` whose
`apply(queryset, value, request)` narrows the list. Parameters of the pagination and the format are known too.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

from core.periods import YEAR_MAX, YEAR_MIN, YEAR_RANGE_MESSAGE
from criteria.models import ProgrammePeriod
from units.models import AdministrativeUnit

from .errors import bad_request

ALWAYS_KNOWN = {"cursor", "page_size", "format"}
YEAR = _("Năm (2000–2100).")


@dataclass(frozen=True)
class Filter:
    description: str
    apply: Callable  # (queryset, raw value, request) -> queryset
    type: type = str
    enum: tuple = ()


def parameters(filters: dict[str, Filter]) -> list[OpenApiParameter]:
    """The filters as the OpenAPI schema states them."""
    return [
        OpenApiParameter(name, filter_.type, description=filter_.description, enum=filter_.enum or None)
        for name, filter_ in filters.items()
    ]


def apply_filters(queryset, request, filters: dict[str, Filter]):
    unknown = sorted(set(request.query_params) - set(filters) - ALWAYS_KNOWN)
    if unknown:
        raise bad_request(
            _("Tham số không được hỗ trợ: %(names)s. Tham số dùng được: %(known)s."),
            "unknown_filter",
            params={"names": ", ".join(unknown), "known": ", ".join(sorted(filters)) or "—"},
        )
    for name, filter_ in filters.items():
        value = request.query_params.get(name)
        if value is not None:
            queryset = filter_.apply(queryset, value, request)
    return queryset


# --- parsing ---------------------------------------------------------------------------------------


def parse_year(value: str, name: str = "year") -> int:
    if not value.isdigit() or not YEAR_MIN <= int(value) <= YEAR_MAX:
        raise bad_request(YEAR_RANGE_MESSAGE, "invalid_year", field=name)
    return int(value)


def parse_id(value: str, name: str) -> int:
    if not value.isdigit() or len(value) > 18:
        message = _("Mã số phải là một số nguyên dương.")
        raise bad_request(message, "invalid_id", field=name)
    return int(value)


def parse_timestamp(value: str) -> datetime.datetime:
    """An ISO 8601 date or date-time (a date means its first moment; no zone: the portal's)."""
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time.min)
    if moment is None or not YEAR_MIN <= moment.year <= YEAR_MAX:
        message = _("Thời điểm phải theo ISO 8601, ví dụ 2025-07-01 hoặc 2025-07-01T08:00:00+07:00.")
        raise bad_request(message, "invalid_timestamp", field="changed_since")
    return make_aware(moment, get_current_timezone()) if is_naive(moment) else moment


def parse_choice(value: str, choices, name: str) -> str:
    if value not in choices.values:
        message = _("Giá trị không hợp lệ; chọn một trong: %(values)s.")
        raise bad_request(message, "invalid_choice", params={"values": ", ".join(choices.values)}, field=name)
    return value


def period_named(code: str) -> ProgrammePeriod:
    period = ProgrammePeriod.objects.filter(code=code).first()
    if period is None:
        known = ", ".join(ProgrammePeriod.objects.values_list("code", flat=True))
        message = _("Không có giai đoạn %(code)s; các giai đoạn: %(known)s.")
        raise bad_request(message, "unknown_period", params={"code": code[:40], "known": known}, field="period")
    return period


def visible_unit(value: str, request) -> AdministrativeUnit | None:
    """The unit named by `value` if the user sees it; None otherwise (the list is then empty, as for an outsider)."""
    unit_id = parse_id(value, "unit")
    return AdministrativeUnit.objects.visible_to(request.user).filter(pk=unit_id).first()


# --- the filters views use -------------------------------------------------------------------------


def by_year(apply: Callable, description=YEAR) -> Filter:
    return Filter(str(description), lambda qs, value, request: apply(qs, parse_year(value)), int)


def by_unit(within: Callable | None = None) -> Filter:
    """The unit and its subtree (with the units merged into it); `within(queryset, unit)` for a model that is not
    a ScopedQuerySet."""

    def apply(queryset, value, request):
        unit = visible_unit(value, request)
        if unit is None:
            return queryset.none()
        return within(queryset, unit) if within else queryset.within(unit)

    return Filter(str(_("Mã số (id) của đơn vị: đơn vị đó và mọi đơn vị trực thuộc.")), apply, int)


def by_choice(field: str, choices, description) -> Filter:
    return Filter(
        str(description),
        lambda qs, value, request: qs.filter(**{field: parse_choice(value, choices, field)}),
        enum=tuple(choices.values),
    )


def by_period(apply: Callable) -> Filter:
    """`apply(queryset, period)`."""
    return Filter(
        str(_("Mã giai đoạn chương trình, ví dụ 2021-2025.")),
        lambda qs, value, request: apply(qs, period_named(value)),
    )


def by_change(apply: Callable) -> Filter:
    """`apply(queryset, moment)`: rows changed at or after the moment (incremental sync)."""
    return Filter(
        str(_("Chỉ các bản ghi thay đổi từ thời điểm này (ISO 8601), để đồng bộ dần.")),
        lambda qs, value, request: apply(qs, parse_timestamp(value)),
    )
