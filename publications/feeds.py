"""RSS and Atom feeds of the library and of the news (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Publication

FEED_ITEMS = 30


class LibraryRssFeed(Feed):
    title = _("Lokale Democratie: new publications")
    description = _("Guides, reports, factsheets, columns and experiences of municipalities from the programmes for local democracy.")

    def link(self):
        return reverse("publications:library_list")

    def items(self):
        return Publication.objects.published().library().select_related("programme").order_by("-published_at")[:FEED_ITEMS]

    def item_title(self, item: Publication) -> str:
        return item.title_i18n

    def item_description(self, item: Publication) -> str:
        return item.summary_i18n

    def item_pubdate(self, item: Publication):
        return item.published_at

    def item_updateddate(self, item: Publication):
        return item.updated_at

    def item_author_name(self, item: Publication) -> str:
        return item.authors

    def item_categories(self, item: Publication):
        return [item.get_type_display()]


class LibraryAtomFeed(LibraryRssFeed):
    feed_type = Atom1Feed
    subtitle = LibraryRssFeed.description


class NewsRssFeed(LibraryRssFeed):
    title = _("Lokale Democratie: news")
    description = _("News from the programmes for local democracy.")

    def link(self):
        return reverse("publications:news_list")

    def items(self):
        return Publication.objects.published().news().order_by("-published_at")[:FEED_ITEMS]

    def item_categories(self, item: Publication):
        return []


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
