"""Who sees which application.

* the applicant: their own applications, drafts included (a draft is theirs alone, on any device);
* a griffier: the submitted applications of the municipalities they are confirmed for;
* a consultant: the submitted applications of their regions' municipalities and those assigned to them;
* programme managers and administrators: every submitted application, and only they decide.

Lookups go through these scopes: another municipality's application answers 404, never 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from portal.permissions import (
    griffier_municipality_ids,
    is_case_staff,
    is_griffier,
    is_manager,
    is_member,
    municipalities_for,
    role_required,
)

from .models import Application

application_staff_required = role_required(is_case_staff)
manager_required = role_required(is_manager)


def applications_for(user, *, queryset: QuerySet | None = None) -> QuerySet:
    """What a member reads on their own pages: their own applications and their municipalities' submitted ones."""
    queryset = Application.objects.all() if queryset is None else queryset
    if not is_member(user):
        return queryset.none()
    submitted = ~Q(status=Application.Status.DRAFT)
    return queryset.filter(Q(applicant=user) | (submitted & Q(municipality_id__in=griffier_municipality_ids(user))))


def applications_for_staff(user, *, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Application.objects.all() if queryset is None else queryset
    if not is_case_staff(user):
        return queryset.none()
    queryset = queryset.exclude(status=Application.Status.DRAFT)
    if is_manager(user):
        return queryset
    return queryset.filter(Q(municipality__in=municipalities_for(user)) | Q(assigned_to=user))


def may_act_for(user, application: Application) -> bool:
    """The applicant, or the confirmed griffier of the application's municipality."""
    return application.applicant_id == user.pk or is_griffier(user, application.municipality)


def get_application_for_user(user, pk: int, *, write: bool = False) -> Application:
    application = (
        applications_for(user, queryset=Application.objects.select_related("offer__programme", "municipality", "adviser"))
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    if write and not may_act_for(user, application):
        raise PermissionDenied
    return application


def get_draft_for_user(user, pk: int) -> Application:
    """A draft is found only by the account that writes it."""
    application = (
        Application.objects.select_related("offer", "municipality")
        .filter(pk=pk, applicant_id=user.pk, status=Application.Status.DRAFT)
        .first()
    )
    if application is None:
        raise Http404
    return application


def get_application_for_staff(user, pk: int, *, decide: bool = False) -> Application:
    application = (
        applications_for_staff(
            user,
            queryset=Application.objects.select_related(
                "offer", "municipality__region", "applicant", "assigned_to", "adviser"
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    if decide and not is_manager(user):
        raise PermissionDenied
    return application


def readable_application(user, pk: int) -> Application:
    """For attachments: whoever may read the application, as member or as staff."""
    application = applications_for(user).filter(pk=pk).first() or applications_for_staff(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application
