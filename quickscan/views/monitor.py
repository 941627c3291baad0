"""The griffier runs an open scan: the response monitor, opening with invitations, reminders, a later
closing date, and closing. Opening and closing cannot be undone: each asks for confirmation on a page of
its own (no JavaScript needed)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import services
from ..forms import ConfirmForm, ExtendForm
from ..permissions import get_scan_for_user, scan_user_required
from ..selectors import invitations_to_send, monitor_rows
from .common import private


@private
@scan_user_required
@require_safe
def scan_monitor(request: HttpRequest, pk: int) -> HttpResponse:
    """The response per group as a fragment, which the scan page polls while the scan is open."""
    scan = get_scan_for_user(request.user, pk)
    return render(request, "quickscan/_monitor.html", {"scan": scan, "monitor": monitor_rows(scan)})


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan_open(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.scan_open(scan=scan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The scan is open. The invitations are being sent."))
        return redirect(scan)
    rows = invitations_to_send(scan)
    context = {"scan": scan, "form": form, "rows": rows, "total": sum(row["count"] for row in rows)}
    return render(request, "quickscan/scan_open_confirm.html", context)


@private
@scan_user_required
@require_POST
def scan_remind(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    try:
        count = services.scan_remind(scan=scan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is being sent to the %(count)s person who has not answered yet.",
                "A reminder is being sent to the %(count)s people who have not answered yet.",
                count,
            )
            % {"count": count},
        )
    return redirect(scan)


@private
@scan_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def scan_extend(request: HttpRequest, pk: int) -> HttpResponse:
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
@require_http_methods(["GET", "HEAD", "POST"])
def scan_close(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_scan_for_user(request.user, pk, write=True)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.scan_close(scan=scan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(scan)
        messages.success(request, _("The scan is closed. The results are being calculated."))
        return redirect("quickscan:scan_report", pk=scan.pk)
    context = {"scan": scan, "form": form, "monitor": monitor_rows(scan)}
    return render(request, "quickscan/scan_close_confirm.html", context)
