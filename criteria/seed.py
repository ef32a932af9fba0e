"""Seed: the shipped criteria sets and Quảng Giao's assessment facts (idempotent)."""

from units.models import AdministrativeUnit, Level

from .in_force import set_in_force
from .loader import LOCAL_FILE, load_local_sets, load_period_sets, load_periods, load_reference_sets, read_yaml
from .models import Assessment, CriteriaSet, Indicator, IndicatorValue, Recognition
from .recognitions import recognition_record
from .services import assessment_create, indicator_value_save

VALUE_FIELDS = ("value_number", "value_bool", "value_text", "numerator", "denominator", "as_of", "source", "note")


def load(*, demo_accounts: bool, stdout=None):
    periods = load_periods()
    loaded = load_reference_sets() + load_local_sets() + load_period_sets()
    created = [criteria_set.code for criteria_set, is_new in loaded if is_new]
    local = read_yaml(LOCAL_FILE)
    for entry in local["assessments"]:
        _load_assessment(entry)
    for entry in local.get("recognitions", []):
        _load_recognition(entry)
    if stdout:
        stdout.write(f"Bộ tiêu chí: {len(periods)} giai đoạn; {len(loaded)} bộ ({len(created)} bộ mới nạp).")


def _load_assessment(entry: dict):
    unit = AdministrativeUnit.objects.get(level=Level.COMMUNE, name=entry["commune"])
    criteria_set = CriteriaSet.objects.get(code=entry["set"])
    assessment = Assessment.objects.filter(unit=unit, year=entry["year"], criteria_set=criteria_set).first()
    if assessment is None:
        # The seed document names the set it used; the rule of criteria.in_force must agree with it.
        in_force = set_in_force(unit=unit, year=entry["year"], level=criteria_set.level)
        if in_force != criteria_set:
            raise ValueError(
                f"Bộ tiêu chí áp dụng cho {unit.full_name} năm {entry['year']} theo quy tắc là {in_force.code}, "
                f"không phải {criteria_set.code} như dữ liệu gốc ghi."
            )
        assessment = assessment_create(user=None, unit=unit, year=entry["year"], level=criteria_set.level)
    for item in entry["values"]:
        indicator = Indicator.objects.get(criterion__criteria_set=criteria_set, code=item["indicator"])
        # A value an official has since corrected is never overwritten by the seed.
        if IndicatorValue.objects.filter(assessment=assessment, indicator=indicator).exists():
            continue
        fields = {key: item[key] for key in VALUE_FIELDS if key in item}
        indicator_value_save(user=None, assessment=assessment, indicator=indicator, **fields)


def _load_recognition(entry: dict):
    """A recognition the data records as a fact; one already recorded for the unit and level (an administrator's
    correction, a later decision) is left alone."""
    unit = AdministrativeUnit.objects.get(level=Level.COMMUNE, name=entry["commune"])
    if Recognition.objects.filter(unit=unit, level=entry["level"]).exists():
        return
    fields = ("decision_number", "decision_date", "decision_issuer", "recognised_year", "before_year", "verified")
    recognition_record(
        user=None,
        unit=unit,
        level=entry["level"],
        note=" ".join(entry.get("note", "").split()),
        **{key: entry[key] for key in fields if key in entry},
    )
