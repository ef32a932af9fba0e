from django.urls import path

from . import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("media/<path:path>", views.media_file, name="media_file"),
]
