"""Personal API tokens and the log of their use (docs/adr/0100-read-api.md).

A token is shown once, when it is made; only its SHA-256 is kept, with its first characters to tell tokens apart.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet):
    def of(self, user):
        """A user's own tokens: nobody sees another person's, administrators included."""
        return self.filter(user=user)

    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên mã truy cập"), max_length=80, help_text=_("Ví dụ: bản đồ của tỉnh"))
    prefix = models.CharField(_("ký tự đầu"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_name_once_per_user",
                violation_error_message=_("Bạn đã có một mã truy cập đang dùng với tên này."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class TokenUse(models.Model):
    """Who read which endpoint when, with a token (the audit log of `audit` records changes, not reads)."""

    token = models.ForeignKey(ApiToken, verbose_name=_("mã truy cập"), on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.CASCADE)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(_("địa chỉ"), max_length=300)
    query = models.CharField(_("tham số"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("mã trả lời"))

    class Meta:
        verbose_name = _("lần dùng mã truy cập")
        verbose_name_plural = _("nhật ký dùng API")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.user} {self.method} {self.path} {self.at:%d/%m/%Y %H:%M}"
