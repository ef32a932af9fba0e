"""Programme periods, the 2026–2030 set of Quyết định 51/2025/QĐ-TTg, commune groups and the set in force."""

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from audit.models import AuditEntry
from criteria import seed
from criteria.evaluation import evaluate
from criteria.in_force import NoSetInForce, set_in_force
from criteria.models import (
    Assessment,
    CommuneGroup,
    CriteriaSet,
    Indicator,
    ProgrammePeriod,
    SetBasis,
    SetLevel,
    UnitCommuneGroup,
)
from criteria.services import assessment_create, commune_group_set
from ops import seed as units_seed
from ops.services import unit_create
from units.models import AdministrativeUnit, Level

from .conftest import make_set

ANNEX_1 = [
    "Quy hoạch",
    "Hạ tầng kinh tế - xã hội",
    "Phát triển kinh tế nông thôn",
    "Đào tạo nguồn nhân lực nông thôn",
    "Văn hóa, giáo dục, y tế",
    "Giảm nghèo và an sinh xã hội",
    "Khoa học công nghệ và chuyển đổi số",
    "Môi trường và cảnh quan nông thôn",
    "Xây dựng hệ thống chính trị và hành chính công",
    "Tiếp cận pháp luật và an ninh, quốc phòng",
]


@pytest.fixture
def seeded(db):
    units_seed.load(demo_accounts=False)
    seed.load(demo_accounts=False)


@pytest.fixture
def seeded_units(seeded):
    """The seeded units by name; a name used before and after 2025 (xã Quảng Ninh) gives today's unit."""
    units = AdministrativeUnit.objects.order_by(F("dissolved_on").asc(nulls_last=True))
    return {unit.name: unit for unit in units}


@pytest.fixture
def quang_ninh(seeded_units):
    """xã Quảng Ninh since 1/7/2025 (Quảng Nhân + Quảng Hải + the old Quảng Ninh)."""
    unit = seeded_units["Quảng Ninh"]
    assert unit.dissolved_on is None
    return unit


@pytest.fixture
def period_2026_2030(seeded):
    return ProgrammePeriod.objects.get(code="2026-2030")


def group_of(unit, group, period, **decision):
    return commune_group_set(user=None, unit=unit, period=period, group=group, **decision)


# --- periods ------------------------------------------------------------------------------------------


def test_a_year_belongs_to_one_period(seeded):
    assert ProgrammePeriod.objects.of_year(2024).code == "2021-2025"
    assert ProgrammePeriod.objects.of_year(2025).code == "2021-2025"
    assert ProgrammePeriod.objects.of_year(2026).code == "2026-2030"
    assert ProgrammePeriod.objects.of_year(2030).code == "2026-2030"
    assert ProgrammePeriod.objects.of_year(2031) is None
    assert ProgrammePeriod.objects.of_year(2020) is None


def test_an_overlapping_period_is_refused_in_vietnamese(seeded):
    clash = ProgrammePeriod(
        code="2030-2035",
        name="Giai đoạn thử",
        first_year=2030,
        last_year=2035,
        programme_name="Chương trình thử",
        plan_name="chương trình thử",
        set_basis=SetBasis.COMMUNE_GROUP,
    )
    with pytest.raises(ValidationError) as raised:
        clash.full_clean()
    message = raised.value.message_dict[NON_FIELD_ERRORS][0]
    assert "trùng năm với giai đoạn" in message and "2026–2030" in message
    clash.first_year = 2031
    clash.full_clean()  # the next period, after 2030, is accepted


def test_a_period_ending_before_it_begins_is_refused(db):
    period = ProgrammePeriod(
        code="2030-2026",
        name="Giai đoạn thử",
        first_year=2030,
        last_year=2026,
        programme_name="Chương trình thử",
        plan_name="chương trình thử",
        set_basis=SetBasis.REGION,
    )
    with pytest.raises(ValidationError, match="Năm cuối của giai đoạn phải sau"):
        period.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        period.save()


def test_the_seed_ships_both_periods_with_their_legal_acts(seeded):
    previous = ProgrammePeriod.objects.get(code="2021-2025")
    assert (previous.set_basis, previous.plan_name) == (
        SetBasis.REGION,
        "các chương trình mục tiêu quốc gia xây dựng NTM",
    )
    assert [(a.number, a.date, a.issuer) for a in previous.acts.all()] == [
        ("263/QĐ-TTg", datetime.date(2022, 2, 22), "Thủ tướng Chính phủ")
    ]
    current = ProgrammePeriod.objects.get(code="2026-2030")
    assert current.set_basis == SetBasis.COMMUNE_GROUP
    assert current.programme_name.startswith("Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền")
    assert current.programme_name.endswith("vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026 - 2035")
    assert [(a.kind, a.number, a.date, a.issuer) for a in current.acts.all()] == [
        ("Nghị quyết", "257/2025/QH15", datetime.date(2025, 12, 11), "Quốc hội"),
        ("Nghị quyết", "424/NQ-CP", datetime.date(2025, 12, 30), "Chính phủ"),
        ("Quyết định", "417/QĐ-BNNMT", datetime.date(2026, 1, 31), "Bộ Nông nghiệp và Môi trường"),
    ]
    assert current.acts.first().citation == "Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội"
    assert not current.acts.exclude(subject="").exists()  # subjects not read: never paraphrased


def test_the_sets_of_2021_2025_belong_to_that_period_and_thanh_hoas_to_the_province(seeded):
    sets = CriteriaSet.objects.exclude(code__startswith="QD51")
    assert set(sets.values_list("period__code", flat=True)) == {"2021-2025"}
    provincial = set(sets.filter(province__code="38").values_list("code", flat=True))
    assert provincial == {"QD32-2022-TH", "QD33-2022-TH", "QD26-2024-TH", "TH-THON-KM"}


def test_the_migration_gives_sets_loaded_before_periods_existed_their_period_and_province(seeded):
    link_sets = __import__(
        "criteria.migrations.0006_the_2021_2025_period_of_the_known_sets", fromlist=["link_sets"]
    ).link_sets
    CriteriaSet.objects.update(period=None, province=None)
    link_sets(apps, None)
    assert CriteriaSet.objects.get(code="QD32-2022-TH").period.code == "2021-2025"
    assert CriteriaSet.objects.get(code="QD32-2022-TH").province.code == "38"
    assert CriteriaSet.objects.get(code="QD318-NTM").province is None
    assert not CriteriaSet.objects.filter(code__startswith="QD51", period__isnull=False).exists()  # not its own


# --- the set of Quyết định 51/2025/QĐ-TTg -----------------------------------------------------------------


def test_annex_one_is_shipped_once_per_commune_group_with_exactly_its_ten_criteria(seeded):
    annex_1 = CriteriaSet.objects.filter(period__code="2026-2030", level=SetLevel.XA_NTM).order_by("commune_group")
    assert [s.commune_group for s in annex_1] == ["1", "2", "3"]
    for criteria_set in annex_1:
        assert list(criteria_set.criteria.values_list("name", flat=True)) == ANNEX_1
        assert list(criteria_set.criteria.values_list("number", flat=True)) == list(range(1, 11))
        assert (criteria_set.legal_number, criteria_set.legal_date, criteria_set.issuer) == (
            "51/2025/QĐ-TTg",
            datetime.date(2025, 12, 29),
            "Thủ tướng Chính phủ",
        )
        assert (criteria_set.valid_from, criteria_set.valid_to) == (
            datetime.date(2026, 2, 15),
            datetime.date(2030, 12, 31),
        )
        assert criteria_set.legal_verified is False
        assert criteria_set.province is None and criteria_set.region == ""


def test_the_47_indicators_are_not_invented_each_criterion_says_it_awaits_the_official_table(seeded):
    assert not Indicator.objects.filter(criterion__criteria_set__code__startswith="QD51").exists()
    for criterion in CriteriaSet.objects.get(code="QD51-XA-NTM-N2").criteria.all():
        assert "chờ bảng chính thức" in criterion.note and "Chưa đối chiếu văn bản gốc" in criterion.note


def test_annex_two_is_a_level_with_an_empty_unverified_shell(seeded):
    pilot = CriteriaSet.objects.get(level=SetLevel.XA_NTM_HIEN_DAI)
    assert pilot.code == "QD51-XA-NTM-HIEN-DAI" and pilot.period.code == "2026-2030"
    assert (pilot.legal_number, pilot.legal_verified, pilot.criteria.count()) == ("51/2025/QĐ-TTg", False, 0)
    assert "Phụ lục II" in pilot.name
    assert SetLevel(pilot.level).label == "Xã nông thôn mới hiện đại (thí điểm)"


def test_a_second_seed_leaves_the_periods_and_sets_as_they_are(seeded):
    ProgrammePeriod.objects.filter(code="2026-2030").update(note="Sửa trên cổng")
    counts = (ProgrammePeriod.objects.count(), CriteriaSet.objects.count())
    seed.load(demo_accounts=False)
    assert (ProgrammePeriod.objects.count(), CriteriaSet.objects.count()) == counts
    assert ProgrammePeriod.objects.get(code="2026-2030").note == "Sửa trên cổng"


def test_a_set_is_held_to_its_period(seeded):
    criteria_set = CriteriaSet.objects.get(code="QD51-XA-NTM-N1")
    criteria_set.region = "BTB"
    with pytest.raises(ValidationError, match="phân chỉ tiêu theo nhóm xã, không theo vùng"):
        criteria_set.full_clean()
    old = CriteriaSet.objects.get(code="QD318-NTM")
    old.commune_group = CommuneGroup.GROUP_1
    with pytest.raises(ValidationError, match="phân chỉ tiêu theo vùng, không theo nhóm xã"):
        old.full_clean()


# --- commune groups -----------------------------------------------------------------------------------


def test_a_commune_gets_its_group_for_a_period_with_the_decision_audited(quang_ninh, period_2026_2030):
    record = group_of(
        quang_ninh,
        CommuneGroup.GROUP_2,
        period_2026_2030,
        decision_number="123/QĐ-UBND",
        decision_date=datetime.date(2026, 3, 1),
        decision_issuer="UBND tỉnh Thanh Hóa",
    )
    assert (record.group, record.not_assessed, record.decision_number) == ("2", False, "123/QĐ-UBND")
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    assert entries.get(action=AuditEntry.Action.CREATE).commune_id == quang_ninh.pk
    corrected = commune_group_set(
        user=None, unit=quang_ninh, period=period_2026_2030, group=CommuneGroup.GROUP_3, record=record
    )
    assert corrected.group == "3" and UnitCommuneGroup.objects.count() == 1
    assert entries.get(action=AuditEntry.Action.UPDATE).changes


def test_two_groups_for_one_unit_and_period_are_refused_in_vietnamese(quang_ninh, period_2026_2030):
    group_of(quang_ninh, CommuneGroup.GROUP_2, period_2026_2030)
    with pytest.raises(ValidationError, match="một đơn vị chỉ có một nhóm trong một giai đoạn"):
        group_of(quang_ninh, CommuneGroup.GROUP_1, period_2026_2030)
    second = UnitCommuneGroup(unit=quang_ninh, period=period_2026_2030, group=CommuneGroup.GROUP_1)
    with pytest.raises(ValidationError) as raised:
        second.full_clean()
    assert "chỉ có một nhóm trong một giai đoạn" in raised.value.message_dict[NON_FIELD_ERRORS][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()  # the database holds the rule too
    assert UnitCommuneGroup.objects.get().group == "2"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"group": ""}, "Chọn nhóm xã, hoặc đánh dấu"),
        ({"group": "2", "not_assessed": True}, "không thuộc diện đánh giá NTM thì không xếp nhóm"),
    ],
)
def test_a_group_record_needs_a_group_or_not_assessed_not_both(quang_ninh, period_2026_2030, values, message):
    with pytest.raises(ValidationError, match=message):
        commune_group_set(user=None, unit=quang_ninh, period=period_2026_2030, **values)
    assert not UnitCommuneGroup.objects.exists()


def test_only_communes_get_a_group_and_only_in_a_period_of_groups(seeded_units, period_2026_2030):
    with pytest.raises(ValidationError, match="Chỉ đơn vị cấp xã"):
        group_of(seeded_units["Thôn 5"], CommuneGroup.GROUP_2, period_2026_2030)
    previous = ProgrammePeriod.objects.get(code="2021-2025")
    with pytest.raises(ValidationError, match="áp dụng chỉ tiêu theo vùng, không theo nhóm xã"):
        group_of(seeded_units["Quảng Hải"], CommuneGroup.GROUP_2, previous)
    # "not assessed" is a fact of any period
    commune_group_set(user=None, unit=seeded_units["Quảng Hải"], period=previous, not_assessed=True)


def test_the_database_refuses_a_group_together_with_not_assessed(quang_ninh, period_2026_2030):
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitCommuneGroup.objects.create(unit=quang_ninh, period=period_2026_2030, group="2", not_assessed=True)


# --- the set in force ---------------------------------------------------------------------------------


def test_2021_2025_chooses_thanh_hoas_set_for_its_region_before_the_national_one(seeded_units):
    quang_giao, thon_5 = seeded_units["Quảng Giao"], seeded_units["Thôn 5"]
    assert set_in_force(unit=quang_giao, year=2024, level=SetLevel.XA_NTM).code == "QD32-2022-TH"
    # QD26/2024 has no known start date: the set whose start is known (33/2022) stays in force
    assert set_in_force(unit=quang_giao, year=2024, level=SetLevel.XA_NTM_NANG_CAO).code == "QD33-2022-TH"
    assert set_in_force(unit=quang_giao, year=2023, level=SetLevel.XA_NTM_KIEU_MAU).code == "QD319-XA-KM"
    assert set_in_force(unit=thon_5, year=2024, level=SetLevel.THON_NTM_KIEU_MAU).code == "TH-THON-KM"


def test_a_commune_of_another_province_gets_the_national_set_of_its_region(seeded):
    province = unit_create(level=Level.PROVINCE, name="Tỉnh thử nghiệm (dữ liệu kiểm thử)")
    commune = unit_create(level=Level.COMMUNE, name="Xã thử", parent=province, region="BTB")
    assert set_in_force(unit=commune, year=2024, level=SetLevel.XA_NTM).code == "QD318-NTM"
    no_region = unit_create(level=Level.COMMUNE, name="Xã chưa ghi vùng", parent=province)
    with pytest.raises(NoSetInForce, match="Chưa ghi vùng kinh tế - xã hội của xã Xã chưa ghi vùng"):
        set_in_force(unit=no_region, year=2024, level=SetLevel.XA_NTM)


def test_2026_chooses_the_set_of_the_communes_group(seeded_units, quang_ninh, period_2026_2030):
    nam_sam_son = seeded_units["Nam Sầm Sơn"]
    with pytest.raises(NoSetInForce, match="Xã Quảng Ninh chưa được xếp nhóm xã cho giai đoạn 2026–2030"):
        set_in_force(unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)
    # whether a ward is assessed is not known: nothing is assumed, it is asked for like any commune
    with pytest.raises(NoSetInForce, match="Phường Nam Sầm Sơn chưa được xếp nhóm xã"):
        set_in_force(unit=nam_sam_son, year=2026, level=SetLevel.XA_NTM)
    group_of(quang_ninh, CommuneGroup.GROUP_2, period_2026_2030)
    group_of(nam_sam_son, CommuneGroup.GROUP_1, period_2026_2030)  # a test's classification, not a decision
    assert set_in_force(unit=quang_ninh, year=2026, level=SetLevel.XA_NTM).code == "QD51-XA-NTM-N2"
    assert set_in_force(unit=nam_sam_son, year=2030, level=SetLevel.XA_NTM).code == "QD51-XA-NTM-N1"
    # the national 2026–2030 criteria have no "nâng cao" level and no village set
    with pytest.raises(NoSetInForce, match="Chưa có bộ tiêu chí “Xã nông thôn mới nâng cao”"):
        set_in_force(unit=quang_ninh, year=2026, level=SetLevel.XA_NTM_NANG_CAO)
    village = unit_create(level=Level.VILLAGE, name="Thôn thử (dữ liệu kiểm thử)", parent=quang_ninh)
    with pytest.raises(NoSetInForce, match="Chưa có bộ tiêu chí “Thôn nông thôn mới kiểu mẫu”"):
        set_in_force(unit=village, year=2026, level=SetLevel.THON_NTM_KIEU_MAU)
    # the pilot framework exists, but its content is not loaded yet
    with pytest.raises(NoSetInForce, match="QD51-XA-NTM-HIEN-DAI chưa có tiêu chí nào"):
        set_in_force(unit=quang_ninh, year=2026, level=SetLevel.XA_NTM_HIEN_DAI)


def test_a_unit_is_assessed_only_for_a_year_it_existed_in(seeded_units, quang_ninh):
    # Quảng Giao merged into phường Nam Sầm Sơn on 1/7/2025: 2025 is its last year, 2026 it has none
    assert set_in_force(unit=seeded_units["Quảng Giao"], year=2025, level=SetLevel.XA_NTM).code == "QD32-2022-TH"
    with pytest.raises(NoSetInForce, match="Xã Quảng Giao đã ngừng hoạt động từ 01/07/2025"):
        set_in_force(unit=seeded_units["Quảng Giao"], year=2026, level=SetLevel.XA_NTM)
    with pytest.raises(NoSetInForce, match="Xã Quảng Giao đã ngừng hoạt động từ 01/07/2025"):
        set_in_force(unit=seeded_units["Thôn 5"], year=2026, level=SetLevel.THON_NTM_KIEU_MAU)
    with pytest.raises(
        NoSetInForce, match="Phường Nam Sầm Sơn hoạt động từ 01/07/2025: chưa lập bản tự đánh giá năm 2024"
    ):
        set_in_force(unit=seeded_units["Nam Sầm Sơn"], year=2024, level=SetLevel.XA_NTM)
    with pytest.raises(ValidationError, match="đã ngừng hoạt động"):
        assessment_create(
            user=None,
            unit=seeded_units["Quảng Hải"],
            year=2026,
            criteria_set=CriteriaSet.objects.get(code="QD51-XA-NTM-N2"),
        )


def test_a_provinces_own_set_for_a_group_comes_before_the_national_one(seeded_units, quang_ninh, period_2026_2030):
    group_of(quang_ninh, CommuneGroup.GROUP_2, period_2026_2030)
    provincial = make_set("TEST-TINH-NHOM-2")  # a test set, not a real decision
    CriteriaSet.objects.filter(pk=provincial.pk).update(
        period=period_2026_2030, province=seeded_units["Thanh Hóa"], commune_group="2"
    )
    assert set_in_force(unit=quang_ninh, year=2027, level=SetLevel.XA_NTM) == provincial


def test_two_sets_alike_are_refused_rather_than_picked(quang_ninh, period_2026_2030):
    group_of(quang_ninh, CommuneGroup.GROUP_2, period_2026_2030)
    twin = make_set("TEST-NHOM-2-BAN-SAO")
    national = CriteriaSet.objects.get(code="QD51-XA-NTM-N2")
    CriteriaSet.objects.filter(pk=twin.pk).update(
        period=period_2026_2030, commune_group="2", valid_from=national.valid_from
    )
    with pytest.raises(NoSetInForce, match=r"Có nhiều bộ tiêu chí .*QD51-XA-NTM-N2, TEST-NHOM-2-BAN-SAO"):
        set_in_force(unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)


def test_a_year_outside_every_period_has_no_set(quang_ninh):
    with pytest.raises(NoSetInForce, match="Năm 2031 chưa thuộc giai đoạn nào của chương trình"):
        set_in_force(unit=quang_ninh, year=2031, level=SetLevel.XA_NTM)


def test_a_unit_not_assessed_in_a_period_gets_no_set_and_no_assessment(seeded_units, quang_ninh, period_2026_2030):
    commune_group_set(
        user=None, unit=quang_ninh, period=period_2026_2030, not_assessed=True, decision_number="45/QĐ-UBND"
    )
    message = "Xã Quảng Ninh không thuộc diện đánh giá nông thôn mới trong giai đoạn 2026–2030 (45/QĐ-UBND)"
    with pytest.raises(NoSetInForce, match=message.replace("(", r"\(").replace(")", r"\)")):
        set_in_force(unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)
    with pytest.raises(ValidationError, match="không thuộc diện đánh giá"):
        assessment_create(user=None, unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)
    with pytest.raises(ValidationError, match="không thuộc diện đánh giá"):
        assessment_create(
            user=None, unit=quang_ninh, year=2026, criteria_set=CriteriaSet.objects.get(code="QD51-XA-NTM-N2")
        )
    # its villages neither
    village = unit_create(level=Level.VILLAGE, name="Thôn thử (dữ liệu kiểm thử)", parent=quang_ninh)
    with pytest.raises(NoSetInForce, match="không thuộc diện đánh giá"):
        set_in_force(unit=village, year=2026, level=SetLevel.THON_NTM_KIEU_MAU)
    # the mark is for 2026–2030 only: for 2025 the rule goes on to the region (not recorded for this new unit)
    with pytest.raises(NoSetInForce, match="Chưa ghi vùng kinh tế - xã hội của xã Quảng Ninh"):
        set_in_force(unit=quang_ninh, year=2025, level=SetLevel.XA_NTM)
    assert not Assessment.objects.filter(year=2026).exists()


def test_an_assessment_for_2026_uses_its_groups_set_and_counts_out_of_ten(quang_ninh, period_2026_2030):
    group_of(quang_ninh, CommuneGroup.GROUP_2, period_2026_2030)
    assessment = assessment_create(user=None, unit=quang_ninh, year=2026, level=SetLevel.XA_NTM)
    assert assessment.criteria_set.code == "QD51-XA-NTM-N2"
    result = evaluate(assessment)
    assert (result.met_count, result.total, result.summary) == (0, 10, "đạt 0/10")
    assert result.level_reached is False
    # and the 2021–2025 set keeps counting out of its own criteria
    old = evaluate(Assessment.objects.get(unit__name="Quảng Giao", year=2023, criteria_set__code="QD32-2022-TH"))
    assert old.total == 19 and old.summary.endswith("/19")


def test_a_set_of_another_period_cannot_assess_the_year(quang_ninh):
    with pytest.raises(ValidationError, match="thuộc giai đoạn 2021–2025, không dùng để đánh giá năm 2026"):
        assessment_create(
            user=None,
            unit=quang_ninh,
            year=2026,
            criteria_set=CriteriaSet.objects.get(code="QD32-2022-TH"),
        )
