from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import (  # noqa: F401  (adapters and mails register their kinds of mail)
            adapters,
            checks,  # noqa: F401  (system checks)
            dashboard,
            dossier,
            mails,
            registry,
        )
        from .roles import CORE_PERMISSIONS, sync_staff_groups
        from .staff import CORE_STAFF_LINKS

        for link in CORE_STAFF_LINKS:
            registry.staff_links.register(link, order=10)
        registry.staff_links.register(dashboard.DASHBOARD_LINK, order=15)
        registry.municipality_panels.register(dossier.dossier_link_panel, order=5)
        for entry in CORE_PERMISSIONS:
            registry.staff_permissions.register(entry)
        # Configuration, not a side effect: keeps the staff groups' permissions in step with the apps.
        post_migrate.connect(sync_staff_groups, dispatch_uid="portal.sync_staff_groups")
