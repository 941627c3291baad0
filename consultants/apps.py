from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultants")

    def ready(self) -> None:
        from consultants.models import Consultant
        from portal import registry
        from portal.models import StaffRole
        from portal.permissions import MANAGERS
        from portal.registry import SitemapSection
        from portal.sitemaps import objects_sitemap

        registry.sitemaps.register(SitemapSection("consultants", objects_sitemap(lambda: Consultant.objects.active().order_by('pk'))))

        from . import demo, providers

        registry.nav.register(providers.NAV, order=30)
        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=40)
        registry.municipality_panels.register(providers.municipality_consultants_panel, order=10)
        registry.contacts.register(providers.municipality_contacts)
        registry.advice.register(providers.consultant_advice, order=20)
        registry.demo_seeders.register(demo.seed, order=10)
        registry.search.register(providers.consultant_search, order=30)
        registry.staff_permissions.register((StaffRole.CONSULTANT, "consultants.view_*"))
        for role in MANAGERS:
            registry.staff_permissions.register((role, "consultants.*"))
