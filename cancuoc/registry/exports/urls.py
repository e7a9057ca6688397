"""Included by registry.urls, so the names live in the "registry" namespace."""

from django.urls import path

from cancuoc.registry.exports import views

urlpatterns = [
    path("xuat-danh-sach.<str:fmt>", views.people_export, name="people-export"),
    path("xuat/", views.export_list, name="export-list"),
    path("xuat/<int:job_id>/", views.export_detail, name="export-detail"),
    path("xuat/<int:job_id>/tien-do/", views.export_progress, name="export-progress"),
    path("xuat/<int:job_id>/tai-ve/", views.export_download, name="export-download"),
]
