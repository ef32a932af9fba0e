from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .lineage import lineage_of
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
    """A unit with its type, period, code, centroid and area, and what it was formed from and became."""
    units = AdministrativeUnit.objects.select_related("parent__parent").prefetch_related("history__parent")
    unit = get_visible_or_404(units, request.user, pk=pk)
    context = {
        "unit": unit,
        "children": unit.children.order_by("name"),
        "can_edit": can_edit(request.user, unit),
        "lineage": lineage_of(unit, user=request.user),
    }
    return render(request, "units/unit_detail.html", context)
