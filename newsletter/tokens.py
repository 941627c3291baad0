"""Links in newsletter mails: signed (id, link version) pairs, made while rendering a mail, never stored.

The confirmation link expires; the links to preferences and to unsubscribe do not (they are in every
mail, also old ones). Raising a subscriber's `link_version` invalidates all of them at once.
"""

import datetime

from django.core import signing

from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)


def make_token(subscriber: Subscriber, salt: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.link_version], salt=salt, compress=True)


def confirm_token(subscriber: Subscriber) -> str:
    return make_token(subscriber, CONFIRM_SALT)


def manage_token(subscriber: Subscriber) -> str:
    return make_token(subscriber, MANAGE_SALT)


def subscriber_for(token: str, salt: str, *, max_age: datetime.timedelta | None = None) -> Subscriber | None:
    """The subscriber a valid, unexpired token names, or None."""
    if len(token) > 200:
        return None
    try:
        pk, version = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(pk=pk, link_version=version).first()
