from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from portal import registry
        from portal.models import StaffRole
        from portal.permissions import MANAGERS

        from . import demo, mails, providers, sending, services  # noqa: F401  (kinds of mail; tasks)

        registry.demo_seeders.register(demo.seed, order=55)
        for link in providers.STAFF_LINKS:
            registry.staff_links.register(link, order=35)
        registry.figures.register(providers.subscriber_figures, order=45)
        registry.my_portal_panels.register(providers.subscription_panel, order=45)
        registry.home_panels.register(providers.home_newsletter_panel, order=90)
        registry.personal_data.register(providers.subscription_personal_data, order=45)
        registry.account_erasers.register(providers.erase_subscription, order=45)
        for section in providers.SITEMAPS:
            registry.sitemaps.register(section, order=45)
        # Editors compose and send editions; who subscribed is for programme managers only.
        for model in ("edition", "editionitem"):
            for action in ("view", "add", "change", "delete"):
                registry.staff_permissions.register((StaffRole.EDITOR, f"newsletter.{action}_{model}"))
        for role in MANAGERS:
            registry.staff_permissions.register((role, "newsletter.*"))
