"""The griffier sets up a scan: terms, settings, the link for residents, own questions and respondents.
Consultants and managers read these pages (the list, the scan, the preview) but never change them."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.models import Municipality
from portal.permissions import griffier_municipality_ids, griffier_required, is_griffier

from .. import services
from ..filters import ScanFilter
from ..forms import (
    AgreementForm,
    AnswerPageForm,
    OwnQuestionsForm,
    RespondentsForm,
    ScanCreateForm,
    ScanSettingsForm,
    answer_pages,
)
from ..models import MAX_OWN_QUESTIONS, DataProcessingAgreement, Invitation, Scan
from ..permissions import get_scan_for_user, may_configure, scan_user_required, scans_for
from ..selectors import monitor_rows, questionnaires_for
from .common import PAGE_SIZE, private


@private
@scan_user_required
@require_safe
def scan_list(request: HttpRequest) -> HttpResponse:
    scans = scans_for(request.user, Scan.objects.with_response_counts()).order_by("-created_at")
    filters = ScanFilter(request.GET or None, queryset=scans, request=request)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # A griffier of one municipality has nothing to filter on.
    show_filters = not is_griffier(request.user) or len(griffier_municipality_ids(request.user)) > 1
    context = {
        "page_obj": page,
        "filter": filters,
        "show_filters": show_filters,
        "can_create": is_griffier(request.user),
    }
    return render(request, "quickscan/scan_list.html", context)


@private
@griffier_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug, pk__in=griffier_municipality_ids(request.user))
    existing = DataProcessingAgreement.objects.filter(municipality=municipality).select_related("accepted_by").first()
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        services.agreement_accept(municipality=municipality, user=request.user)
        messages.success(request, _("The data processing terms have been accepted. You can now set up a scan."))
        return redirect("quickscan:scan_create")
    context = {
        "municipality": municipality,
        "agreement": existing,
        "form": form,
        "retention_days": settings.PORTAL_INVITATION_RETENTION_DAYS,
    }
    return render(request, "quickscan/agreement.html", context)


@private
@griffier_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan_create(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.filter(pk__in=griffier_municipality_ids(request.user))
    missing = municipalities.filter(quickscan_agreement__isnull=True)
    if len(municipalities) == 1 and missing:
        return redirect("quickscan:agreement", slug=missing[0].slug)
    form = ScanCreateForm(
        request.POST or None, municipalities=municipalities, questionnaires=questionnaires_for(municipalities)
    )
    if request.method == "POST" and form.is_valid():
        try:
            scan = services.scan_create(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The scan has been created. Now add the respondents."))
            return redirect("quickscan:scan_respondents", pk=scan.pk)
    return render(request, "quickscan/scan_create.html", {"form": form, "missing": missing})


@private
@scan_user_required
@require_safe
def scan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk)
    retention = datetime.timedelta(days=settings.PORTAL_INVITATION_RETENTION_DAYS)
    context = {
        "scan": scan,
        "may_configure": may_configure(request.user, scan),
        "monitor": monitor_rows(scan),
        "own_questions": scan.own_questions.all(),
        "addresses_deleted_on": scan.closed_at + retention if scan.closed_at else None,
    }
    return render(request, "quickscan/scan_detail.html", context)


def _draft_or_back(request: HttpRequest, scan: Scan) -> HttpResponse | None:
    if scan.is_draft:
        return None
    messages.error(request, services.SCAN_NOT_DRAFT)
    return redirect(scan)


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    if back := _draft_or_back(request, scan):
        return back
    initial = {
        "name": scan.name,
        "opens_on": scan.opens_on,
        "closes_on": scan.closes_on,
        "open_link_cap": scan.open_link_cap,
    }
    form = ScanSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scan_update(scan=scan, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect(scan)
    return render(request, "quickscan/scan_edit.html", {"scan": scan, "form": form})


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan_open_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the link for residents. Its code is shown on this one response and kept only as a hash."""
    scan = get_scan_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            code = services.open_link_make(scan=scan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(scan)
        url = request.build_absolute_uri(reverse("quickscan:open_link", args=[scan.public_id, code]))
        return render(request, "quickscan/open_link_made.html", {"scan": scan, "url": url})
    return render(request, "quickscan/open_link_make.html", {"scan": scan})


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan_questions(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    if back := _draft_or_back(request, scan):
        return back
    form = OwnQuestionsForm(request.POST or None, initial=OwnQuestionsForm.initial_for(scan))
    if request.method == "POST" and form.is_valid():
        try:
            services.own_questions_set(scan=scan, questions=form.questions())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The questions of your municipality have been saved."))
            return redirect(scan)
    context = {"scan": scan, "form": form, "max": MAX_OWN_QUESTIONS}
    return render(request, "quickscan/scan_questions.html", context)


def _added_message(added: int, merged: int) -> str:
    parts = [ngettext("%(count)s address added.", "%(count)s addresses added.", added) % {"count": added}]
    if merged:
        parts.append(
            ngettext("%(count)s address was already on the list.", "%(count)s addresses were already on the list.", merged)
            % {"count": merged}
        )
    return " ".join(parts)


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan_respondents(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    form = RespondentsForm(request.POST or None, request.FILES or None, scan=scan)
    if request.method == "POST" and form.is_valid():
        try:
            added, merged = services.respondents_add(
                scan=scan, group=form.cleaned_data["group"], emails=form.cleaned_data["emails"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _added_message(added, merged))
            return redirect("quickscan:scan_respondents", pk=scan.pk)
    # The addresses are shown only while the list is being made: once the scan is open, nothing on
    # this page may hint at who has or has not answered.
    invitations = scan.invitations.filter(source=Invitation.Source.MAIL) if scan.is_draft else None
    context = {"scan": scan, "form": form, "monitor": monitor_rows(scan), "invitations": invitations}
    return render(request, "quickscan/scan_respondents.html", context)


@private
@scan_user_required
@require_POST
def scan_respondent_remove(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    try:
        services.respondent_remove(scan=scan, invitation_id=invitation_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The address has been removed."))
    return redirect("quickscan:scan_respondents", pk=scan.pk)


@private
@scan_user_required
@require_safe
def scan_preview(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk)
    pages = [
        (page, AnswerPageForm(page=page, scan=scan, auto_id=f"preview{n}_%s"))
        for n, page in enumerate(answer_pages(scan), start=1)
    ]
    return render(request, "quickscan/scan_preview.html", {"scan": scan, "pages": pages})
