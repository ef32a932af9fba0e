from django.urls import path

from . import views, views_recognition, views_review, views_sets
from .models import TransitionAction

app_name = "criteria"
urlpatterns = [
    path("sets/", views.set_list, name="sets"),
    path("sets/<int:pk>/", views.set_detail, name="set"),
    path("sets/<int:pk>/export.xlsx", views_sets.set_export, name="set_export"),
    path("sets/<int:pk>/import/", views_sets.set_import, name="set_import"),
    path("units/<int:unit_id>/", views.unit_assessments, name="unit"),
    path("units/<int:unit_id>/new/", views.assessment_create, name="assessment_create"),
    path("units/<int:unit_id>/history/", views.unit_history, name="history"),
    path("units/<int:unit_id>/villages/", views.village_progress, name="villages"),
    path("units/<int:unit_id>/ocop/", views.ocop_list, name="ocop"),
    path("units/<int:unit_id>/ocop/new/", views.ocop_edit, name="ocop_create"),
    path("units/<int:unit_id>/ocop/<int:pk>/", views.ocop_edit, name="ocop_edit"),
    path("units/<int:unit_id>/ocop/<int:pk>/delete/", views.ocop_delete, name="ocop_delete"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/groups/<int:group>/", views.assessment_group, name="group"),
    path("assessments/<int:pk>/indicators/<int:indicator_id>/", views.indicator_save, name="indicator_save"),
    path(
        "assessments/<int:pk>/indicators/<int:indicator_id>/comment/",
        views_review.indicator_comment,
        name="indicator_comment",
    ),
    path(
        "assessments/<int:pk>/indicators/<int:indicator_id>/appraisal/",
        views_review.indicator_appraisal,
        name="indicator_appraisal",
    ),
    # One address per transition (criteria.review.TRANSITIONS): criteria:transition_submit, …_approve, …
    *(
        path(
            f"assessments/<int:pk>/transition/{action}/",
            views_review.assessment_transition,
            {"action": action},
            name=f"transition_{action}",
        )
        for action in TransitionAction.values
    ),
    path("values/<int:value_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("assessments/<int:pk>/recognition/", views_recognition.recognition_create, name="recognition_create"),
    path("recognitions/<int:pk>/scan/", views.recognition_scan, name="recognition_scan"),
]
