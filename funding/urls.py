from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.funding_home, name="home"),
    path("xa/<int:commune_id>/<int:year>/", views.summary, name="summary"),
    path("xa/<int:commune_id>/<int:year>/dong-von/", views.line_list, name="lines"),
    path("xa/<int:commune_id>/dong-von/them/", views.line_create, name="line_create"),
    path("dong-von/<int:pk>/sua/", views.line_edit, name="line_edit"),
    path("dong-von/<int:pk>/xoa/", views.line_delete, name="line_delete"),
    path("cong-trinh/<int:work_id>/", views.work_money, name="work_money"),
]
urlpatterns += [
    path("xa/<int:commune_id>/<int:year>/tong-hop.xlsx", views.export_summary, name="export_summary"),
    path("xa/<int:commune_id>/<int:year>/dong-von.xlsx", views.export_lines, name="export_lines"),
    path("xa/<int:commune_id>/mau-nhap.xlsx", views.import_template, name="import_template"),
    path("xa/<int:commune_id>/nhap/", views.line_import, name="import"),
]
