from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import registry
from portal.models import Municipality
from portal.pagecache import public_page
from portal.permissions import griffier_municipality_ids, griffier_required, member_required

from . import selectors, services
from .forms import JoinForm, PartnerDecisionForm, PartnerForm
from .models import Coalition, Member
from .permissions import get_member_for_user, manager_required, members_for
from .providers import THEME_COALITIONS_TEMPLATE


@public_page
@require_safe
def network_home(request: HttpRequest) -> HttpResponse:
    counts = dict(Member.objects.active().values_list("kind").annotate(n=Count("pk")).order_by())
    context = {
        "coalitions": list(selectors.coalitions_with_counts()),
        "municipality_count": counts.get(Member.Kind.MUNICIPALITY, 0),
        "partner_count": counts.get(Member.Kind.PARTNER, 0),
        "my_members": list(members_for(request.user).select_related("municipality")),
    }
    return render(request, "network/network_home.html", context)


@public_page
@require_safe
def member_list(request: HttpRequest) -> HttpResponse:
    members = list(selectors.public_members())
    context = {
        "municipalities": sorted(
            (m for m in members if m.kind == Member.Kind.MUNICIPALITY), key=lambda m: m.municipality.name
        ),
        "partners": sorted((m for m in members if m.kind == Member.Kind.PARTNER), key=lambda m: m.organisation.lower()),
    }
    return render(request, "network/member_list.html", context)


@griffier_required
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    joined = Member.objects.filter(status__in=[Member.Status.PENDING, Member.Status.ACTIVE]).values("municipality_id")
    municipalities = Municipality.objects.filter(pk__in=griffier_municipality_ids(request.user)).exclude(pk__in=joined)
    form = JoinForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_join(municipality=form.cleaned_data["municipality"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Welcome to the network. Join the coalitions on the themes your municipality works on."))
            return redirect("network:network_home")
    has_choice = municipalities.exists()
    return render(request, "network/join.html", {"form": form, "has_choice": has_choice}, status=400 if form.errors else 200)


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_apply(request: HttpRequest) -> HttpResponse:
    initial = {"contact_name": request.user.get_full_name(), "contact_email": request.user.email}
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_apply(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Programme staff will look at your application and let you know."))
            return redirect("network:network_home")
    return render(request, "network/partner_apply.html", {"form": form}, status=400 if form.errors else 200)


@public_page
@require_safe
def coalition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = get_object_or_404(Coalition.objects.active().select_related("theme"), slug=slug)
    memberships = list(selectors.coalition_members(coalition))
    in_coalition = {membership.member_id for membership in memberships}
    mine = list(members_for(request.user).select_related("municipality"))
    context = {
        "coalition": coalition,
        "memberships": memberships,
        "my_members": [(member, member.pk in in_coalition) for member in mine],
        "panels": [  # what the other apps have on the theme; this app's own list of coalitions is this page
            panel
            for panel in registry.collect(registry.theme_panels, theme_id=coalition.theme_id, user=request.user)
            if panel.template != THEME_COALITIONS_TEMPLATE
        ],
    }
    return render(request, "network/coalition_detail.html", context)


def _coalition_action(request: HttpRequest, slug: str, action) -> HttpResponse:
    coalition = get_object_or_404(Coalition.objects.active(), slug=slug)
    member = get_member_for_user(request.user, request.POST.get("member"))
    try:
        action(coalition=coalition, member=member, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        joined = action is services.coalition_join
        text = _("%(member)s takes part in %(coalition)s.") if joined else _("%(member)s has left %(coalition)s.")
        messages.success(request, text % {"member": member.display_name, "coalition": coalition.name_i18n})
    return redirect(coalition)


@member_required
@require_POST
def coalition_join(request: HttpRequest, slug: str) -> HttpResponse:
    return _coalition_action(request, slug, services.coalition_join)


@member_required
@require_POST
def coalition_leave(request: HttpRequest, slug: str) -> HttpResponse:
    return _coalition_action(request, slug, services.coalition_leave)


@manager_required
@require_safe
def staff_partner_queue(request: HttpRequest) -> HttpResponse:
    pending = list(Member.objects.filter(kind=Member.Kind.PARTNER, status=Member.Status.PENDING).select_related("contact_user"))
    decided = list(
        Member.objects.filter(kind=Member.Kind.PARTNER)
        .exclude(status=Member.Status.PENDING)
        .select_related("decided_by")
        .order_by("-applied_at")[:50]
    )
    return render(request, "network/staff_partner_queue.html", {"pending": pending, "decided": decided, "form": PartnerDecisionForm()})


@manager_required
@require_POST
def staff_partner_decide(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Member, kind=Member.Kind.PARTNER, pk=pk)
    form = PartnerDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.partner_decide(
                member=member,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The decision has been saved and the organisation has been told."))
    else:
        messages.error(request, _("Choose whether to admit the organisation."))
    return redirect("network:staff_partner_queue")
