from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes and themes")

    def ready(self) -> None:
        from portal import registry
        from portal.permissions import CONTENT_STAFF
        from portal.registry import SitemapSection
        from portal.sitemaps import objects_sitemap
        from programmes.models import Programme, Theme

        registry.sitemaps.register(SitemapSection("programmes", objects_sitemap(lambda: Programme.objects.published().order_by('pk'))))
        registry.sitemaps.register(SitemapSection("themes", objects_sitemap(lambda: Theme.objects.order_by('pk'))))

        from . import providers

        registry.nav.register(providers.NAV, order=10)
        registry.home_panels.register(providers.home_programmes_panel, order=10)
        for role in CONTENT_STAFF:
            registry.staff_permissions.register((role, "programmes.*"))
