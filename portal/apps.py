from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from .roles import sync_staff_groups

        # Configuration, not a side effect: keeps the staff groups' permissions in step with the apps.
        post_migrate.connect(sync_staff_groups, dispatch_uid="portal.sync_staff_groups")
