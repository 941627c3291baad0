"""The workshops' kinds of mail. Each builds its context from ids inside the worker."""

from django.conf import settings

from portal.mail import absolute_url, mail_kind

from .models import Proposal, RequestMessage, Session, WorkshopRequest
from .tokens import evaluation_path, evaluation_token_issue


def _workshop_request(request_id: int) -> WorkshopRequest | None:
    return (
        WorkshopRequest.objects.select_related("municipality", "requested_by", "assigned_to")
        .filter(pk=request_id)
        .first()
    )


@mail_kind("workshop_request_received")
def request_received(*, request_id: int) -> dict | None:
    workshop_request = _workshop_request(request_id)
    if workshop_request is None:
        return None
    return {
        "workshop_request": workshop_request,
        "workshops": list(workshop_request.workshops.all()),
        "user": workshop_request.requested_by,
        "url": absolute_url("workshops:staff_request_detail", workshop_request.pk),
    }


@mail_kind("workshop_request_held")
def request_held(*, request_id: int) -> dict | None:
    """The griffier passes the evaluation link of each held session on to the participants.

    The links are made here, while the mail is rendered: their tokens exist in this mail and in memory
    only; each session keeps the hash. A link made again (a retried mail) replaces the previous one.
    """
    workshop_request = _workshop_request(request_id)
    if workshop_request is None:
        return None
    sessions = Session.objects.planned().filter(proposal__request=workshop_request).select_related("workshop")
    return {
        "workshop_request": workshop_request,
        "sessions": [
            (session, settings.PORTAL_BASE_URL + evaluation_path(evaluation_token_issue(session)))
            for session in sessions
        ],
        "url": absolute_url("workshops:request_detail", workshop_request.pk),
    }


@mail_kind("workshop_request_cancelled")
def request_cancelled(*, request_id: int, note: str = "") -> dict | None:
    workshop_request = _workshop_request(request_id)
    if workshop_request is None:
        return None
    return {
        "workshop_request": workshop_request,
        "note": note,
        "url": absolute_url("workshops:request_detail", workshop_request.pk),
    }


@mail_kind("workshop_request_assigned")
def request_assigned(*, request_id: int) -> dict | None:
    workshop_request = _workshop_request(request_id)
    if workshop_request is None:
        return None
    return {
        "workshop_request": workshop_request,
        "url": absolute_url("workshops:staff_request_detail", workshop_request.pk),
    }


@mail_kind("workshop_request_message")
def request_message(*, message_id: int) -> dict | None:
    message = (
        RequestMessage.objects.select_related("author", "request__municipality").filter(pk=message_id).first()
    )
    if message is None:
        return None
    url_name = "workshops:request_detail" if message.from_staff else "workshops:staff_request_detail"
    return {
        "workshop_request": message.request,
        "message": message,
        "url": absolute_url(url_name, message.request_id),
    }


@mail_kind("workshop_proposal_sent")
def proposal_sent(*, proposal_id: int) -> dict | None:
    proposal = Proposal.objects.select_related("request__municipality").filter(pk=proposal_id).first()
    if proposal is None:
        return None
    return {
        "workshop_request": proposal.request,
        "proposal": proposal,
        "sessions": list(proposal.sessions.select_related("workshop", "trainer")),
        "url": absolute_url("workshops:request_detail", proposal.request_id),
    }


@mail_kind("workshop_proposal_accepted")
def proposal_accepted(*, request_id: int) -> dict | None:
    workshop_request = _workshop_request(request_id)
    if workshop_request is None:
        return None
    return {
        "workshop_request": workshop_request,
        "url": absolute_url("workshops:staff_request_detail", workshop_request.pk),
    }
