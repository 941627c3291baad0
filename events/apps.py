from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from events.models import Event
        from portal import registry
        from portal.models import StaffRole
        from portal.permissions import CONTENT_STAFF
        from portal.registry import SitemapSection
        from portal.sitemaps import objects_sitemap

        registry.sitemaps.register(SitemapSection("events", objects_sitemap(lambda: Event.objects.published().order_by('pk'))))

        from . import demo, mails, providers  # noqa: F401  (mails registers its kinds of mail)
        from .services import housekeeping, registration  # noqa: F401  (the periodic tasks live beside their work)

        registry.nav.register(providers.NAV, order=15)
        registry.demo_seeders.register(demo.seed, order=35)
        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=25)
        registry.home_panels.register(providers.home_events_panel, order=20)
        registry.theme_panels.register(providers.theme_events_panel, order=30)
        registry.programme_panels.register(providers.programme_events_panel, order=30)
        registry.advice.register(providers.event_advice, order=15)
        registry.my_portal_panels.register(providers.my_registrations_panel, order=15)
        registry.timeline.register(providers.municipality_timeline, order=30)
        registry.figures.register(providers.event_figures, order=30)
        registry.search.register(providers.event_search, order=30)
        registry.newsletter_items.register(providers.newsletter_items, order=30)
        registry.personal_data.register(providers.personal_data, order=30)
        registry.account_erasers.register(providers.erase_account, order=30)
        registry.staff_permissions.register((StaffRole.CONSULTANT, "events.view_*"))
        for role in CONTENT_STAFF:
            registry.staff_permissions.register((role, "events.*"))
