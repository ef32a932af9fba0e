"""The import workflow every app uses: a scoped resource, a rehearsal that becomes the preview, then all or nothing."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import NamedTuple

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import resources

from core.signals import records_changed

from .widgets import error_text
from .workbook import FORMULA_PREFIXES, cell_text, check_headers


class ScopedResource(resources.ModelResource):
    """Rows imported into one scope (a commune, a criteria set) by one user.

    Before a row is parsed, its formula cells and `scope_check` note their errors; `import_instance` then
    parses every other field and reports every error of the row at once.
    """

    def __init__(self, *, scope=None, user=None):
        super().__init__()
        self.scope, self.user = scope, user

    def headers(self) -> list[str]:
        return [f.column_name for f in self.get_import_fields()]

    def scope_check(self, row) -> dict:
        """Column → message for a row that belongs to another scope (none by default)."""
        return {}

    def before_import_row(self, row, **kwargs):
        """Note the row's formula cells and its scope; import_instance reports them with the rest."""
        errors = {}
        for header, value in row.items():
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                errors[header] = _("Ô “%(value)s” là công thức hoặc bắt đầu bằng “%(char)s”; không được nhận.") % {
                    "value": value[:40],
                    "char": value[0],
                }
        for header, message in self.scope_check(row).items():
            errors.setdefault(header, message)
        self._row_errors = errors

    def import_instance(self, instance, row, **kwargs):
        """Every field's error at once (a formula cell is reported, not parsed).

        Errors are keyed by the field's attribute, so that the model's own check skips a refused column
        instead of also reporting it as empty.
        """
        attributes = {f.column_name: f.attribute for f in self.get_import_fields() if f.attribute}
        errors = {attributes.get(key, key): ValidationError(message) for key, message in self._row_errors.items()}
        for field in self.get_import_fields():
            if field.column_name in self._row_errors:
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def preview_action(self, row_result) -> str:
        """How the preview names the row's effect: "new", "update", "skip" (a resource may refine it)."""
        return row_result.import_type


class CommuneResource(ScopedResource):
    """Rows of one commune; a row naming another commune in "Xã" is refused."""

    def __init__(self, *, commune=None, user=None):
        super().__init__(scope=commune, user=user)
        self.commune = commune

    def scope_check(self, row) -> dict:
        name = cell_text(row.get(_("Xã")))
        if name and self.commune and name.lower() != self.commune.name.lower():
            message = _("Dòng này thuộc xã “%(row)s”, không phải xã %(commune)s: bị từ chối.") % {
                "row": name,
                "commune": self.commune.name,
            }
            return {_("Xã"): message}
        return {}


# --- the outcome: every row's action, changes and errors ----------------------------------------------


class Change(NamedTuple):
    """One value a row changes, as the preview shows it."""

    label: str
    old: str
    new: str


@dataclass
class PreviewRow:
    number: int
    action: str  # "new", "update", "unchanged", "skip", "invalid", "error"
    values: dict
    changes: list = dataclass_field(default_factory=list)
    errors: list = dataclass_field(default_factory=list)

    @property
    def action_label(self) -> str:
        """What confirming would do with the row, as the preview says it."""
        if self.errors:
            return _("Lỗi")
        return {"new": _("Thêm mới"), "update": _("Cập nhật")}.get(self.action, _("Không đổi"))


@dataclass
class ImportOutcome:
    kind: str
    rows: list[PreviewRow]
    file_errors: list[str]
    total: int
    # Record key → version as this run found it (a resource that guards against lost updates fills it in,
    # so that the confirmation can refuse when a record changed after the preview).
    versions: dict = dataclass_field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors) + len(self.file_errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def new_count(self) -> int:
        return self._count("new")

    @property
    def update_count(self) -> int:
        return self._count("update")

    @property
    def unchanged_count(self) -> int:
        return self._count("unchanged")


def run_import(
    resource: ScopedResource,
    dataset: tablib.Dataset,
    *,
    kind: str,
    dry_run: bool,
    describe_changes: Callable[[object], list] | None = None,
    allow_empty: bool = False,
) -> ImportOutcome:
    """Import (or, with dry_run, rehearse) every row in one transaction; any error rolls everything back.

    `describe_changes(instance)` lists a saved row's changes (`Change`s, or objects with label, old and new)
    for the preview; an updated row without changes is shown as "unchanged". `allow_empty` accepts a
    file with headers only (an outcome of no rows) instead of refusing it.
    """
    check_headers(dataset, resource.headers())
    if not len(dataset) and not allow_empty:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    # The services the rows are saved through notify `records_changed`: gathered, and sent once for the whole file
    # (the area summary refreshes each commune once), unless the run is rolled back.
    with transaction.atomic(), records_changed.batch() as notices:
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
        )
        outcome = import_outcome(resource, dataset, result, kind=kind, describe_changes=describe_changes)
        if dry_run or not outcome.ok:
            transaction.set_rollback(True)
            notices.discard()
    return outcome


def import_outcome(resource, dataset, result, *, kind: str, describe_changes=None) -> ImportOutcome:
    """Every row of an import-export `result` with its action, changes, values and Vietnamese errors."""
    labels = {f.attribute: f.column_name for f in resource.get_import_fields() if f.attribute}
    labels["__all__"] = _("Dòng")
    rows: dict[int, PreviewRow] = {}
    for number, row_result in enumerate(result.rows, 1):
        row = rows[number] = PreviewRow(number=number, action=resource.preview_action(row_result), values={})
        if describe_changes is not None and row_result.instance is not None:
            row.changes = describe_changes(row_result.instance)
            if row.action == "update" and not row.changes:
                row.action = "unchanged"
    for invalid in result.invalid_rows:
        row = rows.setdefault(invalid.number, PreviewRow(number=invalid.number, action="invalid", values={}))
        row.action = "invalid"
        for name, messages in invalid.error_dict.items():
            for message in messages:
                row.errors.append(f"{labels.get(name, name)}: {message}")
    for number, errors in result.row_errors():
        row = rows.setdefault(number, PreviewRow(number=number, action="error", values={}))
        row.action = "error"
        row.errors.extend(error_text(error.error) for error in errors)
    for number, values in enumerate(dataset.dict, 1):
        if number in rows:
            rows[number].values = {key: _shown(value) for key, value in values.items()}
    file_errors = [error_text(error.error) for error in result.base_errors]
    return ImportOutcome(kind=kind, rows=[rows[n] for n in sorted(rows)], file_errors=file_errors, total=len(dataset))


def _shown(value) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    return cell_text(value)
