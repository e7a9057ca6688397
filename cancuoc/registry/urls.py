from django.urls import path

from cancuoc.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("them/", views.person_create, name="person-create"),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("<int:person_id>/sua/", views.person_edit, name="person-edit"),
    path("ho/<int:household_id>/", views.household_detail, name="household-detail"),
]

from django.urls import include  # noqa: E402

# Bulk import of people lists (registry.imports): import-upload, import-detail, ...
urlpatterns += [path("nhap-danh-sach/", include("cancuoc.registry.imports.urls"))]
# Exports of the people list (registry.exports): people-export, export-detail,
# export-progress, export-download
urlpatterns += [path("", include("cancuoc.registry.exports.urls"))]
# Lists agencies send, and their templates (registry.agency_lists): agency-list-*
urlpatterns += [path("", include("cancuoc.registry.agency_lists.urls"))]
# Register workflows (registry.workflows): dc01-*, dc02-*, idnumber-*, birth-create, moves-*, ...
urlpatterns += [path("", include("cancuoc.registry.workflows.urls"))]
