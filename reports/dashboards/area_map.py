"""The area dashboard's map as a request of its own (docs/adr/0064, addendum): drawn once for each state of what it
shows, then read from the cache.

The map shows every commune of the area, whatever the page and the sort; at 3,321 communes its rows and its drawing
took more than the page's whole budget. The page only leaves a place for it, which htmx fills from
`reports:dashboard_area_map`.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .exports import area_map_for

# How long a drawn map is kept. Its key changes whenever what it shows changes, so this bounds only the memory
# held by maps nobody asks for any more (one process's cache keeps at most a few hundred entries anyway).
MAP_SECONDS = 3600


def area_map_part(dashboard) -> SafeString:
    """The map of every row of `dashboard` (built without `page`, in the order of names) with the communes it cannot
    place listed under it, as HTML; one query when it is in the cache (`map_version`), one more to draw it."""
    key = f"area-map:{dashboard.year}:{translation.get_language()}:{map_version(dashboard.summary)}"
    part = cache.get(key)
    if part is None:
        title = _("Bản đồ các xã, năm %(year)s") % {"year": dashboard.year}
        area_map, unplaced = area_map_for(dashboard.map_rows, dashboard.year, title=title)
        context = {"area_map": area_map, "unplaced": unplaced, "year": dashboard.year}
        part = render_to_string("reports/includes/area_map.html", context)
        cache.set(key, part, MAP_SECONDS)  # a SafeString: the cache keeps its class
    return part


def map_version(rows) -> str:
    """What the map of the summary rows `rows` depends on, as a digest; one query.

    Each row's id and the moment it was last computed (every write that changes a commune's name, criteria or
    recognitions recomputes its row, `reports.summary`; a row removed or added changes the ids) and each unit's
    centroid and demonstration flag (the unit catalogue fills centroids without touching the summary). It is not
    the viewer: two users whose areas hold the same rows share one map, and a change of someone's area changes his
    rows. The rows themselves are hashed rather than their latest moment, so that a write committed after another
    one computed later still changes the digest."""
    columns = ("pk", "refreshed_at", "unit__latitude", "unit__longitude", "unit__is_demo")
    state = rows.order_by("pk").values_list(*columns)
    return hashlib.blake2b(repr(list(state)).encode(), digest_size=16).hexdigest()
