"""/api/v1/: read-only endpoints over the domain's QuerySets, each list scoped by `visible_to(user)` (api.reading).

A token or a session user sees exactly what the pages show him: another commune's record is a 404, a list of
another province is empty. Each list names its filters (api.filters); the answer carries an ETag.
"""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from criteria.models import SetLevel
from units.models import Level

from . import reading
from . import serializers as s
from .errors import bad_request
from .filters import Filter, apply_filters, by_change, by_choice, by_period, by_unit, by_year, parameters
from .models import ApiToken
from .pagination import KeyCursorPagination
from .renderers import CsvRenderer, FastJSONRenderer
from .rows import assessments_json
from .tokens import token_use_record

ERRORS = {code: s.ErrorSerializer for code in (400, 401, 404, 429)}


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
@login_not_required
def unknown(request, rest):
    """Any other address under /api/: a JSON 404, not the portal's HTML page."""
    raise NotFound


class ReadViewSet(viewsets.GenericViewSet):
    """Lists and records of one kind: scoped, filtered, paginated by a cursor, audited when read with a token."""

    pagination_class = KeyCursorPagination
    lookup_value_regex = "[0-9]+"
    filters: dict[str, Filter] = {}

    @classmethod
    def as_view(cls, *args, **kwargs):
        # A token is checked by the framework, not by the login middleware (which knows only sessions).
        return login_not_required(super().as_view(*args, **kwargs))

    def scoped(self):
        raise NotImplementedError

    def get_queryset(self):
        return apply_filters(self.scoped(), self.request, self.filters if self.action == "list" else {})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_etag(response)
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        if isinstance(request.auth, ApiToken):
            token_use_record(
                token=request.auth,
                method=request.method,
                path=request.path,
                query=request.META.get("QUERY_STRING", ""),
                status=response.status_code,
            )
        return response


def set_etag(response):
    """As Django's `set_response_etag`, by SHA-1 rather than MD5: a page of assessments is some 2 MB, which MD5
    took 5-6 ms to hash and SHA-1 about 2 (docs/PERFORMANCE.md)."""
    if response.content:
        response["ETag"] = quote_etag(hashlib.sha1(response.content, usedforsecurity=False).hexdigest())


def documented(viewset):
    """The list's filters and every answer's errors, as the schema states them."""
    list_doc = extend_schema(
        parameters=parameters(viewset.filters), responses={200: viewset.serializer_class, **ERRORS}
    )
    views = {"list": list_doc}
    if issubclass(viewset, mixins.RetrieveModelMixin):
        views["retrieve"] = extend_schema(responses={200: viewset.serializer_class, **ERRORS})
    return extend_schema_view(**views)(viewset)


class ListRead(mixins.ListModelMixin, ReadViewSet):
    pass


class Read(mixins.RetrieveModelMixin, mixins.ListModelMixin, ReadViewSet):
    pass


YEAR = by_year(lambda qs, year: qs.filter(year=year))
UNIT = by_unit()
SET_LEVEL = _("Mức công nhận của bộ tiêu chí.")


@documented
class UnitViewSet(Read):
    """Administrative units: type, code and dates in force, earlier names, predecessors and successors, centroid."""

    serializer_class = s.UnitSerializer
    filters = {
        "year": by_year(lambda qs, year: qs.in_year(year), _("Các đơn vị còn hoạt động ngày 31/12 của năm.")),
        "unit": UNIT,
        "level": by_choice("level", Level, _("Cấp đơn vị.")),
    }

    def scoped(self):
        return reading.units_for(self.request.user)


@documented
class PeriodViewSet(Read):
    """Programme periods with their legal basis."""

    serializer_class = s.PeriodSerializer

    def scoped(self):
        return reading.periods()


@documented
class CriteriaSetViewSet(Read):
    """Criteria sets: criteria, indicators, targets (per year), the group or region they apply to, verification."""

    serializer_class = s.CriteriaSetSerializer
    filters = {
        "year": by_year(lambda qs, year: qs.in_force_during(year), _("Các bộ còn hiệu lực trong năm.")),
        "level": by_choice("level", SetLevel, SET_LEVEL),
        "period": by_period(lambda qs, period: qs.filter(period=period)),
    }

    def scoped(self):
        return reading.criteria_sets()


@documented
class AssessmentViewSet(Read):
    """Self-assessments: values and verdicts by the commune and by the office's appraisal, state in the loop."""

    serializer_class = s.AssessmentSerializer
    filters = {
        "year": YEAR,
        "unit": UNIT,
        "level": by_choice("criteria_set__level", SetLevel, SET_LEVEL),
        "period": by_period(lambda qs, period: qs.filter(criteria_set__period=period)),
        "changed_since": by_change(reading.assessments_changed_since),
    }

    def scoped(self):
        return reading.assessments_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(assessments_json(page))

    def retrieve(self, request, *args, **kwargs):
        return Response(assessments_json([self.get_object()])[0])


@documented
class RecognitionViewSet(Read):
    """Recognition records (decisions recognising a commune or village at a level, and their revocations)."""

    serializer_class = s.RecognitionSerializer
    filters = {
        "year": by_year(lambda qs, year: qs.as_of(year), _("Các công nhận còn hiệu lực ngày 31/12 của năm.")),
        "unit": UNIT,
        "level": by_choice("level", SetLevel, SET_LEVEL),
        "changed_since": by_change(lambda qs, moment: qs.filter(recorded_at__gte=moment)),
    }

    def scoped(self):
        return reading.recognitions_for(self.request.user)


CHANGED = by_change(lambda qs, moment: qs.filter(updated_at__gte=moment))
PERIOD_YEARS = by_period(lambda qs, period: qs.filter(year__gte=period.first_year, year__lte=period.last_year))


@documented
class WorkViewSet(Read):
    """Works: the latest progress update and the criteria each advances."""

    serializer_class = s.WorkSerializer
    filters = {
        "year": by_year(lambda qs, year: qs.for_year(year), _("Các công trình thực hiện trong năm.")),
        "unit": UNIT,
        "changed_since": CHANGED,
    }

    def scoped(self):
        return reading.works_for(self.request.user)


@documented
class TaskViewSet(Read):
    """Quarterly tasks of the communes' yearly plans."""

    serializer_class = s.TaskSerializer
    filters = {"year": YEAR, "unit": UNIT, "period": PERIOD_YEARS, "changed_since": CHANGED}

    def scoped(self):
        return reading.tasks_for(self.request.user)


class MoneyPagination(KeyCursorPagination):
    ordering = "key"


@documented
class MoneyViewSet(ListRead):
    """Money per commune and year, in đồng: planned, mobilised, disbursed; in all and by source."""

    serializer_class = s.MoneySerializer
    pagination_class = MoneyPagination
    filters = {
        "year": YEAR,
        "unit": UNIT,
        "period": PERIOD_YEARS,
        "changed_since": by_change(lambda qs, moment: qs.filter(last_change__gte=moment)),
    }

    def scoped(self):
        return reading.money_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = reading.money_by_source(request.user, page)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


@documented
class IssuedDocumentViewSet(Read):
    """Issued versions of the yearly plan documents: metadata, SHA-256 and the address of the frozen PDF."""

    serializer_class = s.IssuedDocumentSerializer
    filters = {
        "year": by_year(lambda qs, year: qs.filter(document__year=year)),
        "unit": UNIT,
        "changed_since": by_change(lambda qs, moment: qs.filter(issued_at__gte=moment)),
    }

    def scoped(self):
        return reading.documents_for(self.request.user)


@documented
class AreaSummaryViewSet(ListRead):
    """The area summary of each commune and year (reports.AreaSummary), as the area dashboard reads it."""

    serializer_class = s.AreaSummarySerializer
    filters = {
        "year": YEAR,
        "unit": by_unit(reading.summaries_within),
        "changed_since": by_change(lambda qs, moment: qs.filter(refreshed_at__gte=moment)),
    }

    def scoped(self):
        return reading.summaries_for(self.request.user)


@documented
class IndicatorExportViewSet(ListRead):
    """For the national database while its forms are unknown: per commune and year, each indicator's value and
    verdicts, as-of date and source, with the criteria set and the period named; JSON, or CSV with ?format=csv."""

    serializer_class = s.ExportRowSerializer
    pagination_class = None
    renderer_classes = [FastJSONRenderer, CsvRenderer]
    filters = {"year": YEAR, "unit": UNIT, "level": by_choice("criteria_set__level", SetLevel, SET_LEVEL)}

    def scoped(self):
        return reading.assessments_for(self.request.user).filter(unit__level=Level.COMMUNE)

    def list(self, request, *args, **kwargs):
        if "year" not in request.query_params:
            raise bad_request(_("Bản xuất cần chọn năm, ví dụ ?year=2024."), "year_required")
        return Response(reading.export_rows(self.get_queryset()))
