from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Library and news")

    def ready(self) -> None:
        from portal import registry
        from portal.permissions import CONTENT_STAFF

        from . import demo, mails, providers, search, services  # noqa: F401  (kinds of mail; tasks)

        registry.nav.register(providers.NAV, order=40)
        registry.nav.register(providers.SEARCH_NAV, order=90)  # the core's search page (portal/search.py)
        registry.demo_seeders.register(demo.seed, order=45)
        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=30)
        registry.recent.register(providers.recent_publications, order=10)
        registry.theme_panels.register(providers.theme_publications_panel, order=30)
        registry.advice.register(providers.publication_advice, order=30)
        registry.search.register(search.publication_hits, order=10)
        registry.search_terms.register(search.suggest_terms, order=10)
        registry.municipality_panels.register(providers.municipality_experiences_panel, order=30)
        registry.timeline.register(providers.experience_timeline, order=30)
        registry.figures.register(providers.publication_figures, order=40)
        registry.my_portal_panels.register(providers.member_experiences_panel, order=40)
        registry.personal_data.register(providers.experiences_personal_data, order=40)
        registry.account_erasers.register(providers.erase_experiences, order=40)
        registry.newsletter_items.register(providers.newsletter_items, order=10)
        for section in providers.SITEMAPS:
            registry.sitemaps.register(section, order=40)
        for role in CONTENT_STAFF:
            registry.staff_permissions.register((role, "publications.*"))
