from django.urls import path

from . import views, views_dashboard

app_name = "reports"
urlpatterns = [
    # The plan document (reports/views.py). Dashboards add their own lines (reports/views_dashboard.py).
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/issue/", views.document_issue, name="document_issue"),
    path("documents/<int:pk>/download/<str:fmt>/", views.document_download, name="document_download"),
    path("documents/year/<int:year>/zip/", views.year_zip, name="year_zip"),
    path("communes/<int:commune_id>/documents/new/", views.document_create, name="document_create"),
    path("issued/<int:pk>/download/", views.issued_download, name="issued_download"),
]

# Dashboards (reports/views_dashboard.py, owned by the dashboards engineer).
urlpatterns += [
    path("dashboard/", views_dashboard.dashboard_home, name="dashboard_home"),
    path("dashboard/area/", views_dashboard.area_dashboard, name="dashboard_area"),
    path("dashboard/area/map/", views_dashboard.area_map, name="dashboard_area_map"),
    path("dashboard/area/export.xlsx", views_dashboard.area_export, name="dashboard_area_export"),
    path("dashboard/area/export.pdf", views_dashboard.area_export, {"fmt": "pdf"}, name="dashboard_area_pdf"),
    path("dashboard/communes/<int:commune_id>/", views_dashboard.commune_dashboard, name="dashboard_commune"),
    path(
        "dashboard/communes/<int:commune_id>/export.pdf",
        views_dashboard.commune_dashboard,
        {"fmt": "pdf"},
        name="dashboard_commune_pdf",
    ),
]
