"""The audit log: one row per change to a record, scoped to the commune it belongs to."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import ScopedQuerySet


class AuditEntryQuerySet(ScopedQuerySet):
    scope_field = "commune"

    def for_object(self, instance):
        content_type = ContentType.objects.get_for_model(instance)
        return self.filter(content_type=content_type, object_id=str(instance.pk))


class AuditEntry(models.Model):
    """One change to one record: who, when, and each field's old and new value."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, on_delete=models.SET_NULL
    )
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("xã"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("bản ghi"), max_length=300)
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        db_table = "core_auditentry"  # the table kept its name when the log left `core` (docs/adr/0008)
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_audite_content_45f5e6_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def is_creation(self) -> bool:
        return self.action == self.Action.CREATE
