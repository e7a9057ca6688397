from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Exports of people lists: `cancuoc export people`, and the background export jobs."""

    name = "cancuoc.registry.exports"
    label = "registry_exports"
    verbose_name = "Xuất danh sách"
