"""Programme offers with a limited number of places, and the municipalities' applications for them.

An offer is either reviewed by staff or granted in order of arrival while places last (`Mode`). Places
are counted as granted applications, under a row lock on the offer (see `services`). An application is a
draft of one account until it is submitted; from then on it belongs to its municipality.
"""


from .applications import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    ApplicationQuerySet,
    Attachment,
    AttachmentManager,
)
from .offers import (
    MAX_ATTACHMENT_BYTES,
    MIN_PROFESSIONAL_GROUPS,
    PROFESSIONAL_GROUPS,
    Offer,
    OfferCondition,
    OfferQuerySet,
    OfferQuestion,
)

__all__ = [
    "Application",
    "ApplicationEvent",
    "ApplicationNote",
    "ApplicationQuerySet",
    "Attachment",
    "AttachmentManager",
    "MAX_ATTACHMENT_BYTES",
    "MIN_PROFESSIONAL_GROUPS",
    "PROFESSIONAL_GROUPS",
    "Offer",
    "OfferCondition",
    "OfferQuerySet",
    "OfferQuestion",
]
