"""What the core gathers from the apps, and the only way the core reaches them.

The core (home, theme and municipality pages, "my portal", the staff pages, search, the dossier, the
Quick Scan report's advice) never imports an app. Each app registers, in its `AppConfig.ready()`, what
it offers:

    from portal import registry

    class WorkshopsConfig(AppConfig):
        def ready(self) -> None:
            from . import providers
            registry.advice.register(providers.workshop_advice, order=10)
            registry.nav.register(NavLink(_("Workshops"), "workshops:workshop_list", "workshops"), order=20)

A provider is a plain typed function; the Protocols below say what it receives and returns. The core
calls the registered providers in a stable order (`order`, then registration) and concatenates what
they return. A real dependency between two apps (workshops on consultants) stays a plain import.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Municipality, StaffRole, User

Text = str | Promise
T = TypeVar("T")


class Providers(Generic[T]):
    """An ordered collection of what apps registered for one purpose."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        self._entries: list[tuple[int, int, T]] = []

    def register(self, provider: T, *, order: int = 100) -> T:
        if any(entry == provider for _order, _n, entry in self._entries):
            return provider  # ready() may run twice in tests; registering is idempotent
        self._entries.append((order, len(self._entries), provider))
        self._entries.sort(key=lambda entry: entry[:2])
        return provider

    def unregister(self, provider: T) -> None:
        self._entries = [entry for entry in self._entries if entry[2] is not provider]

    def __iter__(self) -> Iterator[T]:
        return iter([entry for _order, _n, entry in self._entries])

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Providers {self.purpose}: {len(self)}>"


# ---------- shared shapes ----------


@dataclass(frozen=True)
class Panel:
    """A block on a core page, drawn by the app's own template with the given context."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NavLink:
    """An entry of the main navigation; `app_name` marks it current on that app's pages."""

    title: Text
    url_name: str
    app_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class StaffLink:
    """An entry of the staff start page, shown to the users `visible_to` admits."""

    title: Text
    description: Text
    url_name: str
    visible_to: Callable[["User"], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# ---------- the Quick Scan report's advice ----------


@dataclass(frozen=True)
class AdviceItem:
    kind: str  # "workshop", "publication", "event", "consultant", "activity"
    kind_label: Text
    title: str
    url: str  # a path on the portal; the PDF prints it with the portal's address
    detail: str = ""  # contact details of a consultant, a date of an event


class AdviceProvider(Protocol):
    def __call__(
        self, *, municipality: "Municipality", scan_theme_slug: str, portal_theme_ids: Sequence[int], limit: int
    ) -> list[AdviceItem]:
        """What fits a weak theme of a municipality's scan: at most `limit` items, best first.

        Items linked explicitly to the theme (`quickscan.advice`) come first; the theme's portal themes
        may widen the choice where an app has no explicit links.
        """


class ContactProvider(Protocol):
    def __call__(self, *, municipality: "Municipality") -> list[AdviceItem]:
        """The municipality's own contact people (its consultants), with their contact details."""


# ---------- the dossier of a municipality ----------


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str
    kind_label: Text
    title: str
    url: str = ""
    detail: str = ""
    status: str = ""


class TimelineProvider(Protocol):
    def __call__(self, *, municipality: "Municipality", user: "User") -> Iterable[TimelineEntry]:
        """The municipality's history in this app, in a fixed number of queries whatever its length."""


class MunicipalityPanelProvider(Protocol):
    def __call__(self, *, municipality: "Municipality", user: "User | None", dossier: bool) -> list[Panel]:
        """Blocks for the municipality's public page (`dossier=False`) or its private dossier (`True`)."""


# ---------- staff figures and the consultants' regional overview ----------


@dataclass(frozen=True)
class Figure:
    label: Text
    value: int | float | str
    detail: Text = ""


@dataclass(frozen=True)
class FigureSection:
    key: str
    title: Text
    figures: list[Figure]
    url: str = ""
    panel: Panel | None = None  # a chart or table beside the figures


class FigureProvider(Protocol):
    def __call__(self, *, user: "User", municipalities: QuerySet) -> list[FigureSection]:
        """Figures for the staff dashboard, counted over `municipalities` (a consultant's regions, or all)."""


@dataclass(frozen=True)
class OverviewColumn:
    """A column of the regional overview: one value per municipality, all rows in a fixed number of queries."""

    key: str
    title: Text
    values: Callable[[list[int]], dict[int, Any]]
    url_name: str = ""  # a staff page listing the items, filtered with ?municipality=<pk>


# ---------- home, theme pages, search ----------


@dataclass(frozen=True)
class RecentItem:
    when: datetime.datetime
    kind_label: Text
    title: str
    url: str
    summary: str = ""


class RecentProvider(Protocol):
    def __call__(self, *, limit: int) -> list[RecentItem]:
        """What was published most recently, newest first."""


class PagePanelProvider(Protocol):
    def __call__(self, *, user: "User") -> list[Panel]:
        """Blocks for a core page that depends only on who looks (home, my portal)."""


class ThemePanelProvider(Protocol):
    def __call__(self, *, theme_id: int, user: "User") -> list[Panel]:
        """Blocks for a theme page: what this app has on the theme."""


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: Text
    title: str
    url: str
    snippet: str = ""  # safe HTML: matches marked with <mark>
    rank: float = 0.0
    date: datetime.date | None = None
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)


class SearchProvider(Protocol):
    def __call__(self, *, query: str, limit: int) -> list[SearchHit]:
        """What matches `query` in this app, best first."""


# ---------- people: my portal and personal data ----------


class PersonalDataProvider(Protocol):
    def __call__(self, *, user: "User") -> Mapping[str, Any]:
        """Everything this app keeps about `user`, as JSON-ready data keyed by a readable name."""


class AccountEraser(Protocol):
    def __call__(self, *, user: "User") -> None:
        """Erase `user`'s personal data here; what belongs to the municipality stays, without their name."""


# ---------- the registries ----------

nav: Providers[NavLink] = Providers("main navigation")
staff_links: Providers[StaffLink] = Providers("staff start page")
staff_permissions: Providers[tuple["StaffRole", str]] = Providers("staff role permissions")
advice: Providers[AdviceProvider] = Providers("advice for weak themes")
contacts: Providers[ContactProvider] = Providers("a municipality's contact people")
timeline: Providers[TimelineProvider] = Providers("dossier timeline")
municipality_panels: Providers[MunicipalityPanelProvider] = Providers("municipality page and dossier")
figures: Providers[FigureProvider] = Providers("staff dashboard figures")
overview_columns: Providers[OverviewColumn] = Providers("regional overview columns")
recent: Providers[RecentProvider] = Providers("recently added")
home_panels: Providers[PagePanelProvider] = Providers("home page")
my_portal_panels: Providers[PagePanelProvider] = Providers("my portal")
theme_panels: Providers[ThemePanelProvider] = Providers("theme pages")
search: Providers[SearchProvider] = Providers("site search")
personal_data: Providers[PersonalDataProvider] = Providers("personal data export")
account_erasers: Providers[AccountEraser] = Providers("account deletion")


def collect(providers: Iterable[Callable[..., Iterable[T]]], **kwargs: Any) -> list[T]:
    """Call every provider with the same keyword arguments and join what they return."""
    collected: list[T] = []
    for provider in providers:
        collected.extend(provider(**kwargs))
    return collected


# ---------- restricted Quick Scan questionnaires (appended) ----------


class QuestionnaireGate(Protocol):
    def __call__(self, *, municipality: "Municipality", questionnaire_slug: str) -> bool:
        """True when the municipality may use this restricted questionnaire (for example, it was granted
        a free place in a programme offer). A questionnaire marked as restricted is offered only when some
        gate says True."""


questionnaire_gates: Providers[QuestionnaireGate] = Providers("restricted Quick Scan questionnaires")


# ---------- demo data (appended) ----------


class DemoSeeder(Protocol):
    def __call__(self, *, accounts: Mapping[str, "User"], stdout: Any) -> None:
        """Load this app's demo content (idempotent), using the demo accounts by their key ("griffier", ...)."""


demo_seeders: Providers[DemoSeeder] = Providers("demo data")


# ---------- municipalities reached, for the staff dashboard (appended) ----------


@dataclass(frozen=True)
class Reach:
    """The municipalities one activity of a programme reached (took part in it)."""

    programme_slug: str
    programme: Text
    activity: Text
    municipality_ids: QuerySet  # `.values("municipality_id")` or `.values("pk")`: one column of municipality ids


class ReachProvider(Protocol):
    def __call__(self, *, municipalities: QuerySet) -> list[Reach]:
        """What this app reached among `municipalities`, per programme, as subqueries (never evaluated here)."""


reach: Providers[ReachProvider] = Providers("municipalities reached")


# ---------- search suggestions, the sitemap and newsletter items (appended) ----------


@dataclass(frozen=True)
class SearchTerm:
    """A word an app knows, offered as the correction of a misspelt search word."""

    word: str
    similarity: float  # 0..1; 1 means the word was found exactly


class SearchTermProvider(Protocol):
    def __call__(self, *, word: str, limit: int) -> list[SearchTerm]:
        """Known words that look like `word` (an exact match first, with similarity 1), best first."""


@dataclass(frozen=True)
class SitemapSection:
    """A section of sitemap.xml: `sitemap` is a `django.contrib.sitemaps.Sitemap` listing public pages."""

    key: str
    sitemap: Any


@dataclass(frozen=True)
class NewsletterItem:
    """Something an edition of the newsletter can point to (news, a publication, an upcoming event).

    The edition keeps a copy of these fields, so a mail reads the same however the item changes later.
    `programme_slugs` and `theme_slugs` decide which subscribers' preferences it matches; an item without
    either goes to everyone.
    """

    key: str  # unique over all apps, e.g. "publication:12"
    kind: str  # "news", "publication", "event"
    kind_label: Text
    title: str
    url: str  # a path on the portal
    summary: str = ""
    title_en: str = ""
    summary_en: str = ""
    when: datetime.datetime | None = None
    detail: str = ""  # for example the date and place of an event
    programme_slugs: Sequence[str] = ()
    theme_slugs: Sequence[str] = ()


class NewsletterItemProvider(Protocol):
    def __call__(self, *, since: datetime.datetime | None, limit: int) -> list[NewsletterItem]:
        """Items an editor may put in the next edition: published or upcoming since `since`, newest first."""


search_terms: Providers[SearchTermProvider] = Providers("search suggestions")
sitemaps: Providers[SitemapSection] = Providers("sitemap.xml sections")
newsletter_items: Providers[NewsletterItemProvider] = Providers("newsletter edition items")


# ---------- programme pages (appended) ----------


class ProgrammePanelProvider(Protocol):
    def __call__(self, *, programme_id: int, user: "User") -> list[Panel]:
        """Blocks for a programme's page: what this app has for the programme (its coming events, say)."""


programme_panels: Providers[ProgrammePanelProvider] = Providers("programme pages")
