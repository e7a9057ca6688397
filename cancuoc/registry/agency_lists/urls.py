"""Included by registry.urls, so the names live in the "registry" namespace."""

from django.urls import path

from cancuoc.registry.agency_lists import views

urlpatterns = [
    path("mau-danh-sach/", views.template_list, name="agency-list-templates"),
    path("mau-danh-sach/<str:kind>.xlsx", views.template_download, name="agency-list-template"),
    path("danh-sach-co-quan/<int:list_id>/", views.list_detail, name="agency-list-detail"),
]
