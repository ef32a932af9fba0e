"""Backup and restore of one commune's data, or of everything, as one zip file (docs/adr/0052-backup-by-scope.md).

What belongs to a commune is found, not listed: every model whose default QuerySet is a `ScopedQuerySet`
contributes `within(unit)`, plus the rows that would be deleted with those (unscoped children such as a
plan's sections). The archive also carries the unit subtree and its ancestors, the catalogue rows those
records point to (criteria, funding sources), the user names they mention (no passwords, no memberships)
and the uploaded files.

The archive: manifest.json (format, version, scope, counts, checksums), units.json, records.json,
references.json (Django's JSON serialization), users.json, and media/<name> for each upload.
"""

import datetime
import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from units.models import AdministrativeUnit, Membership, ScopedQuerySet, UnitChange

FORMAT = "ntm-portal-backup"
VERSION = 2
READABLE_VERSIONS = {1, 2}
# Models that changed app since an archive version: version 1 archives name the audit log "core.auditentry".
MOVED_MODELS = {"core.auditentry": "audit.auditentry"}
GROUPS = ("units", "records", "references")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese and says why."""


@dataclass
class BackupSummary:
    counts: dict[str, int] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)
    missing_media: list[str] = field(default_factory=list)
    users: int = 0


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder with every microsecond of a timestamp kept.

    DjangoJSONEncoder cuts times to milliseconds (ECMA-262), so a restore would not give back what was saved,
    and a time on a whole millisecond would come back in another spelling.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def scoped_models() -> list[type[models.Model]]:
    """Models holding a place's data: their default QuerySet is a ScopedQuerySet (units themselves excepted)."""
    return [
        model
        for model in apps.get_models()
        if model is not AdministrativeUnit and isinstance(model._default_manager.all(), ScopedQuerySet)
    ]


# Backup


def backup_write(*, units: list[AdministrativeUnit] | None, output: Path) -> BackupSummary:
    """Write the data of `units` (each with its subtree; None = everything) to the zip file `output`."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            _one_snapshot()
        groups, users = _collect(units)
        summary = BackupSummary(users=len(users))
        payload = {}
        for name in GROUPS:  # serialized inside the transaction: many-to-many values are read here
            rows = groups[name]
            payload[name] = serializers.serialize(
                "json",
                rows,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=False,
                indent=1,
                cls=ExactJSONEncoder,
            ).encode()
            for row in rows:
                label = row._meta.label
                summary.counts[label] = summary.counts.get(label, 0) + 1
    payload["users"] = json.dumps(users, ensure_ascii=False, indent=1).encode()
    media_names = sorted({name for rows in groups.values() for name in _file_names(rows)})
    partial = output.with_name(output.name + ".partial")  # a half-written archive never has the final name
    try:
        _write_archive(partial, units, payload, media_names, summary)
        partial.replace(output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Không ghi được tệp sao lưu {output}: {error}") from error
    return summary


def _write_archive(output: Path, units, payload: dict[str, bytes], media_names: list[str], summary: BackupSummary):
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in payload.items():
            archive.writestr(f"{name}.json", content)
        for name in media_names:
            try:
                with default_storage.open(name, "rb") as source:
                    archive.writestr(f"media/{name}", source.read())
                summary.media.append(name)
            except FileNotFoundError:
                summary.missing_media.append(name)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": timezone.now().isoformat(),
            "scope": {
                "all": units is None,
                "units": [{"id": unit.pk, "name": unit.name, "path": unit.path} for unit in units or []],
            },
            "counts": summary.counts,
            "media": summary.media,
            "missing_media": summary.missing_media,
            "sha256": {f"{name}.json": hashlib.sha256(content).hexdigest() for name, content in payload.items()},
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))


def _one_snapshot():
    """Every query of the backup sees the database as of one moment, even while officials keep working.

    PostgreSQL's default (READ COMMITTED) gives each statement its own snapshot; REPEATABLE READ gives the
    whole transaction one. Only possible as the transaction's first statement (not inside another one).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def _collect(units):
    if units is None:
        unit_rows = list(AdministrativeUnit.objects.order_by("path"))
        records = [row for model in scoped_models() for row in model._default_manager.order_by("pk")]
    else:
        # A successor's scope holds its predecessors' subtrees (absorbed_paths), and their records come along.
        paths = [path for unit in units for path in unit.scope_paths]
        ancestor_ids = {int(part) for path in paths for part in path.strip("/").split("/")}
        subtree = models.Q(pk__in=ancestor_ids)
        for path in paths:
            subtree |= models.Q(path__startswith=path)
        unit_rows = list(AdministrativeUnit.objects.filter(subtree).order_by("path"))
        records = []
        for model in scoped_models():
            queryset = model._default_manager.none()
            for unit in units:
                queryset |= model._default_manager.within(unit)
            records.extend(queryset.order_by("pk"))
    seen = {_key(row) for row in unit_rows + records}
    unit_rows += _cascade_children(unit_rows, seen)
    records += _cascade_children(records, seen)
    changes = [row for row in _unit_changes(unit_rows) if _key(row) not in seen]
    seen |= {_key(row) for row in changes}
    unit_rows += changes  # after the units they link, so a restore saves them last
    catalogue = []
    if units is None:  # everything: also the catalogue rows nothing points to yet
        for model in catalogue_models():
            catalogue += [row for row in model._default_manager.order_by("pk") if _key(row) not in seen]
        seen |= {_key(row) for row in catalogue}
    references, users = _references(unit_rows + records + catalogue, seen)
    return {"units": unit_rows, "records": records, "references": catalogue + references}, users


def _unit_changes(unit_rows) -> list[UnitChange]:
    """The merges, splits, renames and moves the units took part in; units on their other side follow as
    references (`_references` reads many-to-many links too)."""
    ids = [row.pk for row in unit_rows if isinstance(row, AdministrativeUnit)]
    touching = models.Q(predecessors__in=ids) | models.Q(successors__in=ids)
    return list(UnitChange.objects.filter(touching).distinct().order_by("pk"))


def catalogue_models() -> list[type[models.Model]]:
    """The project's own unscoped models (criteria sets, funding sources...), memberships excepted."""
    base = str(Path(settings.BASE_DIR).resolve())
    scoped = set(scoped_models()) | {AdministrativeUnit, Membership}
    return [
        model
        for config in apps.get_app_configs()
        if str(Path(config.path).resolve()).startswith(base) and ".venv" not in Path(config.path).parts
        for model in config.get_models()
        if model not in scoped and not model._meta.auto_created
    ]


def _key(row):
    return (row._meta.concrete_model._meta.label, row.pk)


def _cascade_children(rows, seen) -> list[models.Model]:
    """Rows of unscoped models that would be deleted with `rows` (a plan's sections, a unit's old names)."""
    found, frontier = [], rows
    scoped = set(scoped_models()) | {AdministrativeUnit}
    while frontier:
        by_model: dict[type, list] = {}
        for row in frontier:
            by_model.setdefault(row._meta.concrete_model, []).append(row.pk)
        frontier = []
        for model, pks in by_model.items():
            for relation in model._meta.related_objects:
                child = relation.related_model
                if relation.many_to_many or child in scoped or relation.on_delete is not models.CASCADE:
                    continue
                for row in child._default_manager.filter(**{f"{relation.field.name}__in": pks}).order_by("pk"):
                    if _key(row) not in seen:
                        seen.add(_key(row))
                        frontier.append(row)
        found += frontier
    return found


def _references(rows, seen):
    """Rows outside the scope that `rows` point to (catalogues), followed until closed; and the user names."""
    User = get_user_model()
    levels, users, frontier = [], {}, rows
    while frontier:
        wanted: dict[type, set] = {}
        for row in frontier:
            for target_model, pk in _pointers(row):
                if target_model is User:
                    users.setdefault(pk, None)
                elif target_model is not ContentType and (target_model._meta.label, pk) not in seen:
                    wanted.setdefault(target_model, set()).add(pk)
        frontier = []
        for model, pks in wanted.items():
            for row in model._default_manager.filter(pk__in=pks).order_by("pk"):
                if _key(row) not in seen:
                    seen.add(_key(row))
                    frontier.append(row)
        levels.append(frontier)
    # Deepest first: a catalogue's parents (a criteria set) come before its children (a criterion).
    references = [row for level in reversed(levels) for row in level]
    user_rows = User.objects.filter(pk__in=users).order_by("username")
    names = [
        {"username": user.get_username(), "first_name": user.first_name, "last_name": user.last_name}
        for user in user_rows
    ]
    return references, names


def _pointers(row):
    for model_field in row._meta.concrete_fields:
        if model_field.is_relation and (model_field.many_to_one or model_field.one_to_one):
            value = getattr(row, model_field.attname)
            if value is not None:
                yield model_field.related_model._meta.concrete_model, value
    for model_field in row._meta.many_to_many:
        for pk in getattr(row, model_field.name).values_list("pk", flat=True):
            yield model_field.related_model._meta.concrete_model, pk


def _file_names(rows):
    for row in rows:
        for model_field in row._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                value = getattr(row, model_field.attname)
                if value:
                    yield str(value)
