import json

from allauth.account import views as account_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from . import personal_data, registry, services
from .exports import download_filename, private_download
from .forms import (
    AccountDeleteForm,
    GriffierRoleDecisionForm,
    GriffierRoleRequestForm,
    MunicipalitySearchForm,
    ProfileForm,
)
from .jobs import DONE_JOBS_KEPT
from .models import GriffierRole, Municipality
from .pagecache import public_page
from .permissions import is_manager, is_staff_member, member_required, role_names, role_required
from .staff import staff_links_for


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


RECENT_ITEMS = 6


def sign_in(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """allauth's sign-in view; its own function, so that marking it a public page marks nothing of allauth's."""
    return account_views.login(request, *args, **kwargs)


@public_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    recent = sorted(registry.collect(registry.recent, limit=RECENT_ITEMS), key=lambda item: item.when, reverse=True)
    context = {
        "panels": registry.collect(registry.home_panels, user=request.user),
        "recent": recent[:RECENT_ITEMS],
    }
    return render(request, "portal/home.html", context)


@public_page
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    retention = {
        "invitation_days": settings.PORTAL_INVITATION_RETENTION_DAYS,
        "event_months": settings.PORTAL_EVENT_RETENTION_MONTHS,
        "job_days": DONE_JOBS_KEPT.days,
    }
    return render(request, "portal/privacy.html", retention)


@public_page
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@public_page
@require_safe
def municipality_list(request: HttpRequest) -> HttpResponse:
    form = MunicipalitySearchForm(request.GET or None)
    municipalities = Municipality.objects.current().select_related("province", "region")
    if form.is_valid():
        municipalities = municipalities.search(form.cleaned_data["q"])
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    return render(request, "portal/municipality_list.html", {"form": form, "page_obj": page})


@public_page
@require_safe
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.select_related("province", "region", "successor"), slug=slug)
    panels = registry.collect(registry.municipality_panels, municipality=municipality, user=request.user, dossier=False)
    return render(request, "portal/municipality_detail.html", {"municipality": municipality, "panels": panels})


@member_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = request.user.griffier_roles.select_related("municipality").order_by("-requested_at")
    context = {
        "griffier_roles": roles,
        "role_names": role_names(request.user),
        "panels": registry.collect(registry.my_portal_panels, user=request.user),
    }
    return render(request, "portal/dashboard.html", context)


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("portal:dashboard")
    return render(request, "portal/profile_form.html", {"form": form})


@member_required
@require_safe
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """A copy of everything the portal keeps about the signed-in person, as a JSON file."""
    data = personal_data.personal_data_export(user=request.user)
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    return private_download(response, download_filename("mijn-gegevens", "json"))


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        personal_data.account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("portal:home")
    return render(request, "portal/account_delete.html", {"form": form})


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def griffier_role_request(request: HttpRequest) -> HttpResponse:
    form = GriffierRoleRequestForm(request.POST or None, initial={"municipality": request.user.municipality_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.griffier_role_request(
                user=request.user,
                municipality=form.cleaned_data["municipality"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request has been sent. Programme staff will check it soon."))
            return redirect("portal:dashboard")
    return render(request, "portal/griffier_role_request.html", {"form": form})


@role_required(is_manager)
@require_safe
def griffier_role_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", GriffierRole.Status.REQUESTED)
    if status not in GriffierRole.Status.values:
        status = GriffierRole.Status.REQUESTED
    roles = GriffierRole.objects.filter(status=status).select_related("user", "municipality", "decided_by")
    counts = dict(GriffierRole.objects.values_list("status").annotate(n=Count("pk")).order_by())
    statuses = [(value, label, counts.get(value, 0)) for value, label in GriffierRole.Status.choices]
    page = Paginator(roles, 25).get_page(request.GET.get("page"))
    return render(
        request, "portal/griffier_role_queue.html", {"page_obj": page, "status": status, "statuses": statuses}
    )


@role_required(is_manager)
@require_http_methods(["GET", "HEAD", "POST"])
def griffier_role_decide(request: HttpRequest, pk: int) -> HttpResponse:
    role = get_object_or_404(GriffierRole.objects.select_related("user", "municipality"), pk=pk)
    form = GriffierRoleDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.griffier_role_decide(
                role=role,
                decided_by=request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision has been saved and the applicant has been told."))
            return redirect("portal:griffier_role_queue")
    return render(request, "portal/griffier_role_decide.html", {"role": role, "form": form})


@role_required(is_staff_member)
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/staff_home.html", {"links": staff_links_for(request.user)})
