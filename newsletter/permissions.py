"""Who may do what with the newsletter.

Anyone subscribes; the links in the mails act for the subscriber without an account (signed tokens, see
tokens.py: a wrong or expired token is a 404 or an "expired" page, never another subscriber). Content staff
compose and send editions; only programme managers (and administrators) see who subscribed.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.permissions import is_content_staff, is_manager, is_member, role_required

from .models import Edition, Subscriber
from .tokens import CONFIRM_MAX_AGE, CONFIRM_SALT, MANAGE_SALT, subscriber_for

content_staff_required = role_required(is_content_staff)
manager_required = role_required(is_manager)
member_required = role_required(is_member)


def get_edition_for_staff(user, pk: int) -> Edition:
    if not is_content_staff(user):
        raise Http404
    return get_object_or_404(Edition, pk=pk)


def get_sent_edition(slug: str) -> Edition:
    return get_object_or_404(Edition.objects.sent(), slug=slug)


def subscriber_from_confirm_link(token: str) -> Subscriber | None:
    return subscriber_for(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def subscriber_from_manage_link(token: str) -> Subscriber:
    subscriber = subscriber_for(token, MANAGE_SALT)
    if subscriber is None:
        raise Http404
    return subscriber
