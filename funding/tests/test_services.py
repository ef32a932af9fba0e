"""Line services: validated, atomic and audited; bad input refused with a Vietnamese message."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from funding import services
from funding.models import FundingSource, MoneyLine, SourceKind, Stage

pytestmark = pytest.mark.django_db

TRIEU = 10**6


def create(user, commune, source, **overrides):
    values = {"year": 2023, "source": source, "amount": 800 * TRIEU, "stage": Stage.MOBILISED}
    return services.money_line_create(user=user, commune=commune, **{**values, **overrides})


def test_creating_a_line_records_who_and_what(official, quang_giao, ns_xa):
    line = create(official, quang_giao, ns_xa, note="  Mương Nắc Cửa  ")
    assert line.note == "Mương Nắc Cửa"
    entry = AuditEntry.objects.for_object(line).get()
    assert (entry.user, entry.commune, entry.action) == (official, quang_giao, AuditEntry.Action.CREATE)
    assert entry.changes["amount"] == [None, 800 * TRIEU]


def test_updating_keeps_the_old_value_in_the_audit(official, quang_giao, ns_xa):
    line = create(official, quang_giao, ns_xa)
    services.money_line_update(user=official, line=line, amount=624 * TRIEU, quarter=3)
    entry = AuditEntry.objects.for_object(line).get(action=AuditEntry.Action.UPDATE)
    assert entry.changes["amount"] == [800 * TRIEU, 624 * TRIEU]
    assert entry.changes["quarter"] == [None, 3]


def test_updating_an_unknown_field_is_a_programming_error(official, quang_giao, ns_xa):
    line = create(official, quang_giao, ns_xa)
    with pytest.raises(TypeError):
        services.money_line_update(user=official, line=line, commune=None)


def test_deleting_is_audited(official, quang_giao, ns_xa):
    line = create(official, quang_giao, ns_xa)
    entries = AuditEntry.objects.for_object(line)
    services.money_line_delete(user=official, line=line)
    assert not MoneyLine.objects.exists()
    assert entries.filter(action=AuditEntry.Action.DELETE).exists()


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"amount": -1}, "amount"),
        ({"amount": 10**15 + 1}, "amount"),
        ({"quarter": 5}, "quarter"),
        ({"quarter": 0}, "quarter"),
        ({"year": 1999}, "year"),
        ({"stage": "approved"}, "stage"),
        ({"labour_days": 10}, "labour_days"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(overrides, field, official, quang_giao, ns_xa):
    with pytest.raises(ValidationError) as error:
        create(official, quang_giao, ns_xa, **overrides)
    assert field in error.value.message_dict
    assert not MoneyLine.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="moneyline").exists()


def test_a_work_of_another_commune_is_refused(official, quang_giao, quang_hai, ns_xa, make_work):
    foreign = make_work("Đường xã bên", commune=quang_hai)
    with pytest.raises(ValidationError) as error:
        create(official, quang_giao, ns_xa, work=foreign)
    assert "thuộc xã khác" in error.value.message_dict["work"][0]
    assert not MoneyLine.objects.exists()


def test_a_line_belongs_to_a_commune_not_a_district_or_village(official, quang_xuong, thon_5, ns_xa):
    for unit in (quang_xuong, thon_5):
        with pytest.raises(ValidationError) as error:
            create(official, unit, ns_xa)
        assert "phải thuộc một xã" in error.value.message_dict["commune"][0]


def test_labour_days_and_land_go_with_their_sources(official, quang_giao, ngay_cong):
    line = create(official, quang_giao, ngay_cong, amount=30 * TRIEU, labour_days=150)
    assert line.labour_days == 150
    land = FundingSource.objects.create(
        code="nd-hien-dat", name="Hiến đất", kind=SourceKind.PEOPLE, contribution="land"
    )
    assert create(official, quang_giao, land, amount=0, land_m2="120.5").land_m2 == pytest.approx(120.5)
    with pytest.raises(ValidationError):
        create(official, quang_giao, ngay_cong, land_m2="10")


def test_database_refuses_a_negative_amount_even_without_the_service(quang_giao, ns_xa):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MoneyLine.objects.create(commune=quang_giao, year=2023, source=ns_xa, amount=-5, stage=Stage.MOBILISED)


def test_catalogue_changes_are_audited(administrator, ns_xa):
    ns_xa.name = "Ngân sách cấp xã"
    services.funding_source_save(user=administrator, source=ns_xa)
    entry = AuditEntry.objects.for_object(ns_xa).get(action=AuditEntry.Action.UPDATE)
    assert entry.changes["name"] == ["Ngân sách xã", "Ngân sách cấp xã"]


def test_the_service_itself_refuses_markup_and_saves_nothing(official, quang_giao, ns_xa):
    with pytest.raises(ValidationError, match="mã HTML"):
        create(official, quang_giao, ns_xa, note="<script>alert(1)</script>")
    line = create(official, quang_giao, ns_xa)
    with pytest.raises(ValidationError, match="mã HTML"):
        services.money_line_update(user=official, line=line, note="<b>đậm</b>")
    assert MoneyLine.objects.get(pk=line.pk).note == ""
    assert MoneyLine.objects.count() == 1


def test_a_lines_name_keeps_the_commas_of_its_source_and_groups_the_amount_only(official, quang_giao, nha_o):
    line = create(official, quang_giao, nha_o, year=2024, amount=1_250 * TRIEU)
    expected = "Nhân dân tự chỉnh trang, sửa chữa, cải tạo, xây mới nhà ở 2024: 1.250.000.000 đồng"
    assert str(line) == expected
    assert AuditEntry.objects.for_object(line).get().object_repr == expected  # what /audit/ and the admin show
