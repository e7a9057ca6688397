from django.apps import AppConfig


class AgencyListsConfig(AppConfig):
    name = "cancuoc.registry.agency_lists"
    label = "agency_lists"
    verbose_name = "Danh sách cơ quan gửi"
