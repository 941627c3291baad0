"""A registrant's own pages: reached by the signed links in their mails (no login needed), or from "my
registrations" for members. An unknown, altered or retired link answers 404 and shows nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.permissions import member_required
from portal.throttle import throttle

from ..ical import calendar_response, registration_calendar, registrations_calendar
from ..models import Registration
from ..permissions import get_registration_for_token, registrations_of
from ..qr import qr_svg
from ..services import feeds
from ..services.registration import (
    registration_cancel,
    registration_claim,
    registration_confirm_address,
    registration_decline,
)
from ..tokens import feed_key_from_token, feed_token, registration_token, registration_url

Status = Registration.Status
LINK_LIMIT, LINK_WINDOW = 30, 3600


def _link_throttle(scope: str):
    return throttle(scope, limit=LINK_LIMIT, period=LINK_WINDOW, target=lambda request, kwargs: kwargs["token"])


def _to_registration(registration: Registration) -> HttpResponse:
    return redirect("events:registration_detail", token=registration_token("manage", registration))


@require_safe
def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_for_token("manage", token)
    event = registration.event
    confirmed = registration.status == Status.CONFIRMED
    context = {
        "registration": registration,
        "event": event,
        "sessions": list(registration.sessions.all()),
        "answers": _answers(registration),
        "token": token,
        "cancel_token": registration_token("cancel", registration) if registration.is_active else "",
        "offer_token": registration_token("offer", registration) if registration.status == Status.OFFERED else "",
        "qr": qr_svg(registration_url("checkin", registration)) if confirmed and not event.is_past else "",
        "join_url": event.online_url if confirmed and event.is_online else "",
    }
    return render(request, "events/registration_detail.html", context)


def _answers(registration: Registration) -> list[tuple[str, str]]:
    questions = {str(q.pk): q.label_i18n for q in registration.event.questions.all()}
    return [(questions[key], value) for key, value in registration.answers.items() if key in questions]


@require_safe
def registration_ical(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_for_token("manage", token)
    return calendar_response(registration_calendar(registration), filename=f"{registration.event.slug}.ics")


@_link_throttle("event-confirm")
@require_http_methods(["GET", "HEAD", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners follow links); POST confirms. A second confirmation changes nothing."""
    registration = get_registration_for_token("confirm", token)
    if registration.status != Status.PENDING:
        return _to_registration(registration)
    error = None
    if request.method == "POST":
        try:
            registration = registration_confirm_address(registration=registration)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return _to_registration(registration)
    return render(request, "events/registration_confirm.html", {"registration": registration, "error": error})


@_link_throttle("event-cancel")
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_for_token("cancel", token)
    if request.method == "POST" and registration.is_active:
        try:
            registration = registration_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your registration has been cancelled. Thank you for letting us know."))
        return _to_registration(registration)
    return render(request, "events/registration_cancel.html", {"registration": registration, "token": token})


@require_safe
def offer(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_for_token("offer", token)
    return render(request, "events/offer.html", {"registration": registration, "token": token})


@_link_throttle("event-offer")
@require_POST
def offer_claim(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_for_token("offer", token)
    try:
        registration = registration_claim(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The place is yours. You will receive a confirmation by mail."))
    return _to_registration(registration)


@_link_throttle("event-offer")
@require_POST
def offer_decline(request: HttpRequest, token: str) -> HttpResponse:
    registration = get_registration_for_token("offer", token)
    try:
        registration = registration_decline(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have let the place go. It goes to the next person in line."))
    return _to_registration(registration)


# ---------- members: my registrations and my calendar address ----------


@member_required
@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(
        registrations_of(request.user).select_related("event").order_by("-event__starts_at", "-pk")[:100]
    )
    feed_key = feeds.feed_key_for(request.user)
    context = {
        "rows": [(registration, registration_token("manage", registration)) for registration in registrations],
        "feed_url": request.build_absolute_uri(
            _feed_path(feed_token(feed_key))
        ),
    }
    return render(request, "events/my_registrations.html", context)


def _feed_path(token: str) -> str:
    from django.urls import reverse

    return reverse("events:feed_personal", args=[token])


@member_required
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    feeds.feed_key_reset(user=request.user)
    messages.success(
        request, _("Your calendar address has been renewed. The old address no longer works; subscribe again with the new one.")
    )
    return redirect("events:my_registrations")


@require_safe
def feed_personal(request: HttpRequest, token: str) -> HttpResponse:
    feed_key = feed_key_from_token(token)
    if feed_key is None:
        return HttpResponse(status=404)
    registrations = (
        registrations_of(feed_key.user)
        .filter(status=Status.CONFIRMED)
        .select_related("event")
        .prefetch_related("sessions")
        .order_by("event__starts_at")
    )
    content = registrations_calendar(registrations, name=_("My registrations – Lokale Democratie"))
    return calendar_response(content, filename="mijn-inschrijvingen.ics", download=False)
