"""The editors' pages: the workflow of each publication, its revisions, and the submitted experiences."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..filters import StaffFilter
from ..forms import DeclineForm, PublishForm
from ..models import Experience, Publication
from ..permissions import content_staff_required, get_experience_for_staff, get_publication_for_staff
from .public import detail_context

STAFF_PAGE_SIZE = 25


@content_staff_required
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    staff_filter = StaffFilter(request.GET or None, queryset=Publication.objects.all())
    rows = staff_filter.qs.select_related("last_edited_by").order_by("-updated_at")
    counts = dict(Publication.objects.values_list("status").annotate(n=Count("pk")).order_by())
    statuses = [(value, label, counts.get(value, 0)) for value, label in Publication.Status.choices]
    page = Paginator(rows, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    pending = Experience.objects.filter(status=Experience.Status.SUBMITTED).count()
    return render(
        request,
        "publications/staff_list.html",
        {"filter": staff_filter, "page_obj": page, "statuses": statuses, "pending_experiences": pending},
    )


def _staff_detail(request: HttpRequest, publication: Publication, *, publish_form: PublishForm | None = None, status: int = 200):
    context = {
        "publication": publication,
        "revisions": publication.revisions.select_related("created_by")[:50],
        "publish_form": publish_form or PublishForm(),
        "may_publish": publication.last_edited_by_id != request.user.pk,
    }
    return render(request, "publications/staff_detail.html", context, status=status)


@content_staff_required
@require_safe
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_detail(request, get_publication_for_staff(request.user, pk))


@content_staff_required
@require_safe
def staff_preview(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_staff(request.user, pk)
    return render(request, "publications/publication_detail.html", detail_context(publication, preview=True))


@content_staff_required
@require_safe
def staff_revision(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    publication = get_publication_for_staff(request.user, pk)
    revision = get_object_or_404(publication.revisions.select_related("created_by"), number=number)
    return render(request, "publications/staff_revision.html", {"publication": publication, "revision": revision})


def _workflow_step(request: HttpRequest, publication: Publication, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("publications:staff_detail", pk=publication.pk)


@content_staff_required
@require_POST
def staff_submit(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_staff(request.user, pk)
    return _workflow_step(
        request, publication,
        lambda: services.publication_submit(publication=publication, actor=request.user),
        _("The publication is ready for review. Someone else can now publish it."),
    )


@content_staff_required
@require_POST
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_staff(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _staff_detail(request, publication, publish_form=form, status=400)
    publish_at = form.cleaned_data["publish_at"]
    return _workflow_step(
        request, publication,
        lambda: services.publication_publish(publication=publication, actor=request.user, publish_at=publish_at),
        _("The publication is scheduled.") if publish_at else _("The publication is online."),
    )


@content_staff_required
@require_POST
def staff_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_staff(request.user, pk)
    return _workflow_step(
        request, publication,
        lambda: services.publication_unpublish(publication=publication, actor=request.user),
        _("The publication is offline and a draft again."),
    )


@content_staff_required
@require_POST
def staff_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    publication = get_publication_for_staff(request.user, pk)
    revision = get_object_or_404(publication.revisions, number=number)
    return _workflow_step(
        request, publication,
        lambda: services.publication_restore(publication=publication, revision=revision, actor=request.user),
        _("The content of version %(number)s is back.") % {"number": number},
    )


# ---------- experiences ----------


@content_staff_required
@require_safe
def staff_experience_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Experience.Status.SUBMITTED)
    if status not in Experience.Status.values:
        status = Experience.Status.SUBMITTED
    experiences = Experience.objects.filter(status=status).select_related("municipality", "publication")
    counts = dict(Experience.objects.values_list("status").annotate(n=Count("pk")).order_by())
    statuses = [(value, label, counts.get(value, 0)) for value, label in Experience.Status.choices]
    page = Paginator(experiences, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "publications/staff_experience_list.html", {"page_obj": page, "status": status, "statuses": statuses}
    )


@content_staff_required
@require_safe
def staff_experience_detail(request: HttpRequest, pk: int) -> HttpResponse:
    experience = get_experience_for_staff(request.user, pk)
    return render(
        request, "publications/staff_experience_detail.html", {"experience": experience, "decline_form": DeclineForm()}
    )


@content_staff_required
@require_POST
def staff_experience_accept(request: HttpRequest, pk: int) -> HttpResponse:
    experience = get_experience_for_staff(request.user, pk)
    try:
        publication = services.experience_accept(experience=experience, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("publications:staff_experience_detail", pk=experience.pk)
    messages.success(request, _("A draft publication was made from the experience. Edit it, then submit it for review."))
    return redirect("publications:staff_detail", pk=publication.pk)


@content_staff_required
@require_POST
def staff_experience_decline(request: HttpRequest, pk: int) -> HttpResponse:
    experience = get_experience_for_staff(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return render(
            request, "publications/staff_experience_detail.html",
            {"experience": experience, "decline_form": form}, status=400,
        )
    try:
        services.experience_decline(experience=experience, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The experience was declined and the submitter was told."))
    return redirect("publications:staff_experience_list")
