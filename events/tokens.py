"""Links that act for a registrant without a login, made with Django's signing: nothing secret is stored.

Each link carries the registration id and its `link_version`, signed with a salt per purpose, so a cancel
link cannot be used as a check-in code and a link made before the version was raised no longer works. The
personal calendar address works the same way with the member's `FeedKey.version`.

Links are made where the mail is rendered (inside the worker) or where a page is drawn for its owner, never
stored in a row or passed through a job.
"""

import datetime
from typing import Literal

from django.core import signing

from portal.mail import absolute_url

from .models import FeedKey, Registration

Purpose = Literal["confirm", "manage", "cancel", "offer", "checkin"]
SALT_PREFIX = "events.registration."
FEED_SALT = "events.feed"
# A visitor must confirm the address within this time; the periodic cleanup removes what is left unconfirmed.
CONFIRM_MAX_AGE = datetime.timedelta(hours=48)
URL_NAMES: dict[str, str] = {
    "confirm": "events:registration_confirm",
    "manage": "events:registration_detail",
    "cancel": "events:registration_cancel",
    "offer": "events:offer",
    "checkin": "events:checkin_scan",
}


def registration_token(purpose: Purpose, registration: Registration) -> str:
    return signing.dumps([registration.pk, registration.link_version], salt=SALT_PREFIX + purpose, compress=True)


def registration_from_token(purpose: Purpose, token: str) -> Registration | None:
    """The registration the token was made for, if the signature holds and its version is current."""
    max_age = CONFIRM_MAX_AGE if purpose == "confirm" else None
    try:
        pk, version = signing.loads(token, salt=SALT_PREFIX + purpose, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(version, int):
        return None
    return (
        Registration.objects.select_related("event", "event__region", "event__programme", "municipality")
        .filter(pk=pk, link_version=version)
        .first()
    )


def registration_url(purpose: Purpose, registration: Registration) -> str:
    """An absolute link for a mail or a QR code."""
    return absolute_url(URL_NAMES[purpose], registration_token(purpose, registration))


def feed_token(feed_key: FeedKey) -> str:
    return signing.dumps([feed_key.user_id, feed_key.version], salt=FEED_SALT, compress=True)


def feed_key_from_token(token: str) -> FeedKey | None:
    try:
        user_id, version = signing.loads(token, salt=FEED_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(version, int):
        return None
    return FeedKey.objects.select_related("user").filter(user_id=user_id, version=version, user__is_active=True).first()
