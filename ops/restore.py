"""Restore of a backup archive (ops/backup.py writes it): all or nothing, the scope's records replaced.

docs/adr/0052-backup-by-scope.md gives the rules; `backup_restore` is the entry point.
"""

import hashlib
import json
import zipfile
from pathlib import Path, PurePosixPath

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from core.signals import records_changed
from units.models import AdministrativeUnit

from .backup import (
    FORMAT,
    GROUPS,
    MOVED_MODELS,
    READABLE_VERSIONS,
    BackupError,
    BackupSummary,
    scoped_models,
)


def backup_restore(*, source: Path) -> BackupSummary:
    """Put an archive's data back, all or nothing: the scope's current records are replaced by the archive's.

    Units and catalogue rows are added when missing and never deleted; a record whose id belongs to a
    record of another place, or a unit whose id now names another place, stops the restore.
    """
    archive = _open(source)
    manifest = json.loads(archive.read("manifest.json"))
    summary = BackupSummary(counts=manifest.get("counts", {}), media=manifest.get("media", []))
    replaced: dict[str, bytes | None] = {}
    try:
        with transaction.atomic():
            summary.users = _restore_users(json.loads(archive.read("users.json")))
            # Each group is read just before it is saved, so references to an earlier group resolve.
            restored = _restore_references(_deserialize(archive.read("references.json")))
            restored += _restore_units(_deserialize(archive.read("units.json")))
            _delete_scope(manifest["scope"])
            restored += _restore_records(_deserialize(archive.read("records.json")))
            _finish(restored)
            records_changed.notify(units=_scope_communes(manifest["scope"]))  # rows saved as they were, not told
            _restore_media(archive, summary.media, replaced)
    except (
        DatabaseError,
        DeserializationError,
        ObjectDoesNotExist,
        ProtectedError,
        RestrictedError,
        ValueError,
    ) as error:
        _put_back(replaced)
        raise BackupError(f"Không khôi phục được, dữ liệu không thay đổi: {error}") from error
    except BaseException:
        _put_back(replaced)
        raise
    return summary


def _open(source: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"Tệp sao lưu không đọc được: {error}") from error
    names = set(archive.namelist())
    required = {"manifest.json", "users.json", *(f"{name}.json" for name in GROUPS)}
    if not required <= names:
        raise BackupError(f"Tệp sao lưu thiếu: {', '.join(sorted(required - names))}.")
    for name in names:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(f"Tệp sao lưu có đường dẫn không hợp lệ: {name}")
    manifest = json.loads(archive.read("manifest.json"))
    if manifest.get("format") != FORMAT or manifest.get("version") not in READABLE_VERSIONS:
        raise BackupError("Đây không phải tệp sao lưu của NTM Portal (hoặc là phiên bản khác).")
    for name, digest in manifest.get("sha256", {}).items():
        if hashlib.sha256(archive.read(name)).hexdigest() != digest:
            raise BackupError(f"Tệp sao lưu bị hỏng: {name} không khớp mã kiểm tra.")
    for name in manifest.get("media", []):
        if f"media/{name}" not in names:
            raise BackupError(f"Tệp sao lưu thiếu tệp đính kèm: {name}")
    return archive


def _deserialize(content: bytes):
    rows = json.loads(content)
    try:
        for row in rows:
            row["model"] = MOVED_MODELS.get(row["model"], row["model"])
    except (TypeError, KeyError) as error:
        raise DeserializationError(f"bản ghi không đúng dạng: {error}") from error
    return list(serializers.deserialize("python", rows, handle_forward_references=True, ignorenonexistent=False))


def _restore_users(names) -> int:
    User = get_user_model()
    created = 0
    for entry in names:
        user, was_created = User.objects.get_or_create(
            username=entry["username"],
            defaults={
                "first_name": entry.get("first_name", ""),
                "last_name": entry.get("last_name", ""),
                "is_active": False,
            },
        )
        if was_created:  # an account the archive mentions: kept as a name, it cannot log in
            user.set_unusable_password()
            user.save(update_fields=["password"])
            created += 1
    return created


def _restore_units(objects):
    for item in objects:
        if isinstance(item.object, AdministrativeUnit):
            existing = AdministrativeUnit.objects.filter(pk=item.object.pk).values_list("path", flat=True).first()
            if existing is not None and existing != item.object.path:
                raise BackupError(
                    f"Đơn vị “{item.object.name}” (mã {item.object.pk}) trong bản sao lưu "
                    "trùng mã với một đơn vị khác của hệ thống này; không khôi phục."
                )
        item.save()
    return objects


def _delete_scope(scope):
    querysets = []
    for model in scoped_models():
        if scope["all"]:
            querysets.append(model._default_manager.all())
            continue
        units = AdministrativeUnit.objects.filter(pk__in=[unit["id"] for unit in scope["units"]])
        for unit in units:
            querysets.append(model._default_manager.within(unit))
    # Delete in whatever order the PROTECT links allow: a model protected by another waits its turn.
    for _attempt in range(len(querysets) + 1):
        waiting = []
        for queryset in querysets:
            try:
                queryset.delete()
            except (ProtectedError, RestrictedError):
                waiting.append(queryset)
        if not waiting:
            return
        querysets = waiting
    raise BackupError("Không xóa được dữ liệu hiện có để thay bằng bản sao lưu: còn bản ghi khác tham chiếu tới.")


def _scope_communes(scope) -> list[int]:
    communes = AdministrativeUnit.objects.communes()
    if scope["all"]:
        return list(communes.values_list("pk", flat=True))
    found = set()
    for unit in AdministrativeUnit.objects.filter(pk__in=[unit["id"] for unit in scope["units"]]):
        found.update(communes.within(unit).values_list("pk", flat=True))
    return sorted(found)


def _restore_records(objects):
    by_model: dict[type, list] = {}
    for item in objects:
        by_model.setdefault(item.object._meta.concrete_model, []).append(item.object.pk)
    for model, pks in by_model.items():
        taken = list(model._default_manager.filter(pk__in=pks).values_list("pk", flat=True)[:5])
        if taken:
            raise BackupError(
                f"{model._meta.verbose_name.capitalize()} mã {', '.join(map(str, taken))} đã thuộc về đơn vị khác "
                "trong hệ thống này; không khôi phục để khỏi ghi đè."
            )
    for item in objects:
        item.save()
    return objects


def _restore_references(objects):
    missing = []
    for item in objects:
        if not item.object._meta.concrete_model._default_manager.filter(pk=item.object.pk).exists():
            item.save()
            missing.append(item)
    return missing


def _finish(objects):
    for item in objects:
        if item.deferred_fields:
            item.save_deferred_fields()
    connection.check_constraints()
    restored_models = {item.object._meta.concrete_model for item in objects}
    statements = connection.ops.sequence_reset_sql(no_style(), list(restored_models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _restore_media(archive, names, replaced: dict[str, bytes | None]):
    """Write the uploads; `replaced` remembers what each overwritten name held, to put back on failure."""
    storage = default_storage
    for name in names:
        content = archive.read(f"media/{name}")
        previous = None
        if storage.exists(name):
            with storage.open(name, "rb") as current:
                previous = current.read()
            if previous == content:
                continue
            storage.delete(name)
        replaced[name] = previous
        saved = storage.save(name, ContentFile(content))
        if saved != name:
            replaced[saved] = None
            raise ValueError(f"tệp {name} được lưu thành {saved}")


def _put_back(replaced: dict[str, bytes | None]):
    storage = default_storage
    for name, previous in replaced.items():
        if storage.exists(name):
            storage.delete(name)
        if previous is not None:
            storage.save(name, ContentFile(previous))
