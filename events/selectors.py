"""Reads across relations: the agenda, an event page, staff lists, figures and a municipality's attendance.

Figures never show a number that describes fewer than 5 people (`MIN_COUNT`): small groups are merged
into "other", and when what is left over would itself be small, the next smallest group joins it, so no
small number can be found by subtracting the shown ones from a total.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Function

from .models import AttendanceTally, Event, Registration, Session
from .services.registration import session_room

MIN_COUNT = 5
Status = Registration.Status


def agenda_events() -> QuerySet:
    """Published (and cancelled) events that have not ended, soonest first, with their counts."""
    return (
        Event.objects.visible()
        .upcoming()
        .select_related("region", "programme")
        .prefetch_related("themes")
        .with_counts()
        .order_by("starts_at", "pk")
    )


def archive_events() -> QuerySet:
    return (
        Event.objects.visible()
        .past()
        .select_related("region", "programme")
        .prefetch_related("themes")
        .order_by("-starts_at", "-pk")
    )


def event_page(slug: str) -> Event | None:
    return (
        Event.objects.visible()
        .with_counts()
        .select_related("region", "programme", "municipality")
        .filter(slug=slug)
        .first()
    )


def sessions_with_room(event: Event) -> tuple[list[Session], dict[int, int]]:
    sessions = list(event.sessions.order_by("starts_at", "order", "pk"))
    return sessions, session_room(sessions)


def staff_event_list(events: QuerySet) -> QuerySet:
    """Events with their counts as subqueries per row: no join and GROUP BY over every registration, so the
    page and its paginator's count stay cheap however many people registered."""
    checked_in = (
        Registration.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        events.select_related("region", "programme")
        .with_counts()
        .annotate(checked_in=Coalesce(Subquery(checked_in), 0))
        .order_by("-starts_at", "-pk")
    )


def staff_registrations(event: Event, *, status: str = "", function: str = "", q: str = "") -> QuerySet:
    registrations = (
        Registration.objects.filter(event=event)
        .select_related("municipality", "checked_in_by")
        .prefetch_related("sessions")
    )
    if status:
        registrations = registrations.filter(status=status)
    if function:
        registrations = registrations.filter(function=function)
    for word in q.split()[:5]:
        registrations = registrations.filter(Q(name__icontains=word) | Q(email__icontains=word))
    if status in (Status.WAITLISTED, Status.OFFERED):
        return registrations.order_by("waitlisted_at", "pk")
    return registrations.order_by("name", "pk")


def checkin_list(event: Event, q: str = "") -> QuerySet:
    registrations = Registration.objects.filter(event=event, status=Status.CONFIRMED).select_related("municipality")
    for word in q.split()[:5]:
        registrations = registrations.filter(name__icontains=word)
    return registrations.order_by("name", "pk")


def checkin_counts(event: Event) -> dict[str, int]:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).aggregate(
        confirmed=Count("pk"), arrived=Count("pk", filter=Q(checked_in_at__isnull=False))
    )


def status_counts(event: Event) -> dict[str, int]:
    counts = dict(
        Registration.objects.filter(event=event).values_list("status").annotate(n=Count("pk")).order_by()
    )
    return {value: counts.get(value, 0) for value in Status.values}


# ---------- protecting small numbers ----------


@dataclass
class Row:
    label: str
    registered: int = 0
    attended: int = 0
    merged: list[str] = field(default_factory=list)

    @property
    def no_shows(self) -> int:
        return self.registered - self.attended

    @property
    def attended_shown(self) -> int | None:
        return None if 0 < self.attended < MIN_COUNT or 0 < self.no_shows < MIN_COUNT else self.attended

    @property
    def no_shows_shown(self) -> int | None:
        return None if 0 < self.attended < MIN_COUNT or 0 < self.no_shows < MIN_COUNT else self.no_shows

    @property
    def attended_text(self) -> str:
        return self._text(self.attended, self.attended_shown)

    @property
    def no_shows_text(self) -> str:
        return self._text(self.no_shows, self.no_shows_shown)

    @staticmethod
    def _text(value: int, shown: int | None) -> str:
        """The number, "fewer than 5", or "–" when it is hidden because its complement is small."""
        if shown is not None:
            return str(shown)
        return str(_("fewer than 5")) if value < MIN_COUNT else "–"

    @property
    def rate(self) -> str:
        if self.attended_shown is None or not self.registered:
            return "–"
        return f"{round(100 * self.attended / self.registered)}%"


def protected_rows(rows: Iterable[Row], *, other_label: str) -> list[Row]:
    """Rows of at least MIN_COUNT registrations; the rest merged into one "other" row that is itself large
    enough (or dropped, with its members, when even everything together is small)."""
    shown = sorted((row for row in rows if row.registered), key=lambda row: -row.registered)
    other = Row(str(other_label))
    for row in [row for row in shown if row.registered < MIN_COUNT]:
        shown.remove(row)
        other.registered += row.registered
        other.attended += row.attended
        other.merged.append(row.label)
    while other.registered and other.registered < MIN_COUNT and shown:
        smallest = shown.pop()
        other.registered += smallest.registered
        other.attended += smallest.attended
        other.merged.append(smallest.label)
    if other.registered >= MIN_COUNT:
        shown.append(other)
    return shown


# ---------- figures for the staff dashboard ----------


def _facts(municipalities: QuerySet, *, now: datetime.datetime) -> list[dict]:
    """Confirmed registrations of held events per (type, region, programme, function): live registrations
    of events still within the retention period, and the anonymous counts of older ones."""
    live = (
        Registration.objects.filter(status=Status.CONFIRMED, event__ends_at__lt=now, municipality__in=municipalities)
        .exclude(event__status=Event.Status.CANCELLED)
        .values("event__kind", "event__region__name", "event__programme__short_name", "function")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False)))
        .order_by()
    )
    kept = AttendanceTally.objects.filter(municipality__in=municipalities).values(
        "event__kind", "event__region__name", "event__programme__short_name", "function", "registered", "attended"
    )
    return [*live, *kept]


def event_figures(municipalities: QuerySet, *, now: datetime.datetime | None = None) -> dict:
    """Registrations, attendance and no-shows of held events, by type, region, programme and function."""
    now = now or timezone.now()
    facts = _facts(municipalities, now=now)
    kinds = dict(Event.Kind.choices)
    functions = dict(Function.choices)
    groups: dict[str, dict[str, Row]] = {"kind": {}, "region": {}, "programme": {}, "function": {}}
    total = Row(str(_("All held events")))
    for fact in facts:
        keys = {
            "kind": str(kinds.get(fact["event__kind"], fact["event__kind"])),
            "region": fact["event__region__name"] or str(_("National")),
            "programme": fact["event__programme__short_name"] or str(_("No programme")),
            "function": str(functions.get(fact["function"], fact["function"])),
        }
        for group, key in keys.items():
            row = groups[group].setdefault(key, Row(key))
            row.registered += fact["registered"]
            row.attended += fact["attended"]
        total.registered += fact["registered"]
        total.attended += fact["attended"]
    upcoming = Registration.objects.filter(
        status=Status.CONFIRMED, event__starts_at__gte=now, municipality__in=municipalities
    ).count()
    other = _("Other (groups under 5 together)")
    return {
        "total": total if total.registered >= MIN_COUNT else None,
        "upcoming": upcoming if upcoming == 0 or upcoming >= MIN_COUNT else None,
        "tables": [
            (_("By type"), protected_rows(groups["kind"].values(), other_label=other)),
            (_("By region"), protected_rows(groups["region"].values(), other_label=other)),
            (_("By programme"), protected_rows(groups["programme"].values(), other_label=other)),
            (_("By function"), protected_rows(groups["function"].values(), other_label=other)),
        ],
    }


# ---------- a municipality's attendance (dossier timeline) ----------


def municipality_attendance(municipality_id: int, *, now: datetime.datetime | None = None) -> list[tuple[Event, list[Row], Row]]:
    """Per held event: attendance of the municipality's people per function (protected), and the total."""
    now = now or timezone.now()
    per_event: dict[int, dict[str, Row]] = defaultdict(dict)
    functions = dict(Function.choices)
    live = (
        Registration.objects.filter(municipality_id=municipality_id, status=Status.CONFIRMED, event__ends_at__lt=now)
        .values("event", "function")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False)))
        .order_by()
    )
    kept = AttendanceTally.objects.filter(municipality_id=municipality_id).values("event", "function", "registered", "attended")
    for fact in [*live, *kept]:
        label = str(functions.get(fact["function"], fact["function"]))
        row = per_event[fact["event"]].setdefault(label, Row(label))
        row.registered += fact["registered"]
        row.attended += fact["attended"]
    events = Event.objects.filter(pk__in=list(per_event)).exclude(status=Event.Status.CANCELLED).order_by("-starts_at")
    result = []
    for event in events:
        rows = list(per_event[event.pk].values())
        total = Row(str(_("Total")), sum(r.registered for r in rows), sum(r.attended for r in rows))
        result.append((event, protected_rows(rows, other_label=_("Other functions")), total))
    return result
