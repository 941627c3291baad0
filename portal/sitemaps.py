"""sitemap.xml and robots.txt: the public pages of the core and of every app (`registry.sitemaps`)."""

from collections.abc import Callable

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from . import registry
from .models import Municipality

SITEMAP_CACHE_SECONDS = 3600
# Pages for one person or for staff: nothing a search engine should visit.
DISALLOWED = [
    "/admin/", "/accounts/", "/beheer/", "/mijn/", "/i18n/", "/zoeken/",
    "/bibliotheek/beheer/", "/nieuwsbrief/beheer/", "/nieuwsbrief/bevestigen/", "/nieuwsbrief/instellingen/",
    "/nieuwsbrief/afmelden/",
]
NOT_LISTED = {"search:search"}  # search results are for people, not for crawlers


class CorePagesSitemap(Sitemap):
    """The core's own pages and the entry page of every app in the main navigation."""

    changefreq = "weekly"
    priority = 0.7

    def items(self) -> list[str]:
        core = ["portal:home", "portal:municipality_list", "portal:privacy", "portal:accessibility"]
        return core + [link.url_name for link in registry.nav if link.url_name not in {*core, *NOT_LISTED}]

    def location(self, item: str) -> str:
        return reverse(item)


class MunicipalitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Municipality.objects.current().only("slug").order_by("name")


def objects_sitemap(items: Callable[[], QuerySet], *, changefreq: str = "weekly", priority: float = 0.5) -> type[Sitemap]:
    """A sitemap of the objects `items()` returns, each at its `get_absolute_url()`: for apps to register."""
    return type("ObjectsSitemap", (Sitemap,), {"items": lambda self: items(), "changefreq": changefreq, "priority": priority})


def sections() -> dict:
    found = {"pages": CorePagesSitemap, "municipalities": MunicipalitySitemap}
    for section in registry.sitemaps:
        found[section.key] = section.sitemap
    return found


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, sections(), sitemap_url_name="sitemap_section")


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sections(), section=section)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
