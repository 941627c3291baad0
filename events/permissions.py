"""Who may see and run which event, and whose registration a link or a login opens.

* editors, programme managers, administrators: every event, in the staff screens;
* consultants: the events of their own regions (they organise the regional meetings), read and change;
  national events and other regions' events answer 404;
* members: their own registrations (`registrations_of`); visitors: the registration their signed link names;
* everyone: published events on the agenda.

Attendee lists, exports and check-in are staff-only. Another registration's link answers 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from portal.permissions import is_consultant, is_content_staff, is_member, role_required

from .models import Event, Registration
from .tokens import Purpose, registration_from_token


def may_manage_events(user) -> bool:
    return is_content_staff(user) or is_consultant(user)


events_staff_required = role_required(may_manage_events)


def events_for_staff(user, queryset: QuerySet | None = None) -> QuerySet:
    """The events a staff member may manage: all for content staff, their regions' for consultants."""
    queryset = Event.objects.all() if queryset is None else queryset
    if not is_member(user):
        return queryset.none()
    if is_content_staff(user):
        return queryset
    if is_consultant(user):
        return queryset.filter(region__in=user.regions.all())
    return queryset.none()


def registrations_for_staff(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Registration.objects.all() if queryset is None else queryset
    return queryset.filter(event__in=events_for_staff(user).values("pk"))


def get_event_for_staff(user, pk: int, *, write: bool = False) -> Event:
    """The event, looked up through the user's scope (404 outside it). Consultants may change what they see,
    so `write` needs nothing more than the scope."""
    queryset = Event.objects.select_related("region", "programme", "municipality")
    event = events_for_staff(user, queryset).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def get_registration_for_staff(user, pk: int, *, event: Event) -> Registration:
    """A registration of `event` (already looked up through the user's scope), through the same scope."""
    registration = (
        registrations_for_staff(user, Registration.objects.select_related("event", "municipality"))
        .filter(event=event, pk=pk)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def registrations_of(user) -> QuerySet:
    """A member's own registrations, by account or by the address they registered with before signing up."""
    if not is_member(user):
        return Registration.objects.none()
    return Registration.objects.filter(Q(user=user) | Q(user__isnull=True, email=user.email.lower())).exclude(email="")


def get_registration_for_token(purpose: Purpose, token: str) -> Registration:
    registration = registration_from_token(purpose, token)
    if registration is None or not registration.email:
        raise Http404
    return registration
