"""Fetch-and-authorize helpers: one call per object fetch, so no view forgets the check.

Outsiders get 404 (the record's existence does not leak); a user who may read but not
change gets 403 on a write. People of a unit that ended (merged away) keep reading its history but
change nothing until the administrator moves them to the successor (docs/adr/0092).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Membership, Role, is_administrator, membership_of


def get_visible_or_404(queryset, user, **lookup):
    return get_object_or_404(queryset.visible_to(user), **lookup)


def get_editable_or_403(queryset, user, **lookup):
    """The object if the user may change it; 404 if he may not even see it, 403 if he may only read."""
    instance = get_visible_or_404(queryset, user, **lookup)
    scope_field = queryset.model.objects.none().scope_field
    unit = getattr(instance, scope_field) if scope_field else instance
    require_edit(user, unit)
    return instance


def home_commune(user):
    """The user's own commune ("my commune"): an official's or steering member's; None for everyone else."""
    membership = membership_of(user)
    return membership.home_commune if membership else None


def can_edit(user, unit) -> bool:
    return _has_role_over(user, unit, {Role.OFFICIAL})


def can_approve(user, unit) -> bool:
    return _has_role_over(user, unit, {Role.STEERING})


def can_appraise(user, unit) -> bool:
    """The coordination office whose area covers `unit` today (a province's since 1/7/2025; an ended
    district's office reads only, like every member of an ended unit)."""
    return _has_role_over(user, unit, {Role.COORDINATOR})


def require_edit(user, unit):
    if not can_edit(user, unit):
        raise PermissionDenied


def require_approve(user, unit):
    if not can_approve(user, unit):
        raise PermissionDenied


def require_appraise(user, unit):
    if not can_appraise(user, unit):
        raise PermissionDenied


def _has_role_over(user, unit, roles) -> bool:
    if is_administrator(user):
        return True
    membership = membership_of(user)
    return membership is not None and _holds(membership, unit, roles)


def _holds(membership, unit, roles) -> bool:
    """The membership gives one of `roles` over `unit` today (its own unit in force, `unit` within it)."""
    return membership.role in roles and not membership.unit.has_ended and unit.is_within(membership.unit)


def people_with_role_over(unit, roles) -> list:
    """The active users whose membership gives them one of `roles` over `unit` today, by the rule of the
    `can_*` checks above; administrators, who hold every role everywhere, are not listed. One query: the
    candidates are the members of the units whose path, or a path merged into which, leads to `unit`."""
    prefixes = [unit.path[: end + 1] for end, char in enumerate(unit.path) if char == "/" and end > 0]
    condition = Q(unit__path__in=prefixes)
    for prefix in prefixes:
        condition |= Q(unit__absorbed_paths__contains=prefix)
    candidates = Membership.objects.filter(condition, role__in=roles, user__is_active=True)
    candidates = candidates.select_related("user", "unit").order_by("user__username")
    return [membership.user for membership in candidates if _holds(membership, unit, roles)]
