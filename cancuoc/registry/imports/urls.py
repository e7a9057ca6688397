"""Included by registry.urls, so the names live in the "registry" namespace."""

from django.urls import path

from cancuoc.registry.imports import views

urlpatterns = [
    path("", views.import_upload, name="import-upload"),
    path("<int:job_id>/", views.import_detail, name="import-detail"),
    path("<int:job_id>/tien-do/", views.import_progress, name="import-progress"),
    path("<int:job_id>/bao-cao-loi.xlsx", views.import_report, name="import-report"),
    path("<int:job_id>/chay-tiep/", views.import_resume, name="import-resume"),
]
