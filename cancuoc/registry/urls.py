from django.urls import path  # noqa: F401

app_name = "registry"
urlpatterns: list = []

from django.urls import include  # noqa: E402

# Bulk import of people lists (registry.imports): import-upload, import-detail, ...
urlpatterns += [path("nhap-danh-sach/", include("cancuoc.registry.imports.urls"))]
