from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from portal import registry
from portal.models import Municipality
from portal.pagecache import public_page

from .filters import ConsultantFilter
from .forms import FindConsultantForm
from .permissions import (
    consultants_for,
    get_consultant_for_user,
    overview_municipalities_for,
    overview_required,
)
from .selectors import consultants_for_municipality, municipality_find, overview_rows


@public_page
@require_safe
def consultant_list(request: HttpRequest) -> HttpResponse:
    queryset = consultants_for(request.user).prefetch_related("regions", "themes")
    consultant_filter = ConsultantFilter(request.GET or None, queryset=queryset)
    page = Paginator(consultant_filter.qs, 24).get_page(request.GET.get("page"))
    return render(
        request, "consultants/consultant_list.html", {"filter": consultant_filter, "page_obj": page}
    )


@public_page
@require_safe
def consultant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultant = get_consultant_for_user(request.user, slug)
    return render(request, "consultants/consultant_detail.html", {"consultant": consultant})


@public_page
@require_safe
def consultant_find(request: HttpRequest) -> HttpResponse:
    form = FindConsultantForm(request.GET or None)
    municipality, candidates, consultants = None, [], []
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        if municipality is None:
            candidates = municipality_find(form.cleaned_data["q"])
            if len(candidates) == 1:
                municipality, candidates = candidates[0], []
            elif not candidates:
                form.add_error("q", FindConsultantForm.NOT_FOUND)
        if municipality is not None:
            consultants = consultants_for_municipality(municipality)
    names = Municipality.objects.current().values_list("name", flat=True)
    context = {
        "form": form,
        "names": names,
        "municipality": municipality,
        "candidates": candidates,
        "consultants": consultants,
    }
    return render(request, "consultants/consultant_find.html", context)


@overview_required
@require_safe
@cache_control(private=True, no_store=True)
def regional_overview(request: HttpRequest) -> HttpResponse:
    municipalities = overview_municipalities_for(request.user).select_related("region")
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    columns = list(registry.overview_columns)
    context = {
        "page_obj": page,
        "rows": overview_rows(page.object_list, columns=columns),
        "columns": columns,
        "regions": request.user.regions.all(),
    }
    return render(request, "consultants/regional_overview.html", context)
