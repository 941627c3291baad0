from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuickscanConfig(AppConfig):
    name = "quickscan"
    verbose_name = _("Quick Scan")

    def ready(self) -> None:
        from portal import registry
        from portal.models import StaffRole
        from portal.permissions import MANAGERS

        # services and the report modules define the Celery tasks beside their work; mails registers its kinds
        from . import demo, mails, privacy, providers, reports, scoring, services  # noqa: F401

        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=30)
        registry.overview_columns.register(providers.OPEN_SCANS, order=30)
        registry.my_portal_panels.register(providers.griffier_quickscan_panel, order=10)
        registry.personal_data.register(privacy.personal_data, order=10)
        registry.demo_seeders.register(demo.seed, order=30)
        providers.register_dossier_and_figures(registry)  # dossier timeline, staff figures, reach
        registry.staff_permissions.register((StaffRole.CONSULTANT, "quickscan.view_*"))
        for role in MANAGERS:
            registry.staff_permissions.register((role, "quickscan.*"))
