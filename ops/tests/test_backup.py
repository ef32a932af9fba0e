import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from funding.models import FundingSource
from ops.backup import BackupError, backup_write, scoped_models
from ops.restore import backup_restore
from ops.services import unit_change, unit_update
from projects.models import ProgressPhoto, ProgressUpdate, Work
from projects.services import work_create
from units.models import AdministrativeUnit, Membership, UnitCatalogue, UnitChange

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def state_of(unit):
    """Every row the backup promises to keep for `unit`, as comparable text."""
    rows = list(AdministrativeUnit.objects.within(unit))
    for model in scoped_models():
        rows += list(model._default_manager.within(unit))
    return sorted(json.dumps(item, sort_keys=True) for item in json.loads(serializers.serialize("json", rows)))


def tables_of(labels):
    """Every row of each model named in `labels` (and of its many-to-many tables), with every value exact."""
    models = [apps.get_model(label) for label in labels]
    through = [field.remote_field.through for model in models for field in model._meta.many_to_many]
    models += [model for model in through if not model._meta.auto_created]
    links = [model for model in through if model._meta.auto_created]
    tables = {
        model._meta.label: [sorted(row.items()) for row in model._default_manager.order_by("pk").values()]
        for model in models
    }
    # A many-to-many link is its pair of ids; the id of Django's own link row is not data (a restore renumbers it).
    for link in links:
        pairs = link._default_manager.values_list(*(field.attname for field in link._meta.concrete_fields[1:]))
        tables[link._meta.label] = sorted(pairs)
    return tables


def log_entry_at(commune, moment):
    entry = AuditEntry.objects.create(
        commune=commune, content_type=ContentType.objects.get_for_model(Work), object_id="1", action="update"
    )
    AuditEntry.objects.filter(pk=entry.pk).update(at=moment)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def commune_data(media, official, other_official, steering, quang_giao, quang_hai, thon_5):
    work = Work.objects.create(
        commune=quang_giao, village=thon_5, code="GT-01", name="Đường giao thông thôn 5", planned_start_year=2024
    )
    update = ProgressUpdate.objects.create(
        work=work, date=date(2024, 4, 9), physical_percent="60.16", disbursed_cumulative=1_000, recorded_by=official
    )
    photo = ProgressPhoto(update=update, stage="during")
    photo.image.save("cau.png", ContentFile(PNG), save=True)
    Work.objects.create(commune=quang_hai, code="GT-09", name="Đường của Quảng Hải", planned_start_year=2024)
    return {"work": work, "update": update, "photo": photo}


def test_the_backup_finds_every_scoped_model_but_not_units_or_memberships():
    models = set(scoped_models())
    assert {AuditEntry, Work, ProgressUpdate, ProgressPhoto} <= models
    assert AdministrativeUnit not in models
    assert Membership not in models


def test_a_commune_round_trip_loses_nothing(commune_data, quang_giao, quang_hai, official, media, tmp_path):
    # Times Django's JSON encoder would cut to milliseconds, or respell on a whole millisecond.
    log_entry_at(quang_giao, datetime(2026, 12, 1, 17, 59, 20, 123456, tzinfo=UTC))
    log_entry_at(quang_giao, datetime(2026, 12, 1, 17, 59, 20, 500, tzinfo=UTC))
    before, neighbour = state_of(quang_giao), state_of(quang_hai)
    archive = tmp_path / "quang-giao.zip"
    summary = backup_write(units=[quang_giao], output=archive)
    tables = tables_of(summary.counts)
    assert tables["audit.AuditEntry"] and tables["projects.ProgressPhoto"], "rows to compare"
    assert summary.counts["projects.Work"] == 1
    assert summary.counts["audit.AuditEntry"] == AuditEntry.objects.within(quang_giao).count()
    assert summary.media == [commune_data["photo"].image.name]

    # Things go wrong after the backup: a work deleted (with its progress and photo), a log entry added.
    commune_data["work"].delete()
    default_storage.delete(commune_data["photo"].image.name)
    AuditEntry.objects.create(
        commune=quang_giao,
        content_type=ContentType.objects.get_for_model(Work),
        object_id="999",
        object_repr="sau sao lưu",
        action="create",
    )

    backup_restore(source=archive)

    assert tables_of(summary.counts) == tables
    assert state_of(quang_giao) == before
    assert state_of(quang_hai) == neighbour
    photo = ProgressPhoto.objects.get(pk=commune_data["photo"].pk)
    assert photo.image.read() == PNG
    assert photo.update.recorded_by == official


def test_the_archive_carries_names_of_people_but_no_passwords_or_memberships(commune_data, quang_giao, tmp_path):
    archive = tmp_path / "qg.zip"
    backup_write(units=[quang_giao], output=archive)
    with zipfile.ZipFile(archive) as opened:
        users = json.loads(opened.read("users.json"))
        everything = b"".join(opened.read(name) for name in opened.namelist())
    assert [user["username"] for user in users] == ["canbo.quanggiao"]
    assert b"password" not in everything
    assert b"units.membership" not in everything


def test_restoring_creates_missing_people_as_locked_accounts(commune_data, quang_giao, official, tmp_path):
    archive = tmp_path / "qg.zip"
    backup_write(units=[quang_giao], output=archive)
    ProgressUpdate.objects.update(recorded_by=None)
    AuditEntry.objects.filter(user=official).update(user=None)
    official.delete()
    backup_restore(source=archive)
    restored = get_user_model().objects.get(username="canbo.quanggiao")
    assert restored.is_active is False
    assert restored.has_usable_password() is False
    assert ProgressUpdate.objects.get().recorded_by == restored


def test_a_whole_backup_round_trip_loses_nothing(commune_data, thanh_hoa, tmp_path):
    unused = FundingSource.objects.create(code="thu-nghiem", name="Nguồn chưa dùng", kind="other")
    before = state_of(thanh_hoa)
    archive = tmp_path / "all.zip"
    summary = backup_write(units=None, output=archive)
    tables = tables_of(summary.counts)
    for model in scoped_models():
        model._default_manager.all().delete()
    unused.delete()
    backup_restore(source=archive)
    assert tables_of(summary.counts) == tables
    assert state_of(thanh_hoa) == before
    assert FundingSource.objects.get(code="thu-nghiem").name == "Nguồn chưa dùng"


def test_a_commune_backup_carries_only_the_catalogue_rows_its_records_use(commune_data, quang_giao, tmp_path):
    FundingSource.objects.create(code="thu-nghiem", name="Nguồn chưa dùng", kind="other")
    archive = tmp_path / "qg.zip"
    backup_write(units=[quang_giao], output=archive)
    with zipfile.ZipFile(archive) as opened:
        assert b"thu-nghiem" not in opened.read("references.json")


def rewrite(archive, name, change):
    """Tamper with one member of an archive, keeping its checksum right."""
    with zipfile.ZipFile(archive) as opened:
        members = {member: opened.read(member) for member in opened.namelist()}
    members[name] = change(members[name])
    manifest = json.loads(members["manifest.json"])
    manifest["sha256"][name] = hashlib.sha256(members[name]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(archive, "w") as opened:
        for member, content in members.items():
            opened.writestr(member, content)


def test_a_restore_that_fails_half_way_changes_nothing(commune_data, quang_giao, media, tmp_path):
    archive = tmp_path / "qg.zip"
    backup_write(units=[quang_giao], output=archive)
    commune_data["work"].delete()  # the archive would bring it back...
    default_storage.delete(commune_data["photo"].image.name)

    def break_the_work(content):  # ...but the work points to a unit that does not exist
        rows = json.loads(content)
        work = next(row for row in rows if row["model"] == "projects.work")
        work["fields"]["commune"] = 987654
        return json.dumps(rows).encode()

    rewrite(archive, "records.json", break_the_work)
    before = state_of(quang_giao)
    with pytest.raises(BackupError, match="Không khôi phục được, dữ liệu không thay đổi"):
        backup_restore(source=archive)
    assert state_of(quang_giao) == before
    assert not Work.objects.filter(pk=commune_data["work"].pk).exists()
    assert not default_storage.exists(commune_data["photo"].image.name)


def test_a_record_whose_id_now_belongs_to_another_commune_stops_the_restore(commune_data, quang_giao, tmp_path):
    archive = tmp_path / "qg.zip"
    backup_write(units=[quang_giao], output=archive)
    ours = commune_data["work"].pk
    commune_data["work"].delete()
    Work.objects.filter(commune__name="Quảng Hải").update(id=ours)  # the id is reused by the neighbour
    before = state_of(quang_giao)
    with pytest.raises(BackupError, match="đã thuộc về đơn vị khác"):
        backup_restore(source=archive)
    assert state_of(quang_giao) == before
    assert Work.objects.get(pk=ours).name == "Đường của Quảng Hải"


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_a_damaged_or_foreign_file_is_refused_with_a_clear_message(commune_data, quang_giao, tmp_path):
    not_a_zip = tmp_path / "hong.zip"
    not_a_zip.write_bytes(b"khong phai zip")
    with pytest.raises(BackupError, match="không đọc được"):
        backup_restore(source=not_a_zip)

    archive = tmp_path / "qg.zip"
    backup_write(units=[quang_giao], output=archive)
    with zipfile.ZipFile(archive, "a") as opened:
        opened.writestr("records.json", b"[]")  # a second, different copy: the checksum no longer matches
    with pytest.raises(BackupError):
        backup_restore(source=archive)

    escaping = tmp_path / "escape.zip"
    buffer = io.BytesIO(archive.read_bytes())
    with zipfile.ZipFile(buffer, "a") as opened:
        opened.writestr("../../etc/evil", b"x")
    escaping.write_bytes(buffer.getvalue())
    with pytest.raises(BackupError, match="đường dẫn không hợp lệ"):
        backup_restore(source=escaping)


def test_the_commands_find_a_commune_by_name_or_code(commune_data, quang_giao, tmp_path):
    AdministrativeUnit.objects.filter(pk=quang_giao.pk).update(code="16234")
    out = io.StringIO()
    call_command("backup_data", "--commune", "quảng giao", "--output", str(tmp_path / "a.zip"), stdout=out)
    assert "projects.Work: 1" in out.getvalue()
    call_command("backup_data", "--commune", "16234", "--output", str(tmp_path / "b.zip"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore_data", str(tmp_path / "b.zip"), stdout=out)
    assert "Đã khôi phục" in out.getvalue()


def test_the_commands_say_clearly_what_is_wrong(quang_giao, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy xã"):
        call_command("backup_data", "--commune", "Không Có", "--output", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="Không ghi được tệp sao lưu"):
        call_command("backup_data", "--commune", "Quảng Giao", "--output", str(tmp_path / "khong-co" / "x.zip"))
    assert not (tmp_path / "khong-co").exists()
    (tmp_path / "x.zip").write_bytes(b"rac")
    with pytest.raises(CommandError, match="không đọc được"):
        call_command("restore_data", str(tmp_path / "x.zip"))


def test_an_archive_written_before_the_audit_log_left_core_still_restores(commune_data, quang_giao, tmp_path):
    archive = tmp_path / "qg-v1.zip"
    backup_write(units=[quang_giao], output=archive)
    entries = sorted(AuditEntry.objects.within(quang_giao).values_list("pk", "object_repr"))
    assert entries, "the commune has log entries to carry"
    rewrite(archive, "records.json", lambda content: content.replace(b'"audit.auditentry"', b'"core.auditentry"'))
    # ...and its manifest says version 1.
    with zipfile.ZipFile(archive) as opened:
        members = {member: opened.read(member) for member in opened.namelist()}
    manifest = json.loads(members["manifest.json"])
    manifest["version"] = 1
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(archive, "w") as opened:
        for member, content in members.items():
            opened.writestr(member, content)
    AuditEntry.objects.within(quang_giao).delete()
    backup_restore(source=archive)
    assert sorted(AuditEntry.objects.within(quang_giao).values_list("pk", "object_repr")) == entries


# Across a merge (docs/adr/0090, 0092): a successor's scope holds its predecessors' units, records and changes.

UNIT_TABLES = ["units.AdministrativeUnit", "units.UnitChange", "units.UnitCatalogue", "units.UnitHistory"]


@pytest.fixture
def merged_scope(reform, administrator, quang_giao, thon_5, media):
    """Phường Nam Sầm Sơn with a catalogue source, a centroid and area (test values), a renamed village and a
    work in each of two predecessors (one of them two merges back)."""
    catalogue = UnitCatalogue.objects.create(
        package="vietnamadminunits", version="0.0-kiem-thu", legal_basis="(kiểm thử)", licence="MIT", scope="Thanh Hóa"
    )
    unit_update(
        unit=reform.nam_sam_son,
        catalogue=catalogue,
        latitude=Decimal("19.7"),
        longitude=Decimal("105.9"),
        area_km2=Decimal("12.5"),
    )
    unit_change(unit=thon_5, effective=date(2024, 1, 1), name="Thôn 5 (tên mới, kiểm thử)")
    for commune, code in ((quang_giao, "QG-01"), (reform.quang_hung, "QH-01")):
        work_create(user=administrator, commune=commune, code=code, name=f"Công trình {code}", planned_start_year=2024)
    reform.nam_sam_son.refresh_from_db()
    return reform.nam_sam_son


def test_a_successors_archive_names_its_predecessors_and_the_changes_between_them(merged_scope, reform, tmp_path):
    archive = tmp_path / "nam-sam-son.zip"
    summary = backup_write(units=[merged_scope], output=archive)
    assert summary.counts["projects.Work"] == 2
    assert summary.counts["units.UnitChange"] == 2  # the two merges that formed it, not Quảng Ninh's
    assert summary.counts["units.UnitCatalogue"] == 1
    with zipfile.ZipFile(archive) as opened:
        units = {
            row["fields"]["name"]
            for row in json.loads(opened.read("units.json"))
            if row["model"] == "units.administrativeunit"
        }
    assert {"Nam Sầm Sơn", "Quảng Giao", "Đại Hùng", "Quảng Hùng", "Quảng Đại", "Quảng Minh", "Quảng Vinh"} <= units
    assert "Quảng Hải" not in units and "Quảng Ninh" not in units


def test_a_successors_round_trip_into_a_database_without_its_units_loses_nothing(merged_scope, reform, tmp_path):
    before, tables = state_of(merged_scope), tables_of(UNIT_TABLES)
    archive = tmp_path / "nam-sam-son.zip"
    backup_write(units=[merged_scope], output=archive)
    changes = list(
        UnitChange.objects.filter(successors__in=[merged_scope, reform.dai_hung]).values_list("pk", flat=True)
    )

    # As if restoring onto a new server: the scope's records, changes, units and catalogue source are gone.
    for model in scoped_models():
        model._default_manager.within(merged_scope).delete()
    UnitChange.objects.filter(pk__in=changes).delete()
    for unit in sorted(AdministrativeUnit.objects.within(merged_scope), key=lambda unit: -len(unit.path)):
        unit.delete()
    UnitCatalogue.objects.all().delete()
    assert not AdministrativeUnit.objects.filter(pk=merged_scope.pk).exists()

    backup_restore(source=archive)

    assert state_of(AdministrativeUnit.objects.get(pk=merged_scope.pk)) == before
    assert tables_of(UNIT_TABLES) == tables
    restored = AdministrativeUnit.objects.get(pk=merged_scope.pk)
    assert set(AdministrativeUnit.objects.predecessors_of(restored)) == set(
        AdministrativeUnit.objects.filter(name__in=["Quảng Vinh", "Quảng Minh", "Đại Hùng", "Quảng Giao"])
    )


def test_restoring_a_successor_puts_back_its_periods_and_lineage_after_a_wrong_edit(merged_scope, reform, tmp_path):
    tables = tables_of(UNIT_TABLES)
    archive = tmp_path / "nam-sam-son.zip"
    backup_write(units=[merged_scope], output=archive)
    AdministrativeUnit.objects.filter(pk=merged_scope.pk).update(
        absorbed_paths="", valid_from=None, kind="", area_km2=None
    )
    AdministrativeUnit.objects.filter(pk=reform.dai_hung.pk).update(dissolved_on=None)
    UnitChange.objects.filter(pk=reform.merge_nam_sam_son.pk).update(legal_clause="sai", legal_verified=False)
    reform.merge_nam_sam_son.predecessors.clear()
    backup_restore(source=archive)
    assert tables_of(UNIT_TABLES) == tables


def test_a_whole_round_trip_keeps_every_change_and_catalogue_source(merged_scope, tmp_path):
    tables = tables_of(UNIT_TABLES)
    archive = tmp_path / "all.zip"
    summary = backup_write(units=None, output=archive)
    assert summary.counts["units.UnitChange"] == 3
    UnitChange.objects.all().delete()
    AdministrativeUnit.objects.update(catalogue=None)
    UnitCatalogue.objects.all().delete()
    backup_restore(source=archive)
    assert tables_of(UNIT_TABLES) == tables


def test_a_reused_code_or_name_names_the_unit_in_force_today(merged_scope, reform, tmp_path):
    out = io.StringIO()
    call_command("backup_data", "--commune", "16516", "--output", str(tmp_path / "a.zip"), stdout=out)
    with zipfile.ZipFile(tmp_path / "a.zip") as opened:
        scope = json.loads(opened.read("manifest.json"))["scope"]["units"]
    assert [unit["name"] for unit in scope] == ["Nam Sầm Sơn"]
    call_command("backup_data", "--commune", "Quảng Ninh", "--output", str(tmp_path / "b.zip"), stdout=out)
    with zipfile.ZipFile(tmp_path / "b.zip") as opened:
        assert json.loads(opened.read("manifest.json"))["scope"]["units"][0]["id"] == reform.quang_ninh.pk
