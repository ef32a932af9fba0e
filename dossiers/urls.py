from django.urls import path

from . import views

app_name = "dossiers"
dossier = "units/<int:unit_id>/<int:year>/<str:level>/"
urlpatterns = [
    path(dossier, views.dossier_detail, name="dossier"),
    path(f"{dossier}texts/", views.texts_edit, name="texts"),
    path(f"{dossier}items/<int:item_id>/upload/", views.file_upload, name="upload"),
    path(f"{dossier}postings/", views.posting_add, name="posting_add"),
    path(f"{dossier}survey/", views.survey_save, name="survey"),
    path(f"{dossier}documents/<str:kind>.pdf", views.document_pdf_view, name="document"),
    path(f"{dossier}download.zip", views.dossier_download, name="download"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("files/<int:pk>/delete/", views.file_delete, name="file_delete"),
    path("postings/<int:pk>/delete/", views.posting_delete, name="posting_delete"),
]
