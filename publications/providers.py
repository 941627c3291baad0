"""What the library offers the core through `portal.registry` (registered in `PublicationsConfig.ready`)."""

import datetime
from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, User
from portal.permissions import is_content_staff, is_member, municipalities_for
from portal.registry import (
    AdviceItem,
    Figure,
    FigureSection,
    NavLink,
    NewsletterItem,
    Panel,
    RecentItem,
    SitemapSection,
    StaffLink,
    TimelineEntry,
)
from programmes.models import Theme
from quickscan.advice import for_scan_theme

from .models import Experience, Publication
from .pagecache import cached_html
from .permissions import experience_municipalities, experiences_of

NAV = NavLink(_("Library"), "publications:library_list", "publications")
SEARCH_NAV = NavLink(_("Search"), "search:search", "search")
STAFF_LINKS = [
    StaffLink(
        _("Library and news"),
        _("Write, review and publish publications and news; restore earlier versions."),
        "publications:staff_list",
        is_content_staff,
    ),
    StaffLink(
        _("Shared experiences"),
        _("Experiences submitted by municipalities: turn them into publications or decline them."),
        "publications:staff_experience_list",
        is_content_staff,
    ),
]
THEME_ITEMS = 6


def _live():
    return Publication.objects.published()


def recent_publications(*, limit: int) -> list[RecentItem]:
    """The latest publications and news for "Recently added" on the home page."""
    rows = _live().order_by("-published_at").only("slug", "type", "title", "title_en", "summary", "summary_en", "published_at")
    return [
        RecentItem(
            publication.published_at,
            _("News") if publication.type == Publication.Type.NEWS else publication.get_type_display(),
            publication.title_i18n,
            publication.get_absolute_url(),
            publication.summary_i18n,
        )
        for publication in rows[:limit]
    ]


def theme_publications_panel(*, theme_id: int, user: User) -> list[Panel]:
    """On a theme page: its publications, the experiences of municipalities and the news (cached briefly:
    the same for every visitor)."""
    html = cached_html("theme", theme_id, build=lambda: _theme_publications_html(theme_id))
    return [Panel("publications/_cached_panel.html", {"html": html})] if html.strip() else []


def _theme_publications_html(theme_id: int) -> str:
    on_theme = (
        _live().filter(themes=theme_id).select_related("municipality").prefetch_related("themes").order_by("-published_at")
    )
    publications = list(on_theme.library().exclude(type=Publication.Type.EXPERIENCE)[:THEME_ITEMS])
    experiences = list(on_theme.experiences()[:THEME_ITEMS])
    news = list(on_theme.news()[:THEME_ITEMS])
    if not (publications or experiences or news):
        return ""
    slug = Theme.objects.filter(pk=theme_id).values_list("slug", flat=True).first()
    context = {"theme_publications": publications, "theme_experiences": experiences, "theme_news": news, "theme_slug": slug}
    return render_to_string("publications/_theme_publications.html", context)


def publication_advice(
    *, municipality: Municipality, scan_theme_slug: str, portal_theme_ids: Sequence[int], limit: int
) -> list[AdviceItem]:
    """Publications linked to the weak Quick Scan theme first, then those on its portal themes."""
    library = _live().library().order_by("-published_at")
    chosen = list(for_scan_theme(library, scan_theme_slug)[:limit])
    if len(chosen) < limit and portal_theme_ids:
        more = library.filter(themes__in=portal_theme_ids).exclude(pk__in=[p.pk for p in chosen]).distinct()
        chosen += list(more[: limit - len(chosen)])
    return [
        AdviceItem("publication", publication.get_type_display(), publication.title_i18n, publication.get_absolute_url())
        for publication in chosen
    ]


# ---------- a municipality's page and dossier ----------


def municipality_experiences_panel(*, municipality: Municipality, user: User | None, dossier: bool) -> list[Panel]:
    """Published experiences of the municipality; in the dossier also what was submitted and its status."""
    published = list(
        _live().experiences().filter(municipality=municipality).select_related("municipality")
        .prefetch_related("themes").order_by("-published_at")[:10]
    )
    submitted = []
    if dossier and user is not None and municipalities_for(user).filter(pk=municipality.pk).exists():
        submitted = list(
            Experience.objects.filter(municipality=municipality).select_related("publication").order_by("-created_at")[:20]
        )
    if not (published or submitted):
        return []
    return [
        Panel(
            "publications/_municipality_experiences.html",
            {"municipality": municipality, "experiences": published, "submitted_experiences": submitted, "dossier": dossier},
        )
    ]


def experience_timeline(*, municipality: Municipality, user: User) -> list[TimelineEntry]:
    """In the dossier: each experience the municipality shared, and when it went online."""
    entries = []
    rows = Experience.objects.filter(municipality=municipality).select_related("publication")
    for experience in rows:
        entries.append(
            TimelineEntry(
                experience.created_at, "experience", _("Experience shared"), experience.title,
                status=experience.get_status_display(),
            )
        )
        publication = experience.publication
        if publication is not None and publication.is_live:
            entries.append(
                TimelineEntry(
                    publication.published_at, "experience", _("Experience published"), publication.title,
                    url=publication.get_absolute_url(),
                )
            )
    return entries


# ---------- people ----------


def member_experiences_panel(*, user: User) -> list[Panel]:
    if not is_member(user):
        return []
    experiences = list(experiences_of(user).select_related("municipality", "publication")[:10])
    if not experiences and not experience_municipalities(user).exists():
        return []  # staff without a municipality: nothing to share from here
    return [Panel("publications/_my_experiences.html", {"my_experiences": experiences})]


def experiences_personal_data(*, user: User) -> dict:
    rows = experiences_of(user).select_related("municipality")
    return {
        "experiences": [
            {
                "title": experience.title,
                "municipality": experience.municipality.name,
                "status": experience.status,
                "submitted_at": experience.created_at.isoformat(),
                "contact_name": experience.contact_name,
                "contact_email": experience.contact_email,
                "what": experience.what,
                "why": experience.why,
                "result": experience.result,
                "lessons": experience.lessons,
            }
            for experience in rows
        ]
    }


def erase_experiences(*, user: User) -> None:
    """The experience belongs to the municipality and stays; the name and address of who sent it go."""
    Experience.objects.filter(submitted_by=user).update(submitted_by=None, contact_name="", contact_email="")


# ---------- staff figures ----------


def publication_figures(*, user: User, municipalities) -> list[FigureSection]:
    if not is_content_staff(user):
        return []
    counts = dict(_live().values_list("type").annotate(n=Count("pk")).order_by())
    waiting = Publication.objects.filter(status=Publication.Status.REVIEW).count()
    figures = [Figure(label, counts.get(value, 0)) for value, label in Publication.Type.choices]
    figures.append(Figure(_("Ready for review"), waiting))
    return [FigureSection("publications", _("Library"), figures, url=reverse("publications:staff_list"))]


# ---------- newsletter items ----------


def newsletter_items(*, since: datetime.datetime | None, limit: int) -> list[NewsletterItem]:
    """Publications and news published since the last edition, for the editors composing the next one."""
    rows = _live().select_related("programme").prefetch_related("themes").order_by("-published_at")
    if since is not None:
        rows = rows.filter(published_at__gt=since)
    return [
        NewsletterItem(
            key=f"publication:{publication.pk}",
            kind="news" if publication.type == Publication.Type.NEWS else "publication",
            kind_label=_("News") if publication.type == Publication.Type.NEWS else Publication.Type(publication.type).label,
            title=publication.title,
            title_en=publication.title_en,
            summary=publication.summary,
            summary_en=publication.summary_en,
            url=publication.get_absolute_url(),
            when=publication.published_at,
            programme_slugs=[publication.programme.slug] if publication.programme else [],
            theme_slugs=[theme.slug for theme in publication.themes.all()],
        )
        for publication in rows[:limit]
    ]


# ---------- sitemap ----------


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return _live().only("slug", "type", "updated_at").order_by("pk")

    def lastmod(self, item: Publication):
        return item.updated_at


class LibraryPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["publications:library_list", "publications:news_list", "publications:knowledge_base"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = [SitemapSection("library-pages", LibraryPagesSitemap), SitemapSection("library", PublicationSitemap)]

