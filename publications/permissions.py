"""Who sees which publications and experiences.

Published publications are public. Drafts, reviews and scheduled ones, their previews and attachments,
and the submitted experiences are for content staff (editors, programme managers, administrators) only;
a visitor who guesses such a URL gets 404. A member sees the experiences they submitted themselves.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.models import Municipality, User
from portal.permissions import griffier_municipality_ids, is_content_staff, is_member, role_required

from .models import Experience, Publication

content_staff_required = role_required(is_content_staff)
member_required = role_required(is_member)


def get_published_publication(slug: str, *, news: bool) -> Publication:
    """A live publication (or news item) by its slug; anything else is 404."""
    queryset = Publication.objects.published().select_related("programme", "municipality")
    queryset = queryset.news() if news else queryset.library()
    return get_object_or_404(queryset, slug=slug)


def get_publication_for_staff(user: User, pk: int) -> Publication:
    if not is_content_staff(user):
        raise Http404
    queryset = Publication.objects.select_related(
        "programme", "municipality", "created_by", "last_edited_by", "published_by"
    )
    return get_object_or_404(queryset, pk=pk)


def get_downloadable_publication(user: User, slug: str) -> Publication:
    """A publication whose attachment `user` may download: a live one for anyone, any one for content staff."""
    queryset = Publication.objects.exclude(attachment="")
    if not is_content_staff(user):
        queryset = queryset.published()
    return get_object_or_404(queryset, slug=slug)


def experience_municipalities(user: User) -> QuerySet:
    """The municipalities whose experiences `user` may share: their own and those they are griffier of."""
    if not is_member(user):
        return Municipality.objects.none()
    return Municipality.objects.filter(Q(pk=user.municipality_id) | Q(pk__in=griffier_municipality_ids(user)))


def experiences_of(user: User) -> QuerySet:
    return Experience.objects.filter(submitted_by=user) if is_member(user) else Experience.objects.none()


def get_experience_for_staff(user: User, pk: int) -> Experience:
    if not is_content_staff(user):
        raise Http404
    return get_object_or_404(
        Experience.objects.select_related("municipality", "submitted_by", "publication"), pk=pk
    )
