"""The dossier of one municipality: what the programmes did with it, gathered only through the registry.

Open to the municipality's confirmed griffier, the consultants of its region and programme managers
(`municipalities_for`); for anyone else the dossier does not exist (404). Each app contributes timeline
entries (`registry.timeline`), blocks (`registry.municipality_panels` with `dossier=True`) and contact
people (`registry.contacts`); the dossier sorts the entries into one timeline, newest first.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import registry
from .models import Municipality, User
from .permissions import municipalities_for
from .registry import Panel


@login_required
@require_safe
def municipality_dossier(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(
        municipalities_for(request.user, queryset=Municipality.objects.select_related("province", "region")), slug=slug
    )
    timeline = registry.collect(registry.timeline, municipality=municipality, user=request.user)
    timeline.sort(key=lambda entry: entry.when, reverse=True)
    context = {
        "municipality": municipality,
        "timeline": timeline,
        "contacts": registry.collect(registry.contacts, municipality=municipality),
        "panels": registry.collect(
            registry.municipality_panels, municipality=municipality, user=request.user, dossier=True
        ),
    }
    return render(request, "portal/dossier.html", context)


def dossier_link_panel(*, municipality: Municipality, user: User | None, dossier: bool) -> list[Panel]:
    """On the public page of a municipality: a link to its dossier, for those who may open it."""
    if dossier or user is None or not user.is_authenticated:
        return []
    if not municipalities_for(user).filter(pk=municipality.pk).exists():
        return []
    url = reverse("portal:municipality_dossier", kwargs={"slug": municipality.slug})
    return [Panel("portal/dossier_link.html", {"dossier_url": url})]
