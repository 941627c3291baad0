from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.exports import export_format, table_response
from portal.models import Municipality
from portal.permissions import griffier_municipality_ids, griffier_required, is_griffier
from portal.throttle import throttle

from . import services
from .forms import (
    ActionForm,
    AgreementForm,
    AnswerPageForm,
    ExtendForm,
    OwnQuestionsForm,
    RespondentsForm,
    ScanCreateForm,
    ScanSettingsForm,
    StaffScanFilterForm,
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
    get_invitation_for_token,
    get_scan_for_user,
    may_configure,
    overview_required,
    scan_user_required,
    scans_for,
)
from .reports import monitor_rows, report_build
from .selectors import national_figures

PAGE_SIZE = 25


def _with_counts(scans):
    return scans.select_related("municipality", "questionnaire").annotate(
        invited=Count("invitations", distinct=True),
        completed=Count("invitations", filter=Q(invitations__used_at__isnull=False), distinct=True),
    )


@scan_user_required
@require_safe
def scan_list(request):
    scans = _with_counts(scans_for(request.user)).order_by("-created_at")
    if request.GET.get("municipality", "").isdigit():  # from the regional overview; still within scans_for
        scans = scans.filter(municipality_id=int(request.GET["municipality"]))
    page = Paginator(scans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "quickscan/scan_list.html", {"page_obj": page, "can_create": is_griffier(request.user)}
    )


@griffier_required
@require_http_methods(["GET", "HEAD", "POST"])
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
        {"municipality": municipality, "agreement": existing, "form": form},
    )


@griffier_required
@require_http_methods(["GET", "HEAD", "POST"])
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


@scan_user_required
@require_safe
def scan_detail(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    context = {
        "scan": scan,
        "may_configure": may_configure(request.user, scan),
        "monitor": monitor_rows(scan),
        "own_questions": scan.own_questions.all(),
        "has_result": hasattr(scan, "result"),
        "open_link": request.build_absolute_uri(
            reverse("quickscan:open_link", kwargs={"public_id": scan.public_id, "code": scan.open_link_token})
        )
        if scan.open_link_token
        else "",
        "extend_form": ExtendForm(initial={"closes_on": scan.closes_on}),
    }
    return render(request, "quickscan/scan_detail.html", context)


@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
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


@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
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


@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
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


@scan_user_required
@require_safe
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


@scan_user_required
@require_POST
def scan_open(request, pk: int):
    return _scan_action(
        request, pk, services.scan_open, _("The scan is open. The invitations are being sent.")
    )


@scan_user_required
@require_POST
def scan_remind(request, pk: int):
    return _scan_action(
        request,
        pk,
        services.scan_remind,
        _("A reminder is being sent to the %(count)s people who have not answered yet."),
    )


@scan_user_required
@require_POST
def scan_close(request, pk: int):
    return _scan_action(
        request, pk, services.scan_close, _("The scan is closed. The results are being calculated.")
    )


@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
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


@scan_user_required
@require_safe
def scan_monitor(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    return render(request, "quickscan/_monitor.html", {"scan": scan, "monitor": monitor_rows(scan)})


@scan_user_required
@require_POST
def scan_score(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    if scan.is_draft:
        raise Http404
    services.score_request(scan=scan)
    messages.success(request, _("The results are being calculated."))
    return redirect("quickscan:scan_report", pk=scan.pk)


@scan_user_required
@require_safe
def scan_report(request, pk: int):
    scan = get_scan_for_user(request.user, pk)
    context = report_build(scan)
    context["may_configure"] = may_configure(request.user, scan)
    context["has_pdf"] = Scan.objects.filter(pk=scan.pk, report_pdf__isnull=False).exists()
    return render(request, "quickscan/scan_report.html", context)


@scan_user_required
@require_safe
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


@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
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


@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
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


def _saved_answers(response: Response, page) -> dict:
    initial = {}
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


def _page_number(request, response: Response, count: int) -> int:
    try:
        wanted = int(request.GET.get("pagina", ""))
    except ValueError:
        wanted = response.page + 1
    return max(1, min(wanted, response.page + 1, count))


def _message(request, scan: Scan, message: str, status: int = 200):
    return render(request, "quickscan/answer_message.html", {"scan": scan, "message": message}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@throttle("quickscan-answer", limit=3000, period=600, target=_scan_target, methods=("GET", "POST"))
def answer(request, public_id, token: str):
    invitation = get_invitation_for_token(public_id, token)
    scan = invitation.scan
    if not scan.accepts_answers():
        return _message(request, scan, services.SCAN_CLOSED)
    if invitation.used_at:
        return _message(request, scan, services.ALREADY_SUBMITTED)
    response = Response.objects.filter(resume_key=resume_key(token)).first()
    if response is None:
        if request.method == "POST":
            services.response_start(invitation=invitation, token=token)
            return redirect(f"{request.path}?pagina=1")
        return render(request, "quickscan/answer_intro.html", {"scan": scan})
    pages = answer_pages(scan)
    number = _page_number(request, response, len(pages))
    page = pages[number - 1]
    form = AnswerPageForm(request.POST or None, page=page, scan=scan, initial=_saved_answers(response, page))
    if request.method == "POST" and form.is_valid():
        try:
            services.response_page_save(response=response, page_number=number, **form.answers())
            if number == len(pages):
                services.response_submit(invitation=invitation, response=response)
                return _message(request, scan, _("Thank you! Your answers have been sent."))
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


@require_http_methods(["GET", "HEAD", "POST"])
@throttle("quickscan-open-link", limit=30, period=3600, target=_scan_target)
def open_link(request, public_id, code: str):
    scan = get_object_or_404(
        Scan.objects.select_related("municipality"), public_id=public_id, open_link_token=code or "-"
    )
    if not scan.accepts_answers():
        return _message(request, scan, services.SCAN_CLOSED)
    if request.method == "POST":
        try:
            _invitation, token = services.open_link_start(scan=scan)
        except ValidationError as error:
            return _message(request, scan, " ".join(error.messages))
        return redirect("quickscan:answer", public_id=scan.public_id, token=token)
    return render(request, "quickscan/open_link.html", {"scan": scan})


# Staff overview


@overview_required
@require_safe
def staff_scan_list(request):
    form = StaffScanFilterForm(request.GET or None)
    scans = _with_counts(Scan.objects.all()).order_by("-created_at")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            scans = scans.filter(municipality__in=Municipality.objects.search(data["q"]))
        if data["status"]:
            scans = scans.filter(status=data["status"])
        if data["questionnaire"]:
            scans = scans.filter(questionnaire__slug=data["questionnaire"])
    page = Paginator(scans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quickscan/staff_scan_list.html", {"form": form, "page_obj": page})


@overview_required
@require_safe
def staff_national(request):
    return render(request, "quickscan/staff_national.html", {"figures": list(national_figures())})


@overview_required
@require_safe
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
