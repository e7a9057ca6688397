from django.urls import include, path

urlpatterns = [
    path("", include("cancuoc.reports.urls")),
    path("tai-khoan/", include("cancuoc.accounts.urls")),
    path("dan-cu/", include("cancuoc.registry.urls")),
    path("don-vi/", include("cancuoc.areas.urls")),
    path("api/", include("cancuoc.api.urls")),
]

handler404 = "cancuoc.lib.errors.not_found"
handler500 = "cancuoc.lib.errors.server_error"
handler403 = "cancuoc.lib.errors.forbidden"
