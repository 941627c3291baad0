"""Programme staff: the review queue with filters and assignment, internal notes, decisions, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.exports import export_format, table_response
from portal.permissions import is_manager

from .. import selectors, services
from ..filters import ApplicationQueueFilter
from ..forms import AssignForm, DecisionForm, NoteForm
from ..models import Application, Offer
from ..permissions import application_staff_required, applications_for_staff, get_application_for_staff


def _queue(request: HttpRequest) -> ApplicationQueueFilter:
    queryset = selectors.staff_queue(applications_for_staff(request.user))
    return ApplicationQueueFilter(request.GET or None, queryset=queryset, request=request)


@application_staff_required
@require_safe
def staff_queue(request: HttpRequest) -> HttpResponse:
    queue = _queue(request)
    page = Paginator(queue.qs, 25).get_page(request.GET.get("page"))
    offers = list(Offer.objects.with_counts().order_by("order", "title"))
    return render(request, "offers/staff_queue.html", {"filter": queue, "page_obj": page, "offers": offers})


@application_staff_required
@require_safe
def staff_export(request: HttpRequest) -> HttpResponse:
    headers = [
        _("Number"), _("Submitted"), _("Offer"), _("Municipality"), _("Region"), _("Status"),
        _("Budget granted (euros)"), _("Contact person"), _("Email address"), _("Assigned to"),
    ]
    rows = (
        [
            row.pk,
            row.submitted_at,
            row.offer.title,
            row.municipality.name,
            row.municipality.region.name,
            row.get_status_display(),
            row.budget_granted,
            row.contact_name,
            row.contact_email,
            row.assigned_to.email if row.assigned_to else "",
        ]
        for row in _queue(request).qs
    )
    return table_response(stem="applications", headers=headers, rows=rows, fmt=export_format(request.GET.get("format")))


def _detail(request: HttpRequest, application: Application, **forms) -> HttpResponse:
    manager = is_manager(request.user)
    context = {
        "application": application,
        "may_decide": manager,
        "note_form": forms.get("note_form") or NoteForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(application=application),
        "assign_form": AssignForm(initial={"assigned_to": application.assigned_to_id}) if manager else None,
    }
    context.update(selectors.application_context(application, staff=True))
    return render(request, "offers/staff_application_detail.html", context, status=400 if forms else 200)


@application_staff_required
@require_safe
def staff_application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_application_for_staff(request.user, pk))


@application_staff_required
@require_POST
def staff_application_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_staff(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.application_note_add(application=application, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect("offers:staff_application_detail", pk=application.pk)
    return _detail(request, application, note_form=form)


@application_staff_required
@require_POST
def staff_application_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_staff(request.user, pk, decide=True)
    form = AssignForm(request.POST)
    if form.is_valid():
        services.application_assign(application=application, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The assignment has been saved."))
    else:
        messages.error(request, _("Choose a staff member from the list."))
    return redirect("offers:staff_application_detail", pk=application.pk)


@application_staff_required
@require_POST
def staff_application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_staff(request.user, pk, decide=True)
    form = DecisionForm(request.POST, application=application)
    if form.is_valid():
        try:
            services.application_decide(
                application=application,
                actor=request.user,
                to_status=form.cleaned_data["decision"],
                budget=form.cleaned_data.get("budget"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision has been saved and the applicant has been told."))
            return redirect("offers:staff_application_detail", pk=application.pk)
    return _detail(request, application, decision_form=form)
