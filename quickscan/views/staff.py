"""Programme managers: every scan with its response, national figures per theme, and an export."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.exports import export_format, table_response

from ..filters import StaffScanFilter
from ..models import Scan
from ..permissions import overview_required
from ..selectors import aggregated_export_rows, national_figures
from .common import PAGE_SIZE, private

EXPORT_HEADERS = [
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


@private
@overview_required
@require_safe
def staff_scan_list(request: HttpRequest) -> HttpResponse:
    scans = Scan.objects.with_response_counts().order_by("-created_at")
    filters = StaffScanFilter(request.GET or None, queryset=scans)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quickscan/staff_scan_list.html", {"form": filters.form, "page_obj": page})


@private
@overview_required
@require_safe
def staff_national(request: HttpRequest) -> HttpResponse:
    return render(request, "quickscan/staff_national.html", {"figures": list(national_figures())})


@private
@overview_required
@require_safe
def staff_export(request: HttpRequest) -> HttpResponse:
    """Aggregated figures of closed scans only: no answer, no invitation, no group below the threshold."""
    return table_response(
        stem="quickscan",
        headers=EXPORT_HEADERS,
        rows=aggregated_export_rows().iterator(chunk_size=2000),
        fmt=export_format(request.GET.get("format")),
    )
