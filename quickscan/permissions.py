"""Who may see and run which scan.

* griffier: the scans of their own municipality, read and configure;
* consultant: the scans of municipalities in their regions, read and report, never configure;
* programme manager and administrator: every scan, read and report;
* everyone else: 403 on the pages, 404 on any scan.

Respondents never sign in: their personal link (scan public id + token) is checked by
`invitation_for_token`; a visitor of the open link who has not answered yet holds a signed link that
`open_link_visitor_scan` checks. A token of another scan leads nowhere (the view answers 404).
"""

from uuid import UUID

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Subquery
from django.http import Http404

from portal.permissions import is_case_staff, is_griffier, is_manager, municipalities_for, role_required

from .models import Invitation, Response, Scan, resume_key, token_hash, visitor_signer


def may_use_quickscan(user) -> bool:
    return is_griffier(user) or is_case_staff(user)


# Signed in as a griffier or as scan staff; which scans is decided by `scans_for`.
scan_user_required = role_required(may_use_quickscan)
overview_required = role_required(is_manager)


def scans_for(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Scan.objects.all() if queryset is None else queryset
    if not may_use_quickscan(user):
        return queryset.none()
    if is_manager(user):
        return queryset
    return queryset.filter(municipality__in=municipalities_for(user))


def may_configure(user, scan: Scan) -> bool:
    return is_griffier(user, scan.municipality)


def get_scan_for_user(user, pk: int, *, write: bool = False) -> Scan:
    """The scan, looked up through the user's scope (404 outside it). `write`: only its own griffier (403)."""
    scan = scans_for(user, Scan.objects.select_related("municipality", "questionnaire")).filter(pk=pk).first()
    if scan is None:
        raise Http404
    if write and not may_configure(user, scan):
        raise PermissionDenied
    return scan


def invitation_for_token(public_id: UUID, token: str) -> Invitation | None:
    """The invitation of a personal link, with `draft` set to the respondent's unsent response (or None).

    One query for both: this runs on every page a respondent saves. The draft is found through the second
    hash of the token (`resume_key`), never through the invitation: the two rows stay unrelated, and the
    draft's id and bookmark are all that is read of it.
    """
    draft = Response.objects.filter(resume_key=resume_key(token)).order_by()
    found = (
        Invitation.objects.select_related("scan", "scan__municipality", "scan__questionnaire")
        .filter(scan__public_id=public_id, token_hash=token_hash(token))
        .exclude(token_hash="")
        .annotate(
            draft_id=Subquery(draft.values("pk")[:1]),
            draft_page=Subquery(draft.values("page")[:1]),
            draft_group=Subquery(draft.values("group")[:1]),
        )
        .order_by()[:1]  # no ORDER BY: the hash finds one row
    )
    invitation = next(iter(found), None)
    if invitation is not None:
        invitation.draft = (
            Response(id=invitation.draft_id, scan=invitation.scan, group=invitation.draft_group, page=invitation.draft_page)
            if invitation.draft_id
            else None
        )
    return invitation


def open_link_visitor_scan(public_id: UUID, token: str) -> Scan | None:
    """The scan whose open link handed out `token` (checked by its signature), or None."""
    scan = (
        Scan.objects.select_related("municipality", "questionnaire")
        .filter(public_id=public_id, open_link_cap__gt=0)
        .exclude(open_link_hash="")
        .first()
    )
    if scan is None:
        return None
    try:
        visitor_signer(scan).unsign(token)
    except signing.BadSignature:
        return None
    return scan


def open_link_scan(public_id: UUID, code: str) -> Scan | None:
    """The scan whose link for residents has this code, or None."""
    return (
        Scan.objects.select_related("municipality", "questionnaire")
        .filter(public_id=public_id, open_link_cap__gt=0, open_link_hash=token_hash(code))
        .first()
    )
