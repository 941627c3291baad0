import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.exports import export_format, table_response
from portal.throttle import throttle

from . import selectors, services
from .filters import RequestQueueFilter, WorkshopFilter
from .forms import (
    AssignForm,
    EvaluationForm,
    MessageForm,
    ProposalForm,
    RequestForm,
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

# ---------- catalogue (public) ----------


@require_GET
def workshop_list(request):
    workshop_filter = WorkshopFilter(request.GET or None, queryset=selectors.workshop_catalogue())
    context = {"filter": workshop_filter, "workshops": workshop_filter.qs}
    if request.headers.get("HX-Request"):
        return render(request, "workshops/_workshop_results.html", context)
    return render(request, "workshops/workshop_list.html", context)


@require_GET
def workshop_detail(request, slug: str):
    workshop = get_object_or_404(selectors.workshop_catalogue(), slug=slug)
    return render(request, "workshops/workshop_detail.html", {"workshop": workshop})


# ---------- the griffier's requests ----------


@griffier_required
@require_GET
def request_list(request):
    requests = requests_of_griffier(request.user).select_related("municipality").prefetch_related("workshops")
    sessions = selectors.planned_sessions_for_municipalities(
        griffier_municipalities(request.user).values("pk")
    )
    upcoming = sessions.filter(ends_at__gte=timezone.now())
    return render(request, "workshops/request_list.html", {"requests": requests, "sessions": upcoming})


@griffier_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    municipalities = griffier_municipalities(request.user)
    initial = {"submission_key": uuid.uuid4(), "workshops": request.GET.getlist("workshop")}
    initial["workshops"] = [w for w in initial["workshops"] if w.isdigit()]
    form = RequestForm(request.POST or None, initial=initial, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created_request, created = services.request_create(
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
                    request, _("Your request has been sent. Programme staff will contact you soon.")
                )
            return redirect(created_request)
    return render(request, "workshops/request_form.html", {"form": form})


@griffier_required
@require_GET
def request_detail(request, pk: int):
    workshop_request = get_request_for_griffier(request.user, pk)
    context = {"workshop_request": workshop_request, "message_form": MessageForm()}
    context.update(selectors.request_detail_context(workshop_request))
    return render(request, "workshops/request_detail.html", context)


@griffier_required
@require_POST
def request_message(request, pk: int):
    workshop_request = get_request_for_griffier(request.user, pk)
    return _message_post(
        request, workshop_request, from_staff=False, template="workshops/request_detail.html"
    )


@griffier_required
@require_POST
def proposal_accept(request, pk: int):
    workshop_request = get_request_for_griffier(request.user, pk)
    try:
        services.proposal_accept(request=workshop_request, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Thank you. The sessions are planned; you find them below and in your calendar file.")
        )
    return redirect(workshop_request)


@griffier_required
@require_GET
def request_ical(request, pk: int):
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


def _message_post(request, workshop_request: WorkshopRequest, *, from_staff: bool, template: str):
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.request_message_post(
                request=workshop_request,
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


@require_http_methods(["GET", "POST"])
@throttle("workshop-evaluation", limit=EVALUATION_LIMIT, period=EVALUATION_WINDOW, target=lambda r, kw: kw["token"])
def evaluation_form(request: HttpRequest, token: str) -> HttpResponse:
    session = get_session_by_token(token)
    if not session.is_open_for_evaluation():
        return render(request, "workshops/evaluation_closed.html", {"session": session})
    form = EvaluationForm(request.POST or None)
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
        "status_form": StatusForm(request_obj=workshop_request),
        "assign_form": AssignForm(initial={"assigned_to": workshop_request.assigned_to_id}),
        "can_propose": workshop_request.status in services.PROPOSAL_FROM,
    }


@request_staff_required
@require_GET
def staff_request_queue(request):
    queryset = selectors.request_queue(requests_for_staff(request.user))
    queue_filter = RequestQueueFilter(request.GET or None, queryset=queryset, request=request)
    page = Paginator(queue_filter.qs, 25).get_page(request.GET.get("page"))
    return render(request, "workshops/staff_request_queue.html", {"filter": queue_filter, "page_obj": page})


@request_staff_required
@require_GET
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
@require_GET
def staff_request_detail(request, pk: int):
    workshop_request = get_request_for_staff(request.user, pk)
    context = {"workshop_request": workshop_request, "message_form": MessageForm()}
    context.update(selectors.request_detail_context(workshop_request))
    context.update(_staff_forms(workshop_request))
    return render(request, "workshops/staff_request_detail.html", context)


@request_staff_required
@require_POST
def staff_request_message(request, pk: int):
    workshop_request = get_request_for_staff(request.user, pk)
    return _message_post(
        request, workshop_request, from_staff=True, template="workshops/staff_request_detail.html"
    )


@request_staff_required
@require_POST
def staff_request_status(request, pk: int):
    workshop_request = get_request_for_staff(request.user, pk)
    form = StatusForm(request.POST, request_obj=workshop_request)
    if form.is_valid():
        try:
            services.request_status_change(
                request=workshop_request,
                actor=request.user,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status has been changed."))
    else:
        messages.error(request, _("Choose a status this request can move to."))
    return redirect("workshops:staff_request_detail", pk=workshop_request.pk)


@request_staff_required
@require_POST
def staff_request_assign(request, pk: int):
    workshop_request = get_request_for_staff(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        services.request_assign(request=workshop_request, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The assignment has been saved."))
    else:
        messages.error(request, _("Choose a staff member from the list."))
    return redirect("workshops:staff_request_detail", pk=workshop_request.pk)


@request_staff_required
@require_http_methods(["GET", "POST"])
def staff_proposal_create(request, pk: int):
    workshop_request = get_request_for_staff(request.user, pk)
    form = ProposalForm(request.POST or None)
    formset = SessionFormSet(request.POST or None, prefix="sessions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        tz = timezone.get_current_timezone()
        sessions = [f.session_data(tz) for f in formset.forms if f.has_changed() and f.cleaned_data]
        try:
            services.proposal_send(
                request=workshop_request,
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
@require_GET
def staff_evaluation_results(request):
    results = selectors.evaluation_results(sessions_for_staff(request.user))
    return render(request, "workshops/staff_evaluation_results.html", results)
