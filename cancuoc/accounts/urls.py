from django.contrib.auth import views as auth_views
from django.urls import path

from cancuoc.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("nhat-ky/", views.audit_list, name="audit-list"),
]
