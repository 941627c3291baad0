"""Check-in at the door, on a phone: search by name or scan the QR code, tick attendance, live count.

Without JavaScript every tick is a form post that comes back to the list; with htmx the row is swapped
in place and the count of arrivals polls a small fragment.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import selectors
from ..forms import CheckInSearchForm
from ..models import Registration
from ..permissions import (
    events_for_staff,
    events_staff_required,
    get_event_for_staff,
    get_registration_for_staff,
)
from ..services.staff import registration_check_in
from ..tokens import registration_from_token

CHECKIN_LIST_MAX = 200


def _checkin_context(request: HttpRequest, event) -> dict:
    form = CheckInSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    registrations = selectors.checkin_list(event, q)
    return {
        "event": event,
        "form": form,
        "q": q,
        "registrations": registrations[:CHECKIN_LIST_MAX],
        "more": max(0, registrations.count() - CHECKIN_LIST_MAX) if q == "" else 0,
        "counts": selectors.checkin_counts(event),
    }


@events_staff_required
@require_safe
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk)
    context = _checkin_context(request, event)
    if request.headers.get("HX-Request"):
        return render(request, "events/_checkin_list.html", context)
    return render(request, "events/staff_checkin.html", context)


@events_staff_required
@require_safe
def checkin_count(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk)
    return render(request, "events/_checkin_count.html", {"event": event, "counts": selectors.checkin_counts(event)})


@events_staff_required
@require_POST
def checkin_toggle(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk, write=True)
    registration = get_registration_for_staff(request.user, registration_pk, event=event)
    error = ""
    try:
        registration, _changed = registration_check_in(
            registration=registration, by=request.user, present=request.POST.get("present") == "1"
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        response = render(request, "events/_checkin_row.html", {"event": event, "registration": registration, "error": error})
        response["HX-Trigger"] = "checkin-changed"
        return response
    if error:
        messages.error(request, error)
    query = urlencode({"q": request.POST.get("q", "")[:100]}) if request.POST.get("q") else ""
    url = reverse("events:checkin", args=[event.pk])
    return redirect(f"{url}?{query}#registration-{registration.pk}" if query else f"{url}#registration-{registration.pk}")


@events_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def checkin_scan(request: HttpRequest, token: str) -> HttpResponse:
    """The address in the QR code: shows who it is and checks them in with one tap (POST)."""
    registration = registration_from_token("checkin", token)
    if registration is None or not events_for_staff(request.user).filter(pk=registration.event_id).exists():
        raise Http404
    already = registration.checked_in_at is not None
    error = ""
    if request.method == "POST":
        try:
            registration, changed = registration_check_in(registration=registration, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if changed:
                messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
            return redirect("events:checkin", pk=registration.event_id)
    context = {
        "registration": registration,
        "event": registration.event,
        "already": already,
        "error": error,
        "token": token,
        "confirmed": registration.status == Registration.Status.CONFIRMED,
        "counts": selectors.checkin_counts(registration.event),
    }
    return render(request, "events/checkin_scan.html", context, status=400 if error else 200)
