from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import pages, views

app_name = "api"

router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("criteria-sets", views.CriteriaSetViewSet, basename="criteria-set")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("recognitions", views.RecognitionViewSet, basename="recognition")
router.register("works", views.WorkViewSet, basename="work")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("money", views.MoneyViewSet, basename="money")
router.register("documents", views.IssuedDocumentViewSet, basename="document")
router.register("area-summaries", views.AreaSummaryViewSet, basename="area-summary")
router.register("exports/indicators", views.IndicatorExportViewSet, basename="indicator-export")

urlpatterns = [
    path("v1/", include(router.urls)),
    # The schema and its docs page are public: they describe the API, not the portal's data.
    path("schema/", login_not_required(SpectacularAPIView.as_view(api_version="1")), name="schema"),
    path("docs/", login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
    path("<path:rest>", views.unknown, name="unknown"),
]
