from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from portal import registry
from portal.pagecache import public_page

from .models import Activity, Programme, Theme


@public_page
@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.published().prefetch_related("themes")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@public_page
@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.published().prefetch_related(
            "themes", Prefetch("activities", queryset=Activity.objects.prefetch_related("themes"))
        ),
        slug=slug,
    )
    panels = registry.collect(registry.programme_panels, programme_id=programme.pk, user=request.user)
    return render(request, "programmes/programme_detail.html", {"programme": programme, "panels": panels})


@public_page
@require_safe
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    activities = theme.activities.select_related("programme").filter(programme__is_published=True)
    context = {
        "theme": theme,
        "activities": activities,
        "programmes": theme.programmes.published(),
        "panels": registry.collect(registry.theme_panels, theme_id=theme.pk, user=request.user),
    }
    return render(request, "programmes/theme_detail.html", context)
