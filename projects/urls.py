from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("works/", views.work_list, name="work_list"),
    path("works/export.xlsx", views.work_export, name="work_export"),
    path("works/<int:pk>/", views.work_detail, name="work_detail"),
    path("works/<int:pk>/edit/", views.work_edit, name="work_edit"),
    path("works/<int:pk>/progress/", views.progress_create, name="progress_create"),
    path("works/<int:pk>/progress/quick/", views.progress_quick, name="progress_quick"),
    path("communes/<int:commune_id>/works/new/", views.work_create, name="work_create"),
    path("plan/", views.plan_home, name="plan_home"),
    path("communes/<int:commune_id>/plan/<int:year>/", views.plan, name="plan"),
    path("communes/<int:commune_id>/plan/<int:year>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("communes/<int:commune_id>/import/<slug:kind>/", views.import_upload, name="import"),
    path("communes/<int:commune_id>/import/<slug:kind>/confirm/", views.import_confirm, name="import_confirm"),
]
