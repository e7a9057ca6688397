from django.urls import path

from cancuoc.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("tim/", views.unit_search, name="unit-search"),
    path("them/", views.unit_add, name="unit-add"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/het-hieu-luc/", views.unit_retire, name="unit-retire"),
]
