"""What workshops keep about a person, for their copy of their data (registry.personal_data).

Requests and messages belong to the municipality: on account deletion they stay, and the account they
point to is emptied by the core, so no eraser is needed here.
"""

from typing import Any

from portal.models import User

from .models import RequestMessage, WorkshopRequest


def personal_data(*, user: User) -> dict[str, Any]:
    requests = WorkshopRequest.objects.filter(requested_by=user).select_related("municipality").prefetch_related("workshops")
    messages = RequestMessage.objects.filter(author=user).select_related("request__municipality")
    return {
        "workshop_requests": [
            {
                "number": item.pk,
                "municipality": item.municipality.name,
                "status": item.get_status_display(),
                "workshops": [workshop.title for workshop in item.workshops.all()],
                "training_need": item.training_need,
                "submitted_at": item.created_at.isoformat(),
            }
            for item in requests
        ],
        "workshop_messages": [
            {"request": message.request_id, "written_at": message.created_at.isoformat(), "text": message.body}
            for message in messages
        ],
    }
