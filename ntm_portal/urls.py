from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from criteria.urls import urlpatterns as criteria_urlpatterns
from criteria.views_inbox import inbox
from reports.views_gaps import assessment_gaps
from units.forms import LoginForm

from . import legacy, views

# The gap page joins criteria and the works linked to them, so its view lives in reports (criteria may not
# import projects); it keeps its path and its name among the criteria routes.
criteria_routes = [*criteria_urlpatterns, path("assessments/<int:pk>/gaps/", assessment_gaps, name="gaps")]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("ops.urls")),
    path("", include("audit.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    # A visitor chooses the language on the login page, before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("inbox/", inbox, name="inbox"),
    path("units/", include("units.urls")),
    path("criteria/", include((criteria_routes, "criteria"))),
    path("projects/", include("projects.urls")),
    path("funding/", include("funding.urls")),
    path("reports/", include("reports.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("jobs/", include("jobs.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    # Addresses of earlier releases: permanent redirects to today's (ntm_portal/legacy.py, ADR 0007).
    path("", include((legacy.urlpatterns, "old"))),
]
# Uploads are served by ops.views.media_file (MEDIA_URL), to users who may see their record.
