from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Zorgportaal"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app contributes its home tiles from a `tiles.py` module.
        autodiscover_modules("tiles")
