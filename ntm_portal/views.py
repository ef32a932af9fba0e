"""The project's own views: the home page routes each role to its dashboard."""

from django.shortcuts import redirect, render

from units.models import Role, is_administrator, membership_of


def home(request):
    """Take each role to its dashboard: a commune's people to their commune's, the others to their area's."""
    membership = membership_of(request.user)
    if membership is None and not is_administrator(request.user):
        return render(request, "core/no_unit.html", status=403)
    if membership and membership.role in (Role.OFFICIAL, Role.STEERING):
        return redirect("reports:dashboard_commune", commune_pk=membership.unit_id)
    return redirect("reports:dashboard_area")
