"""The Quick Scan's kinds of mail (see portal.mail). The respondent's link is made here, inside the worker:
the plain token exists only in memory and in the mail, and the invitation keeps its hash."""

import secrets

from portal.mail import MailKind, absolute_url, mail_kind, mail_kind_register

from .models import Invitation, token_hash


@mail_kind("quickscan_invitation")
def invitation(*, invitation_id: int, new_link: bool = True) -> dict | None:
    """A personal link to the questionnaire; `new_link=False` mails without one (a reminder to a respondent
    who already started keeps them on the link their answers are saved under)."""
    invitation = (
        Invitation.objects.select_related("scan__municipality", "scan__questionnaire").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.email:
        return None
    scan = invitation.scan
    url = ""
    if new_link:
        token = secrets.token_urlsafe(32)
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
        url = absolute_url("quickscan:answer", public_id=scan.public_id, token=token)
    return {"scan": scan, "municipality": scan.municipality, "url": url}


reminder = mail_kind_register(MailKind("quickscan_reminder", invitation.context))
