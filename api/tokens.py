"""Personal API tokens: made (shown once), checked, revoked, and each use recorded (docs/adr/0100)."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import audit_record, snapshot

from .models import ApiToken, TokenUse

# "ntm_" tells a leaked string for what it is (secret scanners, logs); 32 random bytes make the rest.
TOKEN_PREFIX = "ntm_"


def hash_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`: the record and the token itself, which is not kept and cannot be shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    days = settings.API_TOKEN_DAYS if days is None else days
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_of(raw),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit_record(user=user, instance=token, action=AuditEntry.Action.CREATE)
    return token, raw


def api_token_revoke(*, user, token: ApiToken) -> ApiToken:
    """Revoke `token` (its owner's act, or an administrator's); a revoked token stays, for the log of its uses."""
    if token.revoked_at is None:
        before = snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(user=user, instance=token, action=AuditEntry.Action.UPDATE, before=before)
    return token


def token_for(raw: str) -> ApiToken | None:
    """The token whose hash matches `raw` (revoked or expired ones too: the caller says why it is refused)."""
    return ApiToken.objects.select_related("user").filter(key_hash=hash_of(raw)).first()


@transaction.atomic
def token_use_record(*, token: ApiToken, method: str, path: str, query: str, status: int) -> TokenUse:
    """One read with a token: the use is logged and the token's last use moved, in one transaction."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return TokenUse.objects.create(
        token=token, user_id=token.user_id, method=method, path=path[:300], query=query[:500], status=status
    )
