"""The area summary against the apps' own rules, after random writes of every kind through the services.

Each run makes a seeded random sequence of writes (values, ratios, yes/no and overrides, submissions, appraisals,
approvals and reopenings, criteria-set edits, works and their progress, money lines, recognitions, and once a
merge), then compares every row of the summary with what `criteria.evaluation`, `funding.summary`, the works
QuerySet and the audit log say from scratch (docs/adr/0066). Nothing is refreshed by hand: the services keep it.
"""

import contextlib
import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from audit.models import AuditEntry
from criteria.evaluation import evaluate_many, latest_per_level
from criteria.models import Assessment, AssessmentStatus, Comparator, Indicator, IndicatorUnit, Recognition, SetLevel
from criteria.recognitions import recognition_record, recognition_revoke
from criteria.review import assessment_transition, indicator_appraisal_save, missing_values
from criteria.services import assessment_create, criterion_upsert, indicator_save, indicator_value_save
from criteria.tests.builders import small_set
from funding.models import FundingSource, MoneyLine, SourceKind, Stage
from funding.services import money_line_create, money_line_delete, money_line_update
from funding.summary import build_year_summaries
from ops.services import unit_create
from ops.unit_changes import NewUnit, unit_change_apply
from projects.models import OPEN_WORK_STATUSES, Work, WorkStatus
from projects.progress import progress_record
from projects.services import task_create, work_create, work_update
from reports.models import AreaSummary
from units.models import AdministrativeUnit, ChangeKind, Kind, Level
from units.reporting import counting_for, name_in, year_scope

pytestmark = pytest.mark.django_db

YEARS = (2023, 2024, 2025, 2026)
MERGE_DAY = datetime.date(2025, 7, 1)
LEVELS = (SetLevel.XA_NTM, SetLevel.XA_NTM_NANG_CAO, SetLevel.XA_NTM_KIEU_MAU)


class World:
    """Three communes of Quảng Xương with two criteria sets (and a newer version of one), a source, and the
    random writes the services allow; a write they refuse (a ValidationError) leaves nothing, as they promise."""

    def __init__(self, rng: random.Random, district, office):
        self.rng, self.district, self.office = rng, district, office
        self.communes = [unit_create(level=Level.COMMUNE, name=f"Xã ngẫu nhiên {n}", parent=district) for n in "ABC"]
        self.sets = [
            small_set("EQ-NTM", SetLevel.XA_NTM, 4),
            small_set("EQ-NTM-2", SetLevel.XA_NTM, 3),  # two sets of one level: the newest assessment counts
            small_set("EQ-NC", SetLevel.XA_NTM_NANG_CAO, 3),
        ]
        self.source = FundingSource.objects.create(code="eq", name="Ngân sách thử", kind=SourceKind.BUDGET)
        self.merged = None
        self.today = timezone.localdate()

    def pick(self, queryset):
        found = list(queryset)
        return self.rng.choice(found) if found else None

    def run(self, steps: int) -> None:
        writes = [
            self.assess,
            self.value,
            self.value,
            self.value,
            self.submit,
            self.appraise,
            self.appraise,
            self.approve,
            self.reopen,
            self.edit_set,
            self.work,
            self.update_work,
            self.progress,
            self.task,
            self.money,
            self.money,
            self.update_money,
            self.delete_money,
            self.recognise,
            self.revoke,
        ]
        merge_at = self.rng.randint(steps // 3, 2 * steps // 3)
        for step in range(steps):
            if step == merge_at:
                self.merge()
            with contextlib.suppress(ValidationError):
                self.rng.choice(writes)()

    # --- criteria

    def assess(self):
        unit = self.rng.choice(self.communes + ([self.merged] if self.merged else []))
        assessment_create(user=None, unit=unit, year=self.rng.choice(YEARS), criteria_set=self.rng.choice(self.sets))

    def open_assessment(self):
        return self.pick(Assessment.objects.filter(status__in=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED]))

    def value(self, assessment=None, indicator=None):
        assessment = assessment or self.open_assessment()
        if assessment is None:
            return
        indicator = indicator or self.pick(Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set))
        if indicator is None:
            return
        rng, figures = self.rng, {}
        if indicator.unit == IndicatorUnit.TEXT:
            figures["value_text"] = "Đã có"
        elif indicator.comparator == Comparator.YES:
            figures["value_bool"] = rng.choice([True, False])
        elif indicator.unit == IndicatorUnit.PERCENT and rng.random() < 0.5:
            figures["denominator"] = rng.randint(1, 500)
            figures["numerator"] = rng.randint(0, figures["denominator"])
        else:
            figures["value_number"] = Decimal(rng.choice(["2", "3", "5", "6", "44", "47", "48", "59.99", "60", "61"]))
        if rng.random() < 0.15:
            figures |= {"override_verdict": rng.choice(["met", "not_met"]), "override_reason": "Điều chỉnh thử"}
        indicator_value_save(user=None, assessment=assessment, indicator=indicator, **figures)

    def submit(self):
        assessment = self.open_assessment()
        if assessment is None:
            return
        for indicator in missing_values(assessment):
            self.value(assessment, indicator)
        action = "resubmit" if assessment.status == AssessmentStatus.RETURNED else "submit"
        assessment_transition(user=self.office, assessment=assessment, action=action)
        assessment_transition(user=self.office, assessment=assessment, action="take_up")

    def appraise(self):
        assessment = self.pick(Assessment.objects.filter(status=AssessmentStatus.UNDER_APPRAISAL))
        if assessment is None:
            return
        indicator = self.pick(Indicator.objects.filter(criterion__criteria_set=assessment.criteria_set))
        roll, figures = self.rng.random(), {}
        if roll < 0.25:
            figures["verdict"] = self.rng.choice(["met", "not_met"])
        elif roll < 0.4:
            figures = {}  # nothing: the appraisal of the indicator is removed
        elif indicator.comparator == Comparator.YES:
            figures["value_bool"] = self.rng.choice([True, False])
        else:
            figures["value_number"] = Decimal(self.rng.choice([3, 5, 47, 48, 60, 61]))
        note = self.rng.choice(["", "Đã đối chiếu"])
        indicator_appraisal_save(user=self.office, assessment=assessment, indicator=indicator, note=note, **figures)

    def approve(self):
        assessment = self.pick(Assessment.objects.filter(status=AssessmentStatus.UNDER_APPRAISAL))
        if assessment is not None:
            assessment_transition(user=self.office, assessment=assessment, action="approve")

    def reopen(self):
        assessment = self.pick(Assessment.objects.filter(status=AssessmentStatus.APPROVED))
        if assessment is not None:
            assessment_transition(user=self.office, assessment=assessment, action="reopen", reason="Mở lại để sửa")

    def edit_set(self):
        criteria_set = self.rng.choice(self.sets)
        if self.rng.random() < 0.3:  # a criterion more (without indicators: never met), or one renamed
            number = self.rng.randint(1, criteria_set.criteria.count() + 1)
            criterion_upsert(user=None, criteria_set=criteria_set, number=number, name=f"Tiêu chí {number} (sửa)")
            return
        indicator = self.pick(
            Indicator.objects.filter(
                criterion__criteria_set=criteria_set, comparator__in=[Comparator.GTE, Comparator.LTE, Comparator.EQ]
            )
        )
        if indicator is None:
            return
        indicator.target_value = Decimal(self.rng.choice([3, 5, 45, 48, 60]))
        targets = [(2024, Decimal(self.rng.choice([44, 47, 50])), True)] if self.rng.random() < 0.4 else None
        indicator_save(user=None, indicator=indicator, year_targets=targets)

    # --- works

    def work(self):
        rng = self.rng
        start = rng.choice([2022, *YEARS])
        work_create(
            user=None,
            commune=rng.choice(self.communes + ([self.merged] if self.merged else [])),
            code=f"EQ-{rng.randint(1, 10**6)}",
            name="Công trình thử",
            category="road",
            total_investment=rng.randint(1, 9) * 10**8,
            planned_start_year=start,
            planned_end_year=None if rng.random() < 0.1 else start + rng.randint(0, 2),
            planned_end_quarter=rng.choice([None, 1, 2, 3, 4]),
            status=rng.choice(WorkStatus.values),
        )

    def update_work(self):
        work = self.pick(Work.objects.all())
        if work is None:
            return
        changes = {"status": self.rng.choice(WorkStatus.values)}
        if self.rng.random() < 0.5:
            changes["planned_end_year"] = work.planned_start_year + self.rng.randint(0, 3)
            changes["planned_end_quarter"] = self.rng.choice([None, 1, 4])
        work_update(user=None, work=work, expected_version=work.version, **changes)

    def progress(self):
        work = self.pick(Work.objects.all())
        if work is not None:
            day = self.today - datetime.timedelta(days=self.rng.randint(0, 30))
            progress_record(user=None, work=work, date=day, physical_percent=Decimal(50), reason="Cập nhật thử")

    def task(self):
        task_create(
            user=None, commune=self.rng.choice(self.communes), year=self.rng.choice(YEARS), quarter=2, text="Việc"
        )

    # --- money

    def money(self):
        rng = self.rng
        commune = rng.choice(self.communes + ([self.merged] if self.merged else []))
        work = self.pick(Work.objects.filter(commune=commune)) if rng.random() < 0.4 else None
        money_line_create(
            user=None,
            commune=commune,
            year=rng.choice(YEARS),
            source=self.source,
            amount=rng.randint(1, 50) * 10**7,
            stage=rng.choice(Stage.values),
            work=work,
        )

    def update_money(self):
        line = self.pick(MoneyLine.objects.all())
        if line is not None:
            money_line_update(user=None, line=line, year=self.rng.choice(YEARS), amount=self.rng.randint(1, 50) * 10**7)

    def delete_money(self):
        line = self.pick(MoneyLine.objects.all())
        if line is not None and self.rng.random() < 0.5:
            money_line_delete(user=None, line=line)

    # --- recognitions and the merge

    def recognise(self):
        rng = self.rng
        day = datetime.date(rng.randint(2019, 2026), rng.randint(1, 12), 1)
        recognition_record(user=None, unit=rng.choice(self.communes), level=rng.choice(LEVELS), decision_date=day)

    def revoke(self):
        recognition = self.pick(Recognition.objects.active())
        if recognition is not None:
            day = datetime.date(self.rng.randint(2023, 2026), 6, 30)
            recognition_revoke(user=None, recognition=recognition, revoked_on=day, reason="Thu hồi thử")

    def merge(self):
        """A and B merge into a new commune on 1 July 2025: its rows of 2025 on count their works, money and
        updates, never their criteria or recognitions."""
        change = unit_change_apply(
            kind=ChangeKind.MERGE,
            effective_on=MERGE_DAY,
            predecessors=self.communes[:2],
            successors=[NewUnit(level=Level.COMMUNE, name="Xã hợp nhất", parent=self.district, kind=Kind.COMMUNE)],
        )
        self.merged = change.successors.get()


def expected(row: AreaSummary, today: datetime.date) -> dict:
    """The row's figures as the apps' own rules give them, from scratch."""
    unit, year = row.unit, row.year
    units = counting_for(unit, year)
    assessments = Assessment.objects.filter(unit=unit, year=year, criteria_set__scope="commune")
    results = evaluate_many(latest_per_level(assessments.select_related("unit", "criteria_set")))
    money = build_year_summaries(year_scope(unit, year))[0]
    works = Work.objects.filter(commune__in=units).reported_in(year)
    late = works.late(today)
    waiting = [w for w in works.filter(status__in=OPEN_WORK_STATUSES, planned_end_year__isnull=False) if w not in late]
    changes = AuditEntry.objects.filter(commune__in=units).exclude(content_type__app_label="units")
    return {
        "name": name_in(unit, year),
        "levels": {
            result.criteria_set.level: {
                "met": result.counted.met_count,
                "own": result.met_count,
                "total": result.total,
                "appraised": result.appraisal is not None,
            }
            for result in results
        },
        "recognised": sorted(Recognition.objects.held_by(unit, year).values_list("level", flat=True)),
        "works_total": works.count(),
        "works_late": late.count(),
        # the day after the planned end quarter (of the year when none) of the first open work not yet late
        "late_until": min(
            (_day_after_quarter(w.planned_end_year, w.planned_end_quarter or 4) for w in waiting), default=None
        ),
        "planned": money.planned,
        "mobilised": money.total,
        "last_update": changes.aggregate(last=Max("at"))["last"],
        "carries": sorted(member.pk for member in units[1:]),
    }


def _day_after_quarter(year: int, quarter: int) -> datetime.date:
    return datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)


def stored(row: AreaSummary) -> dict:
    return {
        "name": row.name,
        "levels": row.levels,
        "recognised": sorted(row.recognised.split()),
        "works_total": row.works_total,
        "works_late": row.works_late,
        "late_until": row.late_until,
        "planned": row.planned,
        "mobilised": row.mobilised,
        "last_update": row.last_update,
        "carries": sorted(int(pk) for pk in row.carries.split()),
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_the_summary_kept_by_the_services_equals_the_rules_after_random_writes(quang_xuong, office, seed):
    world = World(random.Random(seed), quang_xuong, office)
    world.run(120)
    today = timezone.localdate()
    rows = list(AreaSummary.objects.select_related("unit").order_by("unit_id", "year"))
    compared = 0
    for row in rows:
        assert row.unit.existed_in(row.year), f"{row}: a row for a year that does not list the commune"
        assert stored(row) == expected(row, today), f"seed {seed}: {row}"
        compared += 1
    # What was compared is not empty, nor trivially zero.
    assert compared >= 6
    assert any(row.levels for row in rows) and any(row.works_total for row in rows)
    assert any(row.planned or row.mobilised for row in rows) and any(row.last_update for row in rows)
    # Every commune and year with an assessment or a money line the services wrote has its row.
    written = {*Assessment.objects.values_list("unit_id", "year"), *MoneyLine.objects.values_list("commune_id", "year")}
    listed = {
        (unit.pk, year) for unit in AdministrativeUnit.objects.communes() for year in YEARS if unit.existed_in(year)
    }
    assert (written & listed) <= {(row.unit_id, row.year) for row in rows}


def test_the_random_writes_reach_every_kind_of_figure(quang_xuong, office):
    """The sequences above do exercise what they claim: appraisals, approvals, a merged commune's row counting its
    predecessors' records, recognitions, late works."""
    world = World(random.Random(8), quang_xuong, office)
    world.run(150)
    rows = AreaSummary.objects.all()
    assert any(count["appraised"] for row in rows for count in row.levels.values())
    assert rows.exclude(carries="").exists() and world.merged is not None
    assert rows.exclude(recognised="").exists()
    assert rows.filter(works_late__gt=0).exists()
    for model in ("indicator", "criterion", "moneyline", "recognition"):  # set edits, money changes, revocations
        assert AuditEntry.objects.filter(content_type__model=model, action="update").exists(), model
    assert Assessment.objects.filter(status=AssessmentStatus.APPROVED).exists() or any(
        step.action == "reopen" for assessment in Assessment.objects.all() for step in assessment.transitions.all()
    )
