from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Inwerkprogramma workshops")

    def ready(self) -> None:
        from portal import registry
        from portal.models import StaffRole
        from portal.permissions import MANAGERS
        from portal.registry import SitemapSection
        from portal.sitemaps import objects_sitemap
        from workshops.models import Workshop

        registry.sitemaps.register(SitemapSection("workshops", objects_sitemap(lambda: Workshop.objects.published().order_by('pk'))))

        from . import demo, mails, privacy, providers  # noqa: F401  (mails registers its kinds of mail)

        registry.nav.register(providers.NAV, order=20)
        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=20)
        registry.overview_columns.register(providers.OPEN_REQUESTS, order=20)
        registry.advice.register(providers.workshop_advice, order=10)
        registry.my_portal_panels.register(providers.griffier_workshops_panel, order=20)
        registry.theme_panels.register(providers.theme_workshops_panel, order=20)
        registry.personal_data.register(privacy.personal_data, order=20)
        registry.demo_seeders.register(demo.seed, order=20)
        providers.register_dossier_and_figures(registry)  # dossier timeline, staff figures, reach
        registry.search.register(providers.workshop_search, order=20)
        registry.staff_permissions.register((StaffRole.CONSULTANT, "workshops.view_*"))
        for role in MANAGERS:
            registry.staff_permissions.register((role, "workshops.*"))
