"""The member's personal calendar address: made from a signed version number, reset by raising it."""

from django.db import transaction
from django.db.models import F

from portal.models import User

from ..models import FeedKey


def feed_key_for(user: User) -> FeedKey:
    feed_key, _created = FeedKey.objects.get_or_create(user=user)
    return feed_key


@transaction.atomic
def feed_key_reset(*, user: User) -> FeedKey:
    """Retire the old address (anyone who had it loses access) and make a new one."""
    feed_key = feed_key_for(user)
    FeedKey.objects.filter(pk=feed_key.pk).update(version=F("version") + 1)
    feed_key.refresh_from_db()
    return feed_key
