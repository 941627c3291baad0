from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuickscanConfig(AppConfig):
    name = "quickscan"
    verbose_name = _("Quick Scan")

    def ready(self) -> None:
        from portal import registry
        from portal.models import StaffRole

        from . import providers, services  # noqa: F401  (services defines the Celery tasks beside their work)

        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=30)
        registry.overview_columns.register(providers.OPEN_SCANS, order=30)
        registry.my_portal_panels.register(providers.griffier_quickscan_panel, order=10)
        providers.register_dossier_and_figures(registry)  # dossier timeline, staff figures, reach
        for role, pattern in [
            (StaffRole.CONSULTANT, "quickscan.view_*"),
            (StaffRole.PROGRAMME_MANAGER, "quickscan.*"),
            (StaffRole.ADMINISTRATOR, "quickscan.*"),
        ]:
            registry.staff_permissions.register((role, pattern))
