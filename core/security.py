"""Login throttling glue for django-axes: which address a request comes from, and when to check."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str:
    """The caller's address: the socket's, or, behind PROXY_COUNT trusted proxies, the one they saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the entry
    PROXY_COUNT from the right is the last one a trusted proxy wrote; anything left of it is forgeable.
    """
    proxies = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check on every login form; code that authenticates without a request is not throttled.

    Only the login form (a request from outside) can be brute-forced; the test client's `login()` and
    management commands call `authenticate()` without a request, which axes would otherwise refuse.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets: in Vietnamese, saying how long to wait (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
