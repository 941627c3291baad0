"""The consultants of a municipality's region, for the municipality page (a portal core view)."""

from django import template

from ..selectors import consultants_for_municipality

register = template.Library()


@register.inclusion_tag("consultants/_municipality_consultants.html")
def municipality_consultants(municipality) -> dict:
    return {
        "municipality": municipality,
        "consultants": list(consultants_for_municipality(municipality).prefetch_related("regions")),
    }
