"""The catalogue of offers: public."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from portal.pagecache import public_page

from .. import selectors
from ..models import Application
from ..services import eligibility_problems


@public_page
@require_safe
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = list(selectors.offer_catalogue())
    return render(request, "offers/offer_list.html", {"offers": offers})


@public_page
@require_safe
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = get_object_or_404(selectors.offer_catalogue().prefetch_related("conditions"), slug=slug)
    context = {"offer": offer, "conditions": list(offer.conditions.all())}
    if request.user.is_authenticated and not offer.take_up_url:
        context["draft"] = Application.objects.filter(
            offer=offer, applicant=request.user, status=Application.Status.DRAFT
        ).first()
        context["problems"] = eligibility_problems(offer=offer, user=request.user)
    return render(request, "offers/offer_detail.html", context)
