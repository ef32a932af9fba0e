"""The project's own views: the home page routes each role to its dashboard."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from units.models import is_administrator, membership_of
from units.scoping import home_commune


@require_safe
def home(request):
    """Take each role to its dashboard: a commune's people to their commune's, the others to their area's."""
    membership = membership_of(request.user)
    if membership is None and not is_administrator(request.user):
        return render(request, "core/no_unit.html", status=403)
    if commune := home_commune(request.user):
        return redirect("reports:dashboard_commune", commune_id=commune.pk)
    return redirect("reports:dashboard_area")
