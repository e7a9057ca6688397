from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cancuoc.reports"
    label = "reports"
    verbose_name = "Báo cáo"
