from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "cancuoc.areas"
    label = "areas"
    verbose_name = "Đơn vị hành chính"
