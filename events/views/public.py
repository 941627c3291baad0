"""The public agenda: the list with filters, the archive, an event page, registering, and the calendars."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.models import Municipality, Region
from portal.pagecache import public_page
from portal.permissions import is_member, member_required
from portal.throttle import throttle
from programmes.models import Programme

from .. import selectors
from ..filters import ArchiveFilter, EventFilter
from ..forms import RegistrationForm, VisitorRegistrationForm
from ..ical import calendar_response, events_calendar
from ..models import Event
from ..pagecache import fragments_for
from ..permissions import registrations_of
from ..services.registration import registration_create
from ..tokens import registration_token

PAGE_SIZE = 12
FEED_DAYS_BACK = 90
REGISTRATION_LIMIT, REGISTRATION_WINDOW = 20, 3600


def _list(request: HttpRequest, *, filter_class, queryset, template: str, archive: bool) -> HttpResponse:
    """The filters and the page of results are made only when drawn: for visitors they usually come
    from the cache, and then no query runs at all."""
    event_filter = SimpleLazyObject(lambda: filter_class(request.GET or None, queryset=queryset(), request=request))
    page = SimpleLazyObject(lambda: Paginator(event_filter.qs, PAGE_SIZE).get_page(request.GET.get("page")))
    htmx = bool(request.headers.get("HX-Request"))
    fragments = fragments_for(request, request.get_full_path() + (" htmx" if htmx else ""), ["results" if htmx else "list"])
    context = {"filter": event_filter, "page_obj": page, "archive": archive, "fragments": fragments}
    if htmx:
        return render(request, "events/_event_results_response.html", context)
    return render(request, template, context)


@public_page
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    return _list(
        request, filter_class=EventFilter, queryset=selectors.agenda_events, template="events/event_list.html",
        archive=False,
    )


@public_page
@require_safe
def event_archive(request: HttpRequest) -> HttpResponse:
    return _list(
        request, filter_class=ArchiveFilter, queryset=selectors.archive_events, template="events/event_archive.html",
        archive=True,
    )


def _event_context(request: HttpRequest, event: Event, *, form=None) -> dict:
    """What the event page needs. The sessions and an empty form are made only when drawn: for visitors the
    parts that show them usually come from the cache."""
    user = request.user
    own = registrations_of(user).filter(event=event).first() if is_member(user) else None

    def sessions_and_room():
        return selectors.sessions_with_room(event)

    def empty_form():
        sessions, room = sessions_and_room()
        form_class = RegistrationForm if is_member(user) else VisitorRegistrationForm
        return form_class(questions=list(event.questions.all()), sessions=sessions, session_room=room)

    def session_rows():
        sessions, room = sessions_and_room()
        return [(session, room[session.pk]) for session in sessions]

    return {
        "event": event,
        "sessions": SimpleLazyObject(session_rows),
        "form": form if form is not None else SimpleLazyObject(empty_form),
        "form_is_bound": form is not None,
        "state": event.registration_state(),
        "own_registration": own,
        "own_url": registration_token("manage", own) if own and own.is_active else "",
        "may_register": not is_member(user) or event.allows_function(user.function),
        "municipality_names": Municipality.objects.current().values_list("name", flat=True),
    }


@public_page
@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    fragments = fragments_for(request, f"event {slug}", ["title", "page"])
    if fragments is not None and fragments.get("title") is not None and fragments.get("page") is not None:
        return render(request, "events/event_detail.html", {"fragments": fragments})  # no query at all
    event = selectors.event_page(slug)
    if event is None:
        raise Http404
    return render(request, "events/event_detail.html", {**_event_context(request, event), "fragments": fragments})


def _registration_form(request: HttpRequest, event: Event, form_class):
    # Room is checked under the lock when the registration is made; the form only needs the choices.
    sessions = list(event.sessions.order_by("starts_at", "order", "pk"))
    return form_class(request.POST, questions=list(event.questions.all()), sessions=sessions)


@member_required
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    """A member registers with one click: name, function and municipality come from the profile."""
    event = get_object_or_404(Event.objects.visible(), slug=slug)
    form = _registration_form(request, event, RegistrationForm)
    if form.is_valid():
        user = request.user
        try:
            registration, _created = registration_create(
                event=event, user=user, name=user.get_full_name() or user.email, email=user.email,
                function=user.function, municipality=user.municipality, language=get_language() or "nl",
                answers=form.answers(), sessions=form.chosen_sessions(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("events:registration_detail", token=registration_token("manage", registration))
    event = selectors.event_page(slug) or event
    form.refresh_session_room(selectors.sessions_with_room(event)[1])
    return render(request, "events/event_detail.html", _event_context(request, event, form=form), status=400)


@throttle("event-registration", limit=REGISTRATION_LIMIT, period=REGISTRATION_WINDOW, target=lambda r, kw: kw["slug"])
@require_POST
def event_apply(request: HttpRequest, slug: str) -> HttpResponse:
    """A visitor registers by email; the registration holds no place until the address is confirmed."""
    event = get_object_or_404(Event.objects.visible(), slug=slug)
    if request.user.is_authenticated:
        return redirect(event)
    form = _registration_form(request, event, VisitorRegistrationForm)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration_create(
                event=event, user=None, name=data["name"], email=data["email"], function=data["function"],
                municipality=data["municipality"], language=get_language() or "nl", answers=form.answers(),
                sessions=form.chosen_sessions(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "events/registration_pending.html", {"event": event, "email": data["email"]})
    event = selectors.event_page(slug) or event
    form.refresh_session_room(selectors.sessions_with_room(event)[1])
    return render(request, "events/event_detail.html", _event_context(request, event, form=form), status=400)


# ---------- calendars ----------


def _feed_events():
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    return Event.objects.visible().filter(ends_at__gte=since).order_by("starts_at")


@require_safe
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.visible(), slug=slug)
    return calendar_response(events_calendar([event], name=event.title_i18n), filename=f"{event.slug}.ics")


@require_safe
def feed_all(request: HttpRequest) -> HttpResponse:
    content = events_calendar(_feed_events(), name=_("Lokale Democratie: agenda"))
    return calendar_response(content, filename="agenda.ics", download=False)


@require_safe
def feed_region(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    content = events_calendar(_feed_events().filter(region=region), name=_("Agenda: %(name)s") % {"name": region.name})
    return calendar_response(content, filename=f"agenda-{region.slug}.ics", download=False)


@require_safe
def feed_programme(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.published(), slug=slug)
    events = _feed_events().filter(programme=programme)
    content = events_calendar(events, name=_("Agenda: %(name)s") % {"name": programme.name_i18n})
    return calendar_response(content, filename=f"agenda-{programme.slug}.ics", download=False)


def feeds_page_context() -> dict:
    return {"regions": Region.objects.all(), "programmes": Programme.objects.published()}


@public_page
@require_safe
def feed_list(request: HttpRequest) -> HttpResponse:
    context = feeds_page_context()
    return render(request, "events/feed_list.html", context)

