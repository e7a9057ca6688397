from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cancuoc.api"
    label = "api"
    verbose_name = "API"
