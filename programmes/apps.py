from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes and themes")

    def ready(self) -> None:
        from portal import registry
        from portal.models import StaffRole

        from . import providers

        registry.nav.register(providers.NAV, order=10)
        registry.home_panels.register(providers.home_programmes_panel, order=10)
        for role in (StaffRole.EDITOR, StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR):
            registry.staff_permissions.register((role, "programmes.*"))
