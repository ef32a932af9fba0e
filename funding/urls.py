from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.funding_home, name="home"),
    path("communes/<int:commune_id>/<int:year>/", views.summary, name="summary"),
    path("communes/<int:commune_id>/<int:year>/lines/", views.line_list, name="lines"),
    path("communes/<int:commune_id>/lines/new/", views.line_create, name="line_create"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    path("works/<int:work_id>/", views.work_money, name="work_money"),
]
urlpatterns += [
    path("communes/<int:commune_id>/<int:year>/summary.xlsx", views.export_summary, name="export_summary"),
    path("communes/<int:commune_id>/<int:year>/lines.xlsx", views.export_lines, name="export_lines"),
    path("communes/<int:commune_id>/import/template.xlsx", views.import_template, name="import_template"),
    path("communes/<int:commune_id>/import/", views.line_import, name="import"),
]
