"""The report of a closed scan, on screen and as PDF, and the verbeteragenda that follows it.

After closing, scoring runs in the background: the page says so and polls a small fragment until the scores
are in. The PDF is made per language; its link appears only once the PDF of the current scores in the
reader's language exists (the page polls for that too).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import services
from ..forms import ActionForm
from ..models import Action, Scan, ScanResult
from ..pdf import report_pdfs_request
from ..permissions import get_scan_for_user, may_configure, scan_user_required
from ..report_cache import report_body
from ..selectors import current_report_pdf, report_state
from .common import private


def _pdf_ready(scan: Scan, language: str) -> bool:
    """Whether the PDF of the current scores in `language` exists; if not, make sure it is being made."""
    if current_report_pdf(scan, language).exists():
        return True
    report_pdfs_request(scan=scan, languages=[language])
    return False


@private
@scan_user_required
@require_safe
def scan_report(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk)
    result = ScanResult.objects.filter(scan=scan).first() if scan.status == Scan.Status.CLOSED else None
    state = report_state(scan, result=result)
    context = {"scan": scan, "state": state, "may_configure": may_configure(request.user, scan)}
    if state == "ready":
        context["report_body"] = report_body(scan, result)
        context["pdf_ready"] = _pdf_ready(scan, translation.get_language())
    return render(request, "quickscan/scan_report.html", context)


@private
@scan_user_required
@require_safe
def scan_report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled while the results are being calculated; once they are in, htmx reloads the whole page."""
    scan = get_scan_for_user(request.user, pk)
    state = report_state(scan)
    response = render(request, "quickscan/_report_status.html", {"scan": scan, "state": state})
    if state == "ready":
        response["HX-Refresh"] = "true"
    return response


@private
@scan_user_required
@require_safe
def scan_report_pdf_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled until the PDF in the reader's language exists, then swapped for the download link."""
    scan = get_scan_for_user(request.user, pk)
    ready = report_state(scan) == "ready" and _pdf_ready(scan, translation.get_language())
    return render(request, "quickscan/_report_pdf.html", {"scan": scan, "pdf_ready": ready})


@private
@scan_user_required
@require_safe
def scan_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk)
    language = translation.get_language()
    pdf = current_report_pdf(scan, language).values_list("pdf", flat=True).first()
    if pdf is None or scan.status != Scan.Status.CLOSED:
        raise Http404
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    filename = f"quickscan-{scan.municipality.slug}-{scan.pk}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_list(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=request.method == "POST")
    form = ActionForm(request.POST or None, scan=scan)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(scan=scan, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action has been added to the verbeteragenda."))
            return redirect("quickscan:action_list", pk=scan.pk)
    context = {
        "scan": scan,
        "actions": scan.actions.select_related("theme"),
        "form": form,
        "may_configure": may_configure(request.user, scan),
    }
    return render(request, "quickscan/action_list.html", context)


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    item = get_object_or_404(Action, pk=action_pk, scan=scan)
    form = ActionForm(request.POST or None, instance=item, scan=scan)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(scan=scan, instance=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect("quickscan:action_list", pk=scan.pk)
    return render(request, "quickscan/action_form.html", {"scan": scan, "form": form, "item": item})


