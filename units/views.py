from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import AdministrativeUnit, Level, UnitCatalogue
from .scoping import can_edit, get_visible_or_404

PAGE_SIZE = 100


@require_safe
def unit_list(request):
    """The communes a user may see, today's or those that ended with a reform, and where the list comes from."""
    ended = request.GET.get("ended") == "1"
    communes = AdministrativeUnit.objects.visible_to(request.user).communes()
    communes = communes.filter(dissolved_on__isnull=False) if ended else communes.current()
    communes = communes.select_related("parent__parent").annotate(
        village_count=Count("children", filter=Q(children__level=Level.VILLAGE))
    )
    context = {
        "page": Paginator(communes.order_by("path", "name"), PAGE_SIZE).get_page(request.GET.get("page")),
        "ended": ended,
        "catalogues": UnitCatalogue.objects.all()[:5],
    }
    return render(request, "units/unit_list.html", context)


@require_safe
def unit_detail(request, pk):
    unit = get_visible_or_404(AdministrativeUnit.objects.select_related("parent__parent"), request.user, pk=pk)
    children = unit.children.order_by("name")
    context = {"unit": unit, "children": children, "can_edit": can_edit(request.user, unit)}
    return render(request, "units/unit_detail.html", context)
