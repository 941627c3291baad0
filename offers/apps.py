from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Programme offers")

    def ready(self) -> None:
        from offers.models import Offer
        from portal import registry
        from portal.models import StaffRole
        from portal.permissions import MANAGERS
        from portal.registry import SitemapSection
        from portal.sitemaps import objects_sitemap

        registry.sitemaps.register(SitemapSection("offers", objects_sitemap(lambda: Offer.objects.published().order_by('pk'))))

        from . import demo, mails, providers  # noqa: F401  (mails registers its kinds of mail)

        registry.demo_seeders.register(demo.seed, order=40)

        registry.nav.register(providers.NAV, order=50)
        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=25)
        # The core's figures page and dossier link are drawn by the core; this app is their first user.
        registry.my_portal_panels.register(providers.my_applications_panel, order=30)
        registry.municipality_panels.register(providers.dossier_applications_panel, order=30)
        registry.timeline.register(providers.timeline, order=30)
        registry.figures.register(providers.figures, order=40)
        registry.reach.register(providers.reach, order=40)
        registry.questionnaire_gates.register(providers.quickscan_gate)
        registry.personal_data.register(providers.personal_data, order=40)
        registry.account_erasers.register(providers.erase_account, order=40)
        registry.staff_permissions.register((StaffRole.CONSULTANT, "offers.view_*"))
        for role in MANAGERS:
            registry.staff_permissions.register((role, "offers.*"))
