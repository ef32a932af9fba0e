"""The addresses and query parameters of earlier releases, and today's for each (ADR 0007).

Machine names (paths, query parameters and their values) are English. The funding pages and the
dashboards' parameters were Vietnamese until December 2026; a bookmark of those days still opens the
same page, through a permanent redirect (`core.legacy`). Add a line here when an address changes.
"""

from core.legacy import OldQuery, OldQueryMiddleware, moved

OLD_QUERY = OldQuery(
    parameters={
        "nam": "year",
        "giai_doan": "stage",
        "nguon": "source",
        "cong_trinh": "work",
        "sap_xep": "sort",
        "dinh_dang": "format",
    },
    values={
        # the area dashboard's columns (reports.dashboards.SORTS)
        "sort": {
            "ten": "name",
            "tieu_chi": "criteria",
            "cham": "late",
            "dung_tien_do": "on_track",
            "huy_dong": "mobilised",
            "ty_le": "share",
            "cap_nhat": "updated",
        },
    },
    addresses={
        # the printed commune dashboard was the page's "?dinh_dang=pdf"; a download is a path of its own now
        ("reports:dashboard_commune", "format", "pdf"): "reports:dashboard_commune_pdf",
    },
)


class OldQueryParameters(OldQueryMiddleware):
    old_query = OLD_QUERY


def _moved(route: str, name: str):
    return moved(route, name, OLD_QUERY)


# Included in the namespace "old": the pattern redirecting to "funding:summary" is "old:funding_summary".
urlpatterns = [
    _moved("funding/xa/<int:commune_id>/<int:year>/", "funding:summary"),
    _moved("funding/xa/<int:commune_id>/<int:year>/dong-von/", "funding:lines"),
    _moved("funding/xa/<int:commune_id>/dong-von/them/", "funding:line_create"),
    _moved("funding/dong-von/<int:pk>/sua/", "funding:line_edit"),
    _moved("funding/dong-von/<int:pk>/xoa/", "funding:line_delete"),
    _moved("funding/cong-trinh/<int:work_id>/", "funding:work_money"),
    _moved("funding/xa/<int:commune_id>/<int:year>/tong-hop.xlsx", "funding:export_summary"),
    _moved("funding/xa/<int:commune_id>/<int:year>/dong-von.xlsx", "funding:export_lines"),
    _moved("funding/xa/<int:commune_id>/mau-nhap.xlsx", "funding:import_template"),
    _moved("funding/xa/<int:commune_id>/nhap/", "funding:import"),
]
