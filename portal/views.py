from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from programmes.models import Programme, Theme

from . import services
from .forms import GriffierRoleDecisionForm, GriffierRoleRequestForm, MunicipalitySearchForm, ProfileForm
from .models import GriffierRole, Municipality, StaffRole
from .permissions import member_required, role_names, staff_required
from .staff import staff_links_for


@require_GET
def health(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "programmes": Programme.objects.published().prefetch_related("themes"),
            "themes": Theme.objects.all(),
        },
    )


@require_GET
def privacy(request):
    return render(request, "portal/privacy.html")


@require_GET
def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_GET
def municipality_list(request):
    form = MunicipalitySearchForm(request.GET or None)
    municipalities = Municipality.objects.current().select_related("province", "region")
    if form.is_valid():
        municipalities = municipalities.search(form.cleaned_data["q"])
    page = Paginator(municipalities, 50).get_page(request.GET.get("page"))
    return render(request, "portal/municipality_list.html", {"form": form, "page_obj": page})


@require_GET
def municipality_detail(request, slug: str):
    municipality = get_object_or_404(Municipality.objects.select_related("province", "region", "successor"), slug=slug)
    return render(request, "portal/municipality_detail.html", {"municipality": municipality})


@member_required
@require_GET
def dashboard(request):
    roles = request.user.griffier_roles.select_related("municipality").order_by("-requested_at")
    return render(request, "portal/dashboard.html", {"griffier_roles": roles, "role_names": role_names(request.user)})


@member_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("portal:dashboard")
    return render(request, "portal/profile_form.html", {"form": form})


@member_required
@require_http_methods(["GET", "POST"])
def griffier_role_request(request):
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


@staff_required(StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR)
@require_GET
def griffier_role_queue(request):
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


@staff_required(StaffRole.PROGRAMME_MANAGER, StaffRole.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def griffier_role_decide(request, pk: int):
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


@staff_required()
@require_GET
def staff_home(request):
    return render(request, "portal/staff_home.html", {"links": staff_links_for(request.user)})
