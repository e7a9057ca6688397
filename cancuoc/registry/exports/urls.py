"""Included by registry.urls, so the names live in the "registry" namespace."""

from django.urls import path

from cancuoc.registry.exports import views

urlpatterns = [
    path("xuat-danh-sach.<str:fmt>", views.people_export, name="people-export"),
]
