"""The catalogue loader on a small slice of the package's own data: the units of Nam Sầm Sơn and Quảng Ninh."""

import datetime
import io
import json
import shutil
import sqlite3

import pytest
from django.core.management import CommandError, call_command

from ops import catalogue, catalogue_source
from ops.services import unit_create
from units.models import AdministrativeUnit, ChangeKind, Kind, Level, UnitCatalogue, UnitChange

SLICE = {"phuongnamsamson", "xaquangninh"}
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def slice_source(tmp_path):
    """The package's tables and mapping cut down to Thanh Hóa (old and new), in a directory of their own."""
    installed = catalogue_source.Source.installed()
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(installed.data_dir / "dataset.db", data / "dataset.db")
    with sqlite3.connect(data / "dataset.db") as connection:
        connection.execute("DELETE FROM admin_units WHERE provinceKey != 'tinhthanhhoa'")
        connection.execute("DELETE FROM admin_units_legacy WHERE provinceKey != 'tinhthanhhoa'")
    mapping = installed.mapping()
    sliced = {name: {"tinhthanhhoa": table["tinhthanhhoa"]} for name, table in mapping.items()}
    (data / "converter_2025.json").write_text(json.dumps(sliced), encoding="utf-8")
    return catalogue_source.Source(data, catalogue_source.PINNED_VERSION)


def unit(level, code, on=REFORM):
    return AdministrativeUnit.objects.filter(level=level, code=code).in_force_on(on).get()


def test_a_slice_loads_the_successors_their_predecessors_and_the_merges(db, slice_source):
    report = catalogue.load(province="Thanh Hóa", only=SLICE, source=slice_source)

    nam_sam_son = unit(Level.COMMUNE, "16516")
    assert (nam_sam_son.full_name, nam_sam_son.kind, nam_sam_son.valid_from) == (
        "phường Nam Sầm Sơn",
        Kind.WARD,
        REFORM,
    )
    assert nam_sam_son.parent.name == "Thanh Hóa"
    assert (str(nam_sam_son.latitude), str(nam_sam_son.longitude), str(nam_sam_son.area_km2)) == (
        "19.716900",
        "105.847000",
        "18.48",
    )
    predecessors = AdministrativeUnit.objects.predecessors_of(nam_sam_son)
    assert sorted(p.full_name for p in predecessors) == [
        "phường Quảng Vinh",
        "xã Quảng Giao",
        "xã Quảng Minh",
        "xã Đại Hùng",
    ]
    assert {p.dissolved_on for p in predecessors} == {REFORM}
    quang_giao = predecessors.get(code="16519")
    assert (quang_giao.parent.full_name, quang_giao.parent.code) == ("huyện Quảng Xương", "406")
    assert quang_giao.parent.dissolved_on == REFORM  # districts ended with the reform
    change = UnitChange.objects.get(successors=nam_sam_son)
    assert (change.kind, change.effective_on, change.legal_number) == (ChangeKind.MERGE, REFORM, "1686/NQ-UBTVQH15")
    assert report.current == 2
    assert report.catalogue.version == catalogue_source.PINNED_VERSION


def test_code_16540_names_quang_hai_before_the_reform_and_xa_quang_ninh_after(db, slice_source):
    catalogue.load(province="Thanh Hóa", only=SLICE, source=slice_source)
    assert unit(Level.COMMUNE, "16540", on=datetime.date(2024, 12, 31)).full_name == "xã Quảng Hải"
    assert unit(Level.COMMUNE, "16540", on=datetime.date(2026, 1, 1)).full_name == "xã Quảng Ninh"
    # The old xã Quảng Ninh (16465) is a different unit from the new one of the same name.
    old = unit(Level.COMMUNE, "16465", on=datetime.date(2024, 12, 31))
    assert old.full_name == "xã Quảng Ninh" and old.dissolved_on == REFORM


def test_a_second_load_adds_nothing(db, slice_source):
    catalogue.load(province="Thanh Hóa", only=SLICE, source=slice_source)
    counts = (AdministrativeUnit.objects.count(), UnitChange.objects.count(), UnitCatalogue.objects.count())
    report = catalogue.load(province="Thanh Hóa", only=SLICE, source=slice_source)
    assert (AdministrativeUnit.objects.count(), UnitChange.objects.count(), UnitCatalogue.objects.count()) == counts
    assert (report.created, report.changes) == (0, 0)


def test_existing_units_are_matched_by_name_and_keep_their_records(quang_giao, quang_xuong, thanh_hoa, slice_source):
    village = unit_create(level=Level.VILLAGE, name="Thôn 5", parent=quang_giao)
    catalogue.load(province="Thanh Hóa", only=SLICE, source=slice_source)
    quang_giao.refresh_from_db()
    assert (quang_giao.code, quang_giao.dissolved_on) == ("16519", REFORM)
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE, name="Quảng Giao").count() == 1
    assert AdministrativeUnit.objects.get(pk=village.pk).parent == quang_giao
    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE, name="Thanh Hóa").count() == 1


def test_a_commune_kept_whole_is_the_same_unit_moved_under_the_province(db, slice_source):
    catalogue.load(province="Thanh Hóa", only={"xamuonglat"}, source=slice_source)
    muong_lat = AdministrativeUnit.objects.get(level=Level.COMMUNE, code="14845")  # one unit, before and after
    assert (muong_lat.full_name, muong_lat.parent.name, muong_lat.dissolved_on) == ("xã Mường Lát", "Thanh Hóa", None)
    assert UnitChange.objects.get(successors=muong_lat).kind == ChangeKind.MOVE
    assert muong_lat.history.get().parent.full_name == "huyện Mường Lát"
    assert muong_lat.history.get().parent.dissolved_on == REFORM


def test_demonstration_units_are_never_matched(db, slice_source):
    province = unit_create(level=Level.PROVINCE, name="Thanh Hóa", is_demo=True)
    catalogue.load(province="Thanh Hóa", only={"xaquangninh"}, source=slice_source)
    assert AdministrativeUnit.objects.get(pk=province.pk).children.count() == 0
    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE, is_demo=False, code="38").count() == 1


def test_a_catalogue_of_another_version_is_refused_and_nothing_is_written(db, slice_source):
    slice_source.version = "1.0.3"
    with pytest.raises(catalogue_source.CatalogueError, match="phiên bản 1.0.3 không phải phiên bản đã kiểm tra"):
        catalogue.load(province="Thanh Hóa", source=slice_source)
    assert not AdministrativeUnit.objects.exists()


def test_a_catalogue_file_of_another_shape_is_refused(db, slice_source):
    with sqlite3.connect(slice_source.data_dir / "dataset.db") as connection:
        connection.execute("ALTER TABLE admin_units DROP COLUMN wardType")
    with pytest.raises(catalogue_source.CatalogueError, match="bảng admin_units thiếu cột wardType"):
        catalogue.load(province="Thanh Hóa", source=slice_source)


def test_the_command_names_an_unknown_province_and_exits_non_zero(db):
    with pytest.raises(CommandError, match="Không có tỉnh “Quảng Xương”"):
        call_command("load_units", "--province", "Quảng Xương", stdout=io.StringIO())
    assert not AdministrativeUnit.objects.exists()
