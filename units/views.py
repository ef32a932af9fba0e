from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import AdministrativeUnit, Level
from .scoping import can_edit, get_visible_or_404


@require_safe
def unit_list(request):
    """The communes a user may see, grouped under their province and district."""
    communes = (
        AdministrativeUnit.objects.visible_to(request.user)
        .communes()
        .select_related("parent__parent")
        .annotate(village_count=Count("children", filter=Q(children__level=Level.VILLAGE)))
    )
    return render(request, "units/unit_list.html", {"communes": communes})


@require_safe
def unit_detail(request, pk):
    unit = get_visible_or_404(AdministrativeUnit.objects.select_related("parent__parent"), request.user, pk=pk)
    children = unit.children.order_by("name")
    context = {"unit": unit, "children": children, "can_edit": can_edit(request.user, unit)}
    return render(request, "units/unit_detail.html", context)
