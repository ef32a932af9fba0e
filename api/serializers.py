"""How each record reads in the API (field names in English, as in the code: docs/adr/0007)."""

from django.urls import reverse
from rest_framework import serializers

from criteria.models import CriteriaSet, Criterion, Indicator, IndicatorYearTarget, ProgrammeAct, ProgrammePeriod
from criteria.models import Recognition as RecognitionModel
from projects.models import QuarterlyTask, Work
from reports.models import AreaSummary, IssuedDocument
from units.models import AdministrativeUnit, UnitHistory


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField(help_text="unknown_filter, invalid_year, invalid_cursor, expired_token, …")
    detail = serializers.CharField(help_text="Tiếng Việt")
    detail_en = serializers.CharField(help_text="English")
    fields = serializers.DictField(child=serializers.CharField(), required=False)


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "level"]


class NameHistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitHistory
        fields = ["name", "parent", "valid_until"]


class UnitSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    names_before = NameHistorySerializer(source="history", many=True, read_only=True)
    predecessors = serializers.SerializerMethodField()
    successors = serializers.SerializerMethodField()

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "name",
            "level",
            "kind",
            "parent",
            "valid_from",
            "dissolved_on",
            "latitude",
            "longitude",
            "area_km2",
            "region",
            "is_demo",
            "names_before",
            "predecessors",
            "successors",
        ]

    def get_kind(self, unit) -> str:
        return unit.kind or ""

    def get_predecessors(self, unit) -> list[int]:
        """The units a merge, split or rename turned into this one (read from the prefetched changes)."""
        return sorted(
            {other.pk for change in unit.changes_begun.all() for other in change.predecessors.all()} - {unit.pk}
        )

    def get_successors(self, unit) -> list[int]:
        return sorted(
            {other.pk for change in unit.changes_ended.all() for other in change.successors.all()} - {unit.pk}
        )


class ActSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeAct
        fields = ["kind", "number", "date", "issuer", "subject", "verified"]


class PeriodSerializer(serializers.ModelSerializer):
    acts = ActSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammePeriod
        fields = ["id", "code", "name", "first_year", "last_year", "programme_name", "set_basis", "verified", "acts"]


class YearTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorYearTarget
        fields = ["year", "value", "verified"]


class IndicatorSerializer(serializers.ModelSerializer):
    year_targets = YearTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "content",
            "unit",
            "comparator",
            "target_value",
            "target_text",
            "verified",
            "key",
            "year_targets",
        ]


class CriterionSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "number", "name", "group", "indicators"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "code",
            "name",
            "level",
            "scope",
            "period",
            "province",
            "region",
            "commune_group",
            "zone",
            "legal_number",
            "legal_date",
            "issuer",
            "legal_verified",
            "valid_from",
            "valid_to",
            "criteria",
        ]


class IndicatorRowSerializer(serializers.Serializer):
    """One indicator of an assessment: the commune's figure and verdict, the office's where it appraised."""

    criterion = serializers.IntegerField()
    indicator_id = serializers.IntegerField()
    indicator = serializers.CharField()
    content = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    value_bool = serializers.BooleanField(allow_null=True)
    value_text = serializers.CharField(allow_blank=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    target_comparator = serializers.CharField()
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target_text = serializers.CharField(allow_blank=True)
    target_verified = serializers.BooleanField()
    verdict_self_assessment = serializers.CharField(help_text="met, not_met, not_assessed")
    overridden = serializers.BooleanField()
    override_reason = serializers.CharField(allow_blank=True)
    verdict_appraisal = serializers.CharField(allow_null=True, help_text="null: not appraised")
    value_appraisal = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    source = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField(allow_null=True)


# The schema of what api/rows.py writes without a serializer (a page of 100 assessments holds some 3,300 indicator
# rows: benchmarks/bench_api.py); tests/test_api.py holds the fields equal.
class AssessmentSerializer(serializers.Serializer):
    """An assessment, its state and its verdicts (`criteria.plain`, by the rules of `criteria.evaluation`)."""

    id = serializers.IntegerField()
    unit = UnitRefSerializer()
    year = serializers.IntegerField()
    criteria_set = serializers.CharField()
    level = serializers.CharField()
    period = serializers.CharField(allow_null=True, default=None)
    status = serializers.CharField(help_text="draft, submitted, …, approved")
    status_changed_at = serializers.DateTimeField(allow_null=True)
    criteria_met_self_assessment = serializers.IntegerField()
    criteria_met_appraisal = serializers.IntegerField(allow_null=True, read_only=True)
    criteria_total = serializers.IntegerField()
    level_reached = serializers.BooleanField()
    values = IndicatorRowSerializer(many=True, read_only=True)


class RecognitionSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = RecognitionModel
        fields = [
            "id",
            "unit",
            "level",
            "recognised_year",
            "before_year",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "revoked_on",
            "revocation_number",
            "verified",
            "recorded_at",
        ]


class CriterionRefSerializer(serializers.ModelSerializer):
    criteria_set = serializers.CharField(source="criteria_set.code")

    class Meta:
        model = Criterion
        fields = ["id", "criteria_set", "number", "name"]


class WorkSerializer(serializers.ModelSerializer):
    commune = UnitRefSerializer(read_only=True)
    latest_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, read_only=True)
    latest_disbursed = serializers.IntegerField(allow_null=True, read_only=True)
    latest_date = serializers.DateField(allow_null=True, read_only=True)
    criteria = CriterionRefSerializer(many=True, read_only=True)

    class Meta:
        model = Work
        fields = [
            "id",
            "commune",
            "village",
            "code",
            "name",
            "category",
            "status",
            "total_investment",
            "total_investment_qualifier",
            "planned_start_year",
            "planned_start_quarter",
            "planned_end_year",
            "planned_end_quarter",
            "place",
            "latest_percent",
            "latest_disbursed",
            "latest_date",
            "criteria",
            "updated_at",
        ]


class TaskSerializer(serializers.ModelSerializer):
    commune = UnitRefSerializer(read_only=True)

    class Meta:
        model = QuarterlyTask
        fields = [
            "id",
            "commune",
            "year",
            "quarter",
            "position",
            "text",
            "amount",
            "amount_qualifier",
            "work",
            "responsible",
            "status",
            "due_date",
            "done_date",
            "updated_at",
        ]


class SourceMoneySerializer(serializers.Serializer):
    source = serializers.CharField()
    name = serializers.CharField()
    planned = serializers.IntegerField()
    mobilised = serializers.IntegerField()
    disbursed = serializers.IntegerField()


class MoneySerializer(serializers.Serializer):
    """Money of one commune in one year, in đồng: planned, mobilised and disbursed, in all and by source."""

    commune = serializers.IntegerField(source="commune_id")
    commune_code = serializers.CharField(source="commune__code")
    commune_name = serializers.CharField(source="commune__name")
    year = serializers.IntegerField()
    planned = serializers.IntegerField()
    mobilised = serializers.IntegerField()
    disbursed = serializers.IntegerField()
    last_change = serializers.DateTimeField()
    sources = SourceMoneySerializer(many=True)


class IssuedDocumentSerializer(serializers.ModelSerializer):
    commune = UnitRefSerializer(source="document.commune", read_only=True)
    year = serializers.IntegerField(source="document.year")
    number = serializers.CharField(source="document.number")
    symbol = serializers.CharField(source="document.symbol")
    title = serializers.CharField(source="document.title")
    issued_on = serializers.DateField(source="document.issued_on", allow_null=True)
    signer_name = serializers.CharField(source="document.signer_name")
    download = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = [
            "id",
            "commune",
            "year",
            "number",
            "symbol",
            "title",
            "issued_on",
            "signer_name",
            "version",
            "issued_at",
            "sha256",
            "size_bytes",
            "download",
        ]

    def get_download(self, issued) -> str:
        """The PDF byte for byte as issued (with a session; its SHA-256 is checked before it is sent)."""
        return self.context["request"].build_absolute_uri(reverse("reports:issued_download", args=[issued.pk]))


class AreaSummarySerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    levels = serializers.JSONField(help_text="level code → {met, own, total, appraised}")

    class Meta:
        model = AreaSummary
        fields = [
            "id",
            "unit",
            "year",
            "name",
            "levels",
            "recognised",
            "works_total",
            "works_late",
            "works_on_track",
            "planned",
            "mobilised",
            "mobilised_share",
            "last_update",
            "refreshed_at",
        ]


class ExportHeadSerializer(serializers.Serializer):
    commune = serializers.IntegerField()
    commune_code = serializers.CharField(allow_blank=True)
    commune_name = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.CharField(allow_null=True)
    criteria_set = serializers.CharField()
    criteria_set_name = serializers.CharField()
    assessment_status = serializers.CharField()


class ExportRowSerializer(ExportHeadSerializer, IndicatorRowSerializer):
    """One line of the national export: a commune's indicator in a year, with the set and the period named."""
