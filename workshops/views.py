import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.exports import export_format, table_response
from portal.pagecache import public_page
from portal.throttle import throttle

from . import selectors, services
from .filters import RequestQueueFilter, WorkshopFilter
from .forms import (
    AssignForm,
    EvaluationForm,
    MessageForm,
    ProposalForm,
    RequestForm,
    RequestPrefillForm,
    SessionFormSet,
    StatusForm,
)
from .ical import sessions_to_ical
from .models import WorkshopRequest
from .permissions import (
    get_request_for_griffier,
    get_request_for_staff,
    get_session_by_token,
    griffier_municipalities,
    griffier_required,
    request_staff_required,
    requests_for_staff,
    requests_of_griffier,
    sessions_for_staff,
)

EVALUATION_LIMIT, EVALUATION_WINDOW = 30, 3600
# Pages about one municipality's requests, the staff pages and the token pages are never kept by a browser or
# a proxy on the way (a shared computer's Back button, a company cache).
private = cache_control(private=True, no_store=True)
require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])

# ---------- catalogue (public) ----------


def _is_fragment_request(request: HttpRequest) -> bool:
    """htmx asks for the results only; a history restore (Back after the cache was dropped) wants the page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


@public_page
@require_safe
def workshop_list(request: HttpRequest) -> HttpResponse:
    workshop_filter = WorkshopFilter(request.GET or None, queryset=selectors.workshop_catalogue())
    context = {"filter": workshop_filter, "workshops": workshop_filter.qs}
    template = (
        "workshops/_workshop_results.html"
        if _is_fragment_request(request)
        else "workshops/workshop_list.html"
    )
    response = render(request, template, context)
    # The fragment and the page share a URL (hx-push-url): a browser must never show one for the other.
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@public_page
@require_safe
def workshop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    workshop = get_object_or_404(selectors.workshop_catalogue(), slug=slug)
    return render(request, "workshops/workshop_detail.html", {"workshop": workshop})


# ---------- the griffier's requests ----------


@griffier_required
@require_safe
@private
def request_list(request: HttpRequest) -> HttpResponse:
    requests = requests_of_griffier(request.user).select_related("municipality").prefetch_related("workshops")
    sessions = selectors.planned_sessions_for_municipalities(
        griffier_municipalities(request.user).values("pk")
    )
    upcoming = sessions.filter(ends_at__gte=timezone.now())
    return render(request, "workshops/request_list.html", {"requests": requests, "sessions": upcoming})


@griffier_required
@require_get_or_post
@private
def request_create(request: HttpRequest) -> HttpResponse:
    municipalities = griffier_municipalities(request.user)
    prefill = RequestPrefillForm({"workshop": request.GET.getlist("workshop")})
    initial = {"submission_key": uuid.uuid4(), "workshops": prefill.workshop_ids()}
    form = RequestForm(request.POST or None, initial=initial, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop_request, created = services.request_create(
                user=request.user,
                municipality=data["municipality"],
                workshops=list(data["workshops"]),
                training_need=data["training_need"],
                participants=data["participants"],
                preferred_periods=data["preferred_periods"],
                location=data["location"],
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request, _("Your request has been sent. Below you can read what happens next.")
                )
            return redirect(workshop_request)
    return render(request, "workshops/request_form.html", {"form": form})


@griffier_required
@require_safe
@private
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_griffier(request.user, pk)
    context = {"workshop_request": workshop_request, "message_form": MessageForm()}
    context.update(selectors.request_detail_context(workshop_request))
    return render(request, "workshops/request_detail.html", context)


@griffier_required
@require_POST
@private
def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_griffier(request.user, pk)
    return _message_post(
        request, workshop_request, from_staff=False, template="workshops/request_detail.html"
    )


@griffier_required
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_griffier(request.user, pk)
    try:
        services.proposal_accept(workshop_request=workshop_request, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Thank you. The sessions are planned; you find them below and in your calendar file.")
        )
    return redirect(workshop_request)


@griffier_required
@require_safe
@private
def request_ical(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_griffier(request.user, pk)
    sessions = selectors.planned_sessions_for_municipalities([workshop_request.municipality_id]).filter(
        proposal__request=workshop_request
    )
    name = _("Workshops for %(municipality)s") % {"municipality": workshop_request.municipality}
    response = HttpResponse(
        sessions_to_ical(sessions, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="workshops-{workshop_request.pk}.ics"'
    return response


def _message_post(
    request: HttpRequest, workshop_request: WorkshopRequest, *, from_staff: bool, template: str
) -> HttpResponse:
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.request_message_post(
                workshop_request=workshop_request,
                author=request.user,
                body=form.cleaned_data["body"],
                from_staff=from_staff,
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your message has been sent."))
            url_name = "workshops:staff_request_detail" if from_staff else "workshops:request_detail"
            return redirect(url_name, pk=workshop_request.pk)
    # Re-render the page with what was typed and the error, so nothing is lost.
    context = {"workshop_request": workshop_request, "message_form": form}
    context.update(selectors.request_detail_context(workshop_request))
    if from_staff:
        context.update(_staff_forms(workshop_request))
    return render(request, template, context, status=400)


# ---------- evaluation (public, by token) ----------


@require_get_or_post
@private
@throttle(
    "workshop-evaluation", limit=EVALUATION_LIMIT, period=EVALUATION_WINDOW, target=lambda r, kw: kw["token"]
)
def evaluation_form(request: HttpRequest, token: str) -> HttpResponse:
    session = get_session_by_token(token)
    if not session.is_open_for_evaluation():
        return render(request, "workshops/evaluation_closed.html", {"session": session})
    form = EvaluationForm(request.POST or None, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(session=session, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "workshops/evaluation_thanks.html", {"session": session})
    return render(request, "workshops/evaluation_form.html", {"session": session, "form": form})


# ---------- staff ----------


def _staff_forms(workshop_request: WorkshopRequest) -> dict:
    return {
        "status_form": StatusForm(workshop_request=workshop_request),
        "assign_form": AssignForm(initial={"assigned_to": workshop_request.assigned_to_id}),
        "can_propose": workshop_request.status in services.PROPOSAL_FROM,
    }


@request_staff_required
@require_safe
@private
def staff_request_queue(request: HttpRequest) -> HttpResponse:
    queryset = selectors.request_queue(requests_for_staff(request.user))
    queue_filter = RequestQueueFilter(request.GET or None, queryset=queryset, request=request)
    page = Paginator(queue_filter.qs, 25).get_page(request.GET.get("page"))
    return render(request, "workshops/staff_request_queue.html", {"filter": queue_filter, "page_obj": page})


@request_staff_required
@require_safe
def staff_request_export(request: HttpRequest) -> HttpResponse:
    queryset = selectors.request_queue(requests_for_staff(request.user))
    queue_filter = RequestQueueFilter(request.GET or None, queryset=queryset, request=request)
    headers = [
        _("Number"),
        _("Submitted"),
        _("Municipality"),
        _("Region"),
        _("Status"),
        _("Workshops"),
        _("Participants"),
        _("Preferred periods"),
        _("Location"),
        _("Requested by"),
        _("Assigned to"),
    ]
    rows = (
        [
            row.pk,
            row.created_at,
            row.municipality.name,
            row.municipality.region.name,
            row.get_status_display(),
            ", ".join(w.title for w in row.workshops.all()),
            row.participants,
            row.preferred_periods,
            row.location,
            row.requested_by.email,
            row.assigned_to.email if row.assigned_to else "",
        ]
        for row in queue_filter.qs
    )
    return table_response(
        stem="workshop-requests", headers=headers, rows=rows, fmt=export_format(request.GET.get("format"))
    )


@request_staff_required
@require_safe
@private
def staff_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_staff(request.user, pk)
    context = {"workshop_request": workshop_request, "message_form": MessageForm()}
    context.update(selectors.request_detail_context(workshop_request))
    context.update(_staff_forms(workshop_request))
    return render(request, "workshops/staff_request_detail.html", context)


@request_staff_required
@require_POST
@private
def staff_request_message(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_staff(request.user, pk)
    return _message_post(
        request, workshop_request, from_staff=True, template="workshops/staff_request_detail.html"
    )


@request_staff_required
@require_POST
@private
def staff_request_status(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_staff(request.user, pk)
    form = StatusForm(request.POST, workshop_request=workshop_request)
    if form.is_valid():
        try:
            services.request_status_change(
                workshop_request=workshop_request,
                actor=request.user,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("workshops:staff_request_detail", pk=workshop_request.pk)
    # Show the page again with the form as it was sent (the note kept) and what to correct.
    context = {"workshop_request": workshop_request, "message_form": MessageForm()}
    context.update(selectors.request_detail_context(workshop_request))
    context.update(_staff_forms(workshop_request))
    context["status_form"] = form
    return render(request, "workshops/staff_request_detail.html", context, status=400)


@request_staff_required
@require_POST
def staff_request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_staff(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        services.request_assign(workshop_request=workshop_request, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The assignment has been saved."))
    else:
        messages.error(request, _("Choose a staff member from the list."))
    return redirect("workshops:staff_request_detail", pk=workshop_request.pk)


@request_staff_required
@require_get_or_post
@private
def staff_proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    workshop_request = get_request_for_staff(request.user, pk)
    form = ProposalForm(request.POST or None)
    formset = SessionFormSet(request.POST or None, prefix="sessions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        tz = timezone.get_current_timezone()
        sessions = [f.session_data(tz) for f in formset.forms if f.has_changed() and f.cleaned_data]
        try:
            services.proposal_send(
                workshop_request=workshop_request,
                actor=request.user,
                sessions=sessions,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The proposal has been sent to the griffier."))
            return redirect("workshops:staff_request_detail", pk=workshop_request.pk)
    context = {"workshop_request": workshop_request, "form": form, "formset": formset}
    return render(request, "workshops/staff_proposal_form.html", context)


@request_staff_required
@require_safe
@private
def staff_evaluation_results(request: HttpRequest) -> HttpResponse:
    results = selectors.evaluation_results(sessions_for_staff(request.user))
    return render(request, "workshops/staff_evaluation_results.html", results)


@request_staff_required
@require_safe
def staff_evaluation_export(request: HttpRequest) -> HttpResponse:
    """The results page as a table: per workshop, then per trainer (averages only from 5 evaluations on)."""
    results = selectors.evaluation_results(sessions_for_staff(request.user))
    headers = [_("Results per"), _("Name"), _("Average rating (1–5)"), _("Evaluations"), _("Sessions")]
    rows = [
        [_("Workshop"), row["title"], row["average"], row["count"], row["sessions"]]
        for row in results["by_workshop"]
    ] + [
        [_("Trainer"), row["name"], row["average"], row["count"], row["sessions"]]
        for row in results["by_trainer"]
    ]
    return table_response(
        stem="workshop-evaluations", headers=headers, rows=rows, fmt=export_format(request.GET.get("format"))
    )
