"""What the newsletter offers the core through `portal.registry` (registered in `NewsletterConfig.ready`)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import User
from portal.permissions import is_content_staff, is_manager, is_member
from portal.registry import Figure, FigureSection, Panel, SitemapSection, StaffLink
from programmes.models import Programme, Theme

from . import services
from .models import Edition, Subscriber

SMALL_GROUP = 5  # a figure about fewer people than this is not shown exactly

STAFF_LINKS = [
    StaffLink(
        _("Newsletter"),
        _("Compose an edition from news, publications and events; preview, test, send; the printed katern."),
        "newsletter:staff_edition_list",
        is_content_staff,
    ),
    StaffLink(
        _("Newsletter subscribers"),
        _("Who subscribed, with their preferences; export as CSV or Excel."),
        "newsletter:staff_subscriber_list",
        is_manager,
    ),
]


def _people(count: int):
    return count if count >= SMALL_GROUP else _("fewer than 5")


def subscriber_figures(*, user: User, municipalities) -> list[FigureSection]:
    """Confirmed subscribers, and how many chose each programme and theme. For programme managers."""
    if not is_manager(user):
        return []
    confirmed = Subscriber.objects.confirmed()
    figures = [
        Figure(_("Subscribers"), _people(confirmed.count())),
        Figure(_("Receive everything"), _people(confirmed.filter(all_sections=True).count())),
    ]
    per_programme = Programme.objects.annotate(n=Count("newsletter_subscribers", filter=_confirmed("newsletter_subscribers")))
    per_theme = Theme.objects.annotate(n=Count("newsletter_subscribers", filter=_confirmed("newsletter_subscribers")))
    figures += [Figure(programme.name_i18n, _people(programme.n), _("programme")) for programme in per_programme if programme.n]
    figures += [Figure(theme.name_i18n, _people(theme.n), _("theme")) for theme in per_theme if theme.n]
    return [FigureSection("newsletter", _("Newsletter"), figures, url=reverse("newsletter:staff_subscriber_list"))]


def _confirmed(relation: str) -> Q:
    return Q(**{f"{relation}__status": Subscriber.Status.CONFIRMED})


def subscription_panel(*, user: User) -> list[Panel]:
    if not is_member(user):
        return []
    return [Panel("newsletter/_my_subscription_panel.html", {"newsletter_subscription": services.subscription_of(user)})]


def home_newsletter_panel(*, user: User) -> list[Panel]:
    return [Panel("newsletter/_home_panel.html", {"latest_edition": Edition.objects.sent().order_by("-sent_at").first()})]


def subscription_personal_data(*, user: User) -> dict:
    subscriber = services.subscription_of(user)
    if subscriber is None:
        return {}
    return {
        "newsletter": {
            "email": subscriber.email,
            "status": subscriber.status,
            "language": subscriber.language,
            "everything": subscriber.all_sections,
            "programmes": [programme.name for programme in subscriber.programmes.all()],
            "themes": [theme.name for theme in subscriber.themes.all()],
            "requested_at": subscriber.requested_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
            "consent_version": subscriber.consent_version,
            "unsubscribed_at": subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None,
        }
    }


def erase_subscription(*, user: User) -> None:
    services.subscription_erase(user=user)


class ArchiveSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Edition.objects.sent().only("slug", "sent_at").order_by("-sent_at")

    def lastmod(self, item: Edition):
        return item.sent_at


class NewsletterPagesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["newsletter:subscribe", "newsletter:archive_list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = [SitemapSection("newsletter-pages", NewsletterPagesSitemap), SitemapSection("newsletter", ArchiveSitemap)]
