from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("audit/", views.audit_list, name="audit_list"),
    path("media/<path:path>", views.media_file, name="media_file"),
]
