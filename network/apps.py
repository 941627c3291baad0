from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network Lokale Digitale Democratie")

    def ready(self) -> None:
        from network.models import Coalition
        from portal import registry
        from portal.models import StaffRole
        from portal.permissions import MANAGERS
        from portal.registry import SitemapSection
        from portal.sitemaps import objects_sitemap

        registry.sitemaps.register(SitemapSection("coalitions", objects_sitemap(lambda: Coalition.objects.order_by('pk'))))

        from . import demo, mails, providers  # noqa: F401  (mails registers its kinds of mail)

        registry.demo_seeders.register(demo.seed, order=50)

        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=26)
        registry.municipality_panels.register(providers.municipality_network_panel, order=40)
        registry.my_portal_panels.register(providers.my_network_panel, order=40)
        registry.theme_panels.register(providers.theme_coalitions_panel, order=60)
        registry.timeline.register(providers.timeline, order=40)
        registry.figures.register(providers.figures, order=50)
        registry.reach.register(providers.reach, order=50)
        registry.personal_data.register(providers.personal_data, order=50)
        registry.account_erasers.register(providers.erase_account, order=50)
        registry.staff_permissions.register((StaffRole.CONSULTANT, "network.view_*"))
        for role in MANAGERS:
            registry.staff_permissions.register((role, "network.*"))
