import datetime
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.exports import export_format, table_response
from portal.models import Municipality
from portal.permissions import griffier_municipality_ids, griffier_required, is_griffier
from portal.throttle import throttle

from . import services
from .filters import ScanFilter, StaffScanFilter
from .forms import (
    ActionForm,
    AgreementForm,
    AnswerPageForm,
    ExtendForm,
    OwnQuestionsForm,
    RespondentsForm,
    ScanCreateForm,
    ScanSettingsForm,
    answer_pages,
)
from .models import (
    MAX_OWN_QUESTIONS,
    Action,
    Answer,
    DataProcessingAgreement,
    Invitation,
    OpenAnswer,
    PriorityChoice,
    Response,
    Scan,
    Score,
    resume_key,
)
from .permissions import (
    get_scan_for_user,
    invitation_for_token,
    may_configure,
    open_link_scan,
    open_link_visitor_scan,
    overview_required,
    scan_user_required,
    scans_for,
)
from .reports import monitor_rows, report_build
from .selectors import national_figures

PAGE_SIZE = 25


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every Quick Scan page is someone's own (a scan, a report, a personal link): no cache may keep it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper


def _with_counts(scans):
    return scans.select_related("municipality", "questionnaire").annotate(
        invited=Count("invitations", distinct=True),
        completed=Count("invitations", filter=Q(invitations__used_at__isnull=False), distinct=True),
    )


@private
@scan_user_required
@require_GET
def scan_list(request):
    filters = ScanFilter(
        request.GET or None, queryset=_with_counts(scans_for(request.user)).order_by("-created_at"), request=request
    )
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
@require_http_methods(["GET", "POST"])
def agreement(request, slug: str):
    municipality = get_object_or_404(Municipality, slug=slug, pk__in=griffier_municipality_ids(request.user))
    existing = (
        DataProcessingAgreement.objects.filter(municipality=municipality)
        .select_related("accepted_by")
        .first()
    )
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        services.agreement_accept(municipality=municipality, user=request.user)
        messages.success(
            request, _("The data processing terms have been accepted. You can now set up a scan.")
        )
        return redirect("quickscan:scan_create")
    return render(
        request,
        "quickscan/agreement.html",
        {
            "municipality": municipality,
            "agreement": existing,
            "form": form,
            "retention_days": settings.PORTAL_INVITATION_RETENTION_DAYS,
        },
    )


@private
@griffier_required
@require_http_methods(["GET", "POST"])
def scan_create(request):
    municipalities = Municipality.objects.filter(pk__in=griffier_municipality_ids(request.user))
    missing = municipalities.filter(quickscan_agreement__isnull=True)
    if len(municipalities) == 1 and missing:
        return redirect("quickscan:agreement", slug=missing[0].slug)
    form = ScanCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scan = services.scan_create(
                municipality=data["municipality"],
                questionnaire=data["questionnaire"],
                name=data["name"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                open_link_cap=data["open_link_cap"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The scan has been created. Now add the respondents."))
            return redirect("quickscan:scan_respondents", pk=scan.pk)
    return render(request, "quickscan/scan_create.html", {"form": form, "missing": missing})


@private
@scan_user_required
@require_GET
def scan_detail(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    context = {
        "scan": scan,
        "may_configure": may_configure(request.user, scan),
        "monitor": monitor_rows(scan),
        "own_questions": scan.own_questions.all(),
        "extend_form": ExtendForm(initial={"closes_on": scan.closes_on}),
        "addresses_deleted_on": scan.closed_at + datetime.timedelta(days=settings.PORTAL_INVITATION_RETENTION_DAYS)
        if scan.closed_at
        else None,
    }
    return render(request, "quickscan/scan_detail.html", context)


@private
@scan_user_required
@require_http_methods(["GET", "POST"])
def scan_edit(request, pk: int):
    scan = get_scan_for_user(request.user, pk, write=True)
    if not scan.is_draft:
        messages.error(request, services.SCAN_NOT_DRAFT)
        return redirect(scan)
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
@require_http_methods(["GET", "POST"])
def scan_open_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the link for residents. Its code is shown on this one response and kept only as a hash."""
    scan = get_scan_for_user(request.user, pk, write=True)
    if request.method == "POST":
        try:
            code = services.open_link_make(scan=scan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(scan)
        url = request.build_absolute_uri(
            reverse("quickscan:open_link", kwargs={"public_id": scan.public_id, "code": code})
        )
        return render(request, "quickscan/open_link_made.html", {"scan": scan, "url": url})
    return render(request, "quickscan/open_link_make.html", {"scan": scan})


@private
@scan_user_required
@require_http_methods(["GET", "POST"])
def scan_questions(request, pk: int):
    scan = get_scan_for_user(request.user, pk, write=True)
    if not scan.is_draft:
        messages.error(request, services.SCAN_NOT_DRAFT)
        return redirect(scan)
    form = OwnQuestionsForm(request.POST or None, initial=OwnQuestionsForm.initial_for(scan))
    if request.method == "POST" and form.is_valid():
        try:
            services.own_questions_set(scan=scan, questions=form.questions())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The questions of your municipality have been saved."))
            return redirect(scan)
    return render(
        request, "quickscan/scan_questions.html", {"scan": scan, "form": form, "max": MAX_OWN_QUESTIONS}
    )


@private
@scan_user_required
@require_http_methods(["GET", "POST"])
def scan_respondents(request, pk: int):
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
            messages.success(
                request,
                _("%(added)s addresses added; %(merged)s were already on the list.")
                % {"added": added, "merged": merged},
            )
            return redirect("quickscan:scan_respondents", pk=scan.pk)
    # The addresses are shown only while the list is being made: once the scan is open, nothing on
    # this page may hint at who has or has not answered.
    invitations = scan.invitations.filter(source=Invitation.Source.MAIL) if scan.is_draft else None
    context = {"scan": scan, "form": form, "monitor": monitor_rows(scan), "invitations": invitations}
    return render(request, "quickscan/scan_respondents.html", context)


@private
@scan_user_required
@require_POST
def scan_respondent_remove(request, pk: int, invitation_pk: int):
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
@require_GET
def scan_preview(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    pages = [
        (page, AnswerPageForm(page=page, scan=scan, auto_id=f"preview{n}_%s"))
        for n, page in enumerate(answer_pages(scan), start=1)
    ]
    return render(request, "quickscan/scan_preview.html", {"scan": scan, "pages": pages})


def _scan_action(request, pk: int, action, success: str):
    scan = get_scan_for_user(request.user, pk, write=True)
    try:
        outcome = action(scan=scan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        count = outcome if isinstance(outcome, int) else 0
        messages.success(request, success % {"count": count})
    return redirect("quickscan:scan_detail", pk=scan.pk)


@private
@scan_user_required
@require_POST
def scan_open(request, pk: int):
    return _scan_action(
        request, pk, services.scan_open, _("The scan is open. The invitations are being sent.")
    )


@private
@scan_user_required
@require_POST
def scan_remind(request, pk: int):
    return _scan_action(
        request,
        pk,
        services.scan_remind,
        _("A reminder is being sent to the %(count)s people who have not answered yet."),
    )


@private
@scan_user_required
@require_POST
def scan_close(request, pk: int):
    return _scan_action(
        request, pk, services.scan_close, _("The scan is closed. The results are being calculated.")
    )


@private
@scan_user_required
@require_http_methods(["GET", "POST"])
def scan_extend(request, pk: int):
    scan = get_scan_for_user(request.user, pk, write=True)
    form = ExtendForm(request.POST or None, initial={"closes_on": scan.closes_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.scan_extend(scan=scan, closes_on=form.cleaned_data["closes_on"])
        except ValidationError as error:
            form.add_error("closes_on", error)
        else:
            messages.success(request, _("The closing date has been moved."))
            return redirect(scan)
    return render(request, "quickscan/scan_extend.html", {"scan": scan, "form": form})


@private
@scan_user_required
@require_GET
def scan_monitor(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    return render(request, "quickscan/_monitor.html", {"scan": scan, "monitor": monitor_rows(scan)})


@private
@scan_user_required
@require_GET
def scan_report(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    # While the scan is open there are no figures at all, only the response monitor on the scan page.
    context = report_build(scan) if scan.status == Scan.Status.CLOSED else {"scan": scan}
    context["may_configure"] = may_configure(request.user, scan)
    context["has_pdf"] = Scan.objects.filter(pk=scan.pk, report_pdf__isnull=False).exists()
    return render(request, "quickscan/scan_report.html", context)


@private
@scan_user_required
@require_GET
def scan_report_pdf(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    pdf = Scan.objects.filter(pk=scan.pk).values_list("report_pdf", flat=True).first()
    if not pdf:
        raise Http404
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="quickscan-{scan.municipality.slug}-{scan.pk}.pdf"'
    )
    return response


@private
@scan_user_required
@require_http_methods(["GET", "POST"])
def action_list(request, pk: int):
    scan = get_scan_for_user(request.user, pk, write=request.method == "POST")
    form = ActionForm(request.POST or None, scan=scan)
    if request.method == "POST" and form.is_valid():
        services.action_save(scan=scan, **form.cleaned_data)
        messages.success(request, _("The action has been added to the verbeteragenda."))
        return redirect("quickscan:action_list", pk=scan.pk)
    actions = scan.actions.select_related("theme")
    return render(
        request,
        "quickscan/action_list.html",
        {"scan": scan, "actions": actions, "form": form, "may_configure": may_configure(request.user, scan)},
    )


@private
@scan_user_required
@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int, action_pk: int):
    scan = get_scan_for_user(request.user, pk, write=True)
    item = get_object_or_404(Action, pk=action_pk, scan=scan)
    form = ActionForm(request.POST or None, instance=item, scan=scan)
    if request.method == "POST" and form.is_valid():
        services.action_save(scan=scan, instance=item, **form.cleaned_data)
        messages.success(request, _("The action has been saved."))
        return redirect("quickscan:action_list", pk=scan.pk)
    return render(request, "quickscan/action_form.html", {"scan": scan, "form": form, "item": item})


# Respondents (no account; the personal link is the key)


def _scan_target(request, kwargs) -> str:
    return str(kwargs["public_id"])


def _saved_answers(response: Response | None, page) -> dict:
    initial = {}
    if response is None:
        return initial
    for statement_id, own_id, value in Answer.objects.filter(response=response).values_list(
        "statement_id", "own_question_id", "value"
    ):
        initial[f"s{statement_id}" if statement_id else f"o{own_id}"] = "0" if value is None else str(value)
    for theme_id, own_id, text in OpenAnswer.objects.filter(response=response).values_list(
        "theme_id", "own_question_id", "text"
    ):
        initial[f"t{theme_id}" if theme_id else f"o{own_id}"] = text
    if page.kind == "priority":
        initial["priorities"] = [
            str(pk)
            for pk in PriorityChoice.objects.filter(response=response).values_list("theme_id", flat=True)
        ]
    return initial


def _page_number(request: HttpRequest, saved: int, count: int) -> int:
    try:
        wanted = int(request.GET.get("pagina", ""))
    except ValueError:
        wanted = saved + 1
    return max(1, min(wanted, saved + 1, count))


def _message(request: HttpRequest, scan: Scan, message: str, status: int = 200) -> HttpResponse:
    return render(request, "quickscan/answer_message.html", {"scan": scan, "message": message}, status=status)


def _invalid_link(request: HttpRequest, *, open_link: bool = False) -> HttpResponse:
    """A mistyped or outdated link: a page that says what to do (also where DEBUG would show its own 404)."""
    return render(request, "quickscan/answer_invalid_link.html", {"open_link": open_link}, status=404)


@private
@require_http_methods(["GET", "POST"])
@throttle("quickscan-answer", limit=3000, period=600, target=_scan_target, methods=("GET", "POST"))
def answer(request: HttpRequest, public_id, token: str) -> HttpResponse:
    invitation = invitation_for_token(public_id, token)
    if invitation is None:
        # A visitor of the open link who has not answered yet: page 1 right away, no row until they save.
        scan = open_link_visitor_scan(public_id, token)
        if scan is None:
            return _invalid_link(request)
        return _answer_page(request, scan=scan, token=token, invitation=None, response=None)
    scan = invitation.scan
    if invitation.used_at:
        return _message(request, scan, services.ALREADY_SUBMITTED)
    response = Response.objects.filter(resume_key=resume_key(token)).first()
    if response is None and scan.accepts_answers():
        if request.method == "POST":
            services.response_start(invitation=invitation, token=token)
            return redirect(f"{request.path}?pagina=1")
        return render(request, "quickscan/answer_intro.html", {"scan": scan})
    return _answer_page(request, scan=scan, token=token, invitation=invitation, response=response)


def _answer_page(
    request: HttpRequest, *, scan: Scan, token: str, invitation: Invitation | None, response: Response | None
) -> HttpResponse:
    if not scan.accepts_answers():
        return _message(request, scan, services.SCAN_CLOSED)
    pages = answer_pages(scan)
    number = _page_number(request, response.page if response else 0, len(pages))
    page = pages[number - 1]
    form = AnswerPageForm(request.POST or None, page=page, scan=scan, initial=_saved_answers(response, page))
    if request.method == "POST" and form.is_valid():
        try:
            if invitation is None:
                invitation, response = services.open_link_respondent_start(scan=scan, token=token)
            services.response_page_save(response=response, page_number=number, **form.answers())
            if number == len(pages):
                services.response_submit(invitation=invitation, response=response)
                return render(request, "quickscan/answer_thanks.html", {"scan": scan})
        except ValidationError as error:
            return _message(request, scan, " ".join(error.messages))
        return redirect(f"{request.path}?pagina={number + 1}")
    context = {
        "scan": scan,
        "page": page,
        "form": form,
        "number": number,
        "count": len(pages),
        "progress": round((number - 1) / len(pages) * 100),
        "is_last": number == len(pages),
    }
    return render(request, "quickscan/answer_page.html", context)


@private
@require_http_methods(["GET", "POST"])
@throttle("quickscan-open-link", limit=30, period=3600, target=_scan_target)
def open_link(request: HttpRequest, public_id, code: str) -> HttpResponse:
    """The residents' link: an introduction, then a personal link. No place is taken until they answer."""
    scan = open_link_scan(public_id, code)
    if scan is None:
        return _invalid_link(request, open_link=True)
    if not scan.accepts_answers():
        return _message(request, scan, services.SCAN_CLOSED)
    if scan.invitations.filter(source=Invitation.Source.OPEN_LINK).count() >= scan.open_link_cap:
        return _message(request, scan, services.OPEN_LINK_FULL)
    if request.method == "POST":
        token = services.open_link_visitor_token(scan=scan)
        return redirect(f"{reverse('quickscan:answer', kwargs={'public_id': scan.public_id, 'token': token})}?pagina=1")
    return render(request, "quickscan/open_link.html", {"scan": scan})


# Staff overview


@private
@overview_required
@require_GET
def staff_scan_list(request):
    filters = StaffScanFilter(request.GET or None, queryset=_with_counts(Scan.objects.all()).order_by("-created_at"))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quickscan/staff_scan_list.html", {"form": filters.form, "page_obj": page})


@private
@overview_required
@require_GET
def staff_national(request):
    return render(request, "quickscan/staff_national.html", {"figures": list(national_figures())})


@private
@overview_required
@require_GET
def staff_export(request: HttpRequest) -> HttpResponse:
    """Aggregated figures of closed scans only: no answer, no invitation, no group below the threshold."""
    headers = [
        "municipality_code",
        "municipality",
        "scan",
        "questionnaire",
        "version",
        "closed_on",
        "level",
        "theme",
        "statement",
        "group",
        "respondents",
        "mean",
        "index",
        "agree_share",
    ]
    rows = (
        Score.objects.filter(scan__status=Scan.Status.CLOSED)
        .exclude(level=Score.Level.OWN)
        .values_list(
            "scan__municipality__code",
            "scan__municipality__name",
            "scan__name",
            "scan__questionnaire__slug",
            "scan__questionnaire__version",
            "scan__closes_on",
            "level",
            "theme__slug",
            "statement__text",
            "group",
            "respondents",
            "mean",
            "index",
            "agree_share",
        )
        .order_by("scan__municipality__code", "scan_id", "level", "theme__order", "statement__order", "group")
    )
    return table_response(
        stem="quickscan",
        headers=headers,
        rows=rows.iterator(chunk_size=2000),
        fmt=export_format(request.GET.get("format")),
    )
