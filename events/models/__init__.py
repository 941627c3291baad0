"""Events: the agenda, registrations with a waiting list, break-out sessions, questions and attendance.

Who holds a place is decided only in `events.services`, under the event's row lock. A registration holds a
place while it is CONFIRMED or OFFERED (a place kept for the first on the waiting list until the offer's
deadline); a visitor's PENDING registration (address not yet confirmed) holds nothing.
"""

from .events import (
    ANSWER_MAX,
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NAME_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Event,
    EventQuerySet,
    Question,
    Session,
)
from .registrations import (
    AttendanceTally,
    EventMessage,
    FeedKey,
    Registration,
    RegistrationQuerySet,
    RegistrationTransition,
)

__all__ = [
    "ANSWER_MAX", "DESCRIPTION_MAX", "MESSAGE_MAX", "NAME_MAX", "SUMMARY_MAX", "TITLE_MAX", "AttendanceTally", "Event",
    "EventMessage", "EventQuerySet", "FeedKey", "Question", "Registration", "RegistrationQuerySet",
    "RegistrationTransition", "Session",
]
