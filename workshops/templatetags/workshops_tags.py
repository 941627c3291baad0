"""The griffier's workshop section on the dashboard (the dashboard view belongs to the portal core)."""

from django import template
from django.utils import timezone

from ..permissions import griffier_municipalities, requests_of_griffier
from ..selectors import planned_sessions_for_municipalities

register = template.Library()


@register.inclusion_tag("workshops/_dashboard_section.html", takes_context=True)
def griffier_workshops(context) -> dict:
    user = context["request"].user
    requests = requests_of_griffier(user).select_related("municipality").prefetch_related("workshops")[:10]
    sessions = planned_sessions_for_municipalities(griffier_municipalities(user).values("pk")).filter(
        ends_at__gte=timezone.now()
    )
    return {"requests": list(requests), "sessions": list(sessions[:10])}
