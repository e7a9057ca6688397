from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """No models: an app only so that `cancuoc export people` is found as a command."""

    name = "cancuoc.registry.exports"
    label = "registry_exports"
    verbose_name = "Xuất danh sách"
