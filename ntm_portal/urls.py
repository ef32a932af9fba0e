from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from units.forms import LoginForm

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", include("units.urls")),
    path("criteria/", include("criteria.urls")),
    path("projects/", include("projects.urls")),
    path("funding/", include("funding.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
# Uploads are served by core.views.media_file (MEDIA_URL), to users who may see their record.
