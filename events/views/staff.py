"""Staff screens: the events list, creating and editing, publishing, cancelling, copying, the registrations
and waiting list with exports, messages to registrants, and the figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.exports import table_response
from portal.models import Municipality
from portal.permissions import is_content_staff, municipalities_for

from .. import selectors
from ..forms import (
    EventCancelForm,
    EventForm,
    MessageForm,
    QuestionFormSet,
    SessionFormSet,
    StaffRegistrationFilterForm,
)
from ..models import Event, Registration
from ..permissions import (
    events_for_staff,
    events_staff_required,
    get_event_for_staff,
    get_registration_for_staff,
)
from ..services import staff as services

STAFF_PAGE_SIZE = 25
REGISTRATIONS_PAGE_SIZE = 50


@events_staff_required
@require_safe
def staff_event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.staff_event_list(events_for_staff(request.user))
    status = request.GET.get("status", "")
    if status in Event.Status.values:
        events = events.filter(status=status)
    page = Paginator(events, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "events/staff_event_list.html", {"page_obj": page, "status": status, "statuses": Event.Status.choices}
    )


def _event_form(request: HttpRequest, event: Event | None):
    data = request.POST if request.method == "POST" else None
    instance = event or Event()
    form = EventForm(data, instance=instance, user=request.user)
    sessions = SessionFormSet(data, instance=instance, prefix="sessions")
    questions = QuestionFormSet(data, instance=instance, prefix="questions")
    return form, sessions, questions


def _event_save(request: HttpRequest, event: Event | None) -> HttpResponse:
    form, sessions, questions = _event_form(request, event)
    if request.method == "POST" and form.is_valid() and sessions.is_valid() and questions.is_valid():
        with transaction.atomic():
            saved = services.event_save(
                event=form.instance, themes=form.cleaned_data["themes"], by=request.user, formsets=[sessions, questions]
            )
        messages.success(request, _("The event has been saved."))
        return redirect("events:staff_event_detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "sessions": sessions, "questions": questions, "event": event}
    return render(request, "events/staff_event_form.html", context, status=status)


@events_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_create(request: HttpRequest) -> HttpResponse:
    return _event_save(request, None)


@events_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_save(request, get_event_for_staff(request.user, pk, write=True))


@events_staff_required
@require_safe
def staff_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk)
    filters = StaffRegistrationFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    registrations = selectors.staff_registrations(
        event, status=values.get("status", ""), function=values.get("function", ""), q=values.get("q", "")
    )
    page = Paginator(registrations, REGISTRATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "filters": filters,
        "page_obj": page,
        "counts": selectors.status_counts(event),
        "query": request.GET.urlencode(),
    }
    return render(request, "events/staff_event_detail.html", context)


@events_staff_required
@require_POST
def staff_event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk, write=True)
    try:
        services.event_publish(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published on the agenda."))
    return redirect("events:staff_event_detail", pk=event.pk)


@events_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk, write=True)
    form = EventCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(event=event, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been cancelled and everyone registered has been told."))
            return redirect("events:staff_event_detail", pk=event.pk)
    return render(request, "events/staff_event_cancel.html", {"event": event, "form": form})


@events_staff_required
@require_POST
def staff_event_copy(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk, write=True)
    copy = services.event_copy(event=event, by=request.user)
    messages.success(request, _("A copy has been made as a draft. Set its date and place, then publish it."))
    return redirect("events:staff_event_edit", pk=copy.pk)


@events_staff_required
@require_POST
def staff_registration_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk, write=True)
    registration = get_registration_for_staff(request.user, registration_pk, event=event)
    try:
        services.registration_staff_cancel(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration of %(name)s has been cancelled.") % {"name": registration.name})
    return redirect("events:staff_event_detail", pk=event.pk)


@events_staff_required
@require_safe
def staff_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The registrations (or, with ?list=waitlist, the waiting list in order) as CSV or XLSX."""
    event = get_event_for_staff(request.user, pk)
    questions = list(event.questions.all())
    waitlist = request.GET.get("list") == "waitlist"
    Status = Registration.Status
    status = Status.WAITLISTED if waitlist else ""
    registrations = selectors.staff_registrations(event, status=status)
    if waitlist:
        registrations = Registration.objects.filter(
            event=event, status__in=[Status.WAITLISTED, Status.OFFERED]
        ).select_related("municipality").order_by("waitlisted_at", "pk")
    headers = [
        *([_("Position")] if waitlist else []),
        _("Name"), _("Email address"), _("Function"), _("Municipality"), _("Status"), _("Registered at"),
        _("On the waiting list since") if waitlist else _("Checked in at"),
        _("Break-out sessions"),
        *(question.label_i18n for question in questions),
    ]
    rows = (
        [
            *([position] if waitlist else []),
            registration.name, registration.email, registration.get_function_display(),
            registration.municipality.name if registration.municipality else "", registration.get_status_display(),
            registration.created_at, registration.waitlisted_at if waitlist else registration.checked_in_at,
            ", ".join(session.title for session in registration.sessions.all()),
            *(registration.answers.get(str(question.pk), "") for question in questions),
        ]
        for position, registration in enumerate(registrations.prefetch_related("sessions"), start=1)
    )
    stem = f"{event.slug}-{'wachtlijst' if waitlist else 'inschrijvingen'}"
    return table_response(stem=stem, headers=headers, rows=rows, fmt=request.GET.get("format"), sheet=event.title[:31])


@events_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_message(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_staff(request.user, pk, write=True)
    form = MessageForm(request.POST or None, initial={"audience": "confirmed"})
    if request.method == "POST" and form.is_valid():
        try:
            message = services.event_message_send(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message is being sent to %(count)s people.") % {"count": message.recipients})
            return redirect("events:staff_event_detail", pk=event.pk)
    sent = event.messages.select_related("sent_by")[:20]
    return render(request, "events/staff_message.html", {"event": event, "form": form, "sent": sent})


@events_staff_required
@require_safe
def staff_figures(request: HttpRequest) -> HttpResponse:
    user = request.user
    municipalities = Municipality.objects.all() if is_content_staff(user) else municipalities_for(user)
    figures = selectors.event_figures(municipalities)
    return render(request, "events/staff_figures.html", {"figures": figures})
