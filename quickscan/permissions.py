"""Who may see and run which scan.

* griffier: the scans of their own municipality, read and configure;
* consultant: the scans of municipalities in their regions, read and report, never configure;
* programme manager and administrator: every scan, read and report;
* everyone else: 403 on the pages, 404 on any scan.

Respondents never sign in: their personal link (scan public id + token) is checked by
`invitation_for_token`; a visitor of the open link who has not answered yet holds a signed link that
`open_link_visitor_scan` checks. A token of another scan leads nowhere (the view answers 404).
"""

from functools import cache
from uuid import UUID

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Model, QuerySet
from django.http import Http404

from portal.permissions import is_case_staff, is_griffier, is_manager, municipalities_for, role_required

from . import sql as rawsql
from .models import Invitation, Questionnaire, Response, Scan, resume_key, token_hash, visitor_signer


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

    One query for both: this runs on every page a respondent saves, so it is plain SQL (quickscan/sql.py).
    The draft is found through the second hash of the token (`resume_key`), never through the invitation:
    the two rows stay unrelated (the join is on the key from the link alone), and the draft's id, group and
    bookmark are all that is read of it.
    """
    sql, models = _invitation_sql(connection.vendor)
    params = [
        resume_key(token),
        rawsql.prep(Scan, "public_id", public_id),
        token_hash(token),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    objects, start = [], 0
    for model in models:
        objects.append(rawsql.instance(model, row[start : start + rawsql.width(model)]))
        start += rawsql.width(model)
    invitation, scan, municipality, questionnaire = objects
    scan.municipality, scan.questionnaire = municipality, questionnaire
    invitation.scan = scan
    draft_id, draft_group, draft_page = row[start:]
    invitation.draft = (
        Response(id=rawsql.instance_value(Response, "id", draft_id), scan=scan, group=draft_group, page=draft_page)
        if draft_id is not None
        else None
    )
    return invitation


@cache
def _invitation_sql(vendor: str) -> tuple[str, tuple[type[Model], ...]]:
    municipality = Scan._meta.get_field("municipality").related_model
    models = (Invitation, Scan, municipality, Questionnaire)
    t, c = rawsql.table, rawsql.column
    sql = (
        f"SELECT {rawsql.select_list(Invitation, 'i')}, {rawsql.select_list(Scan, 's')}, "  # noqa: S608
        f"{rawsql.select_list(municipality, 'm')}, {rawsql.select_list(Questionnaire, 'q')}, "
        f"r.{c(Response, 'id')}, r.{c(Response, 'group')}, r.{c(Response, 'page')} "
        f"FROM {t(Invitation)} i "
        f"INNER JOIN {t(Scan)} s ON s.{c(Scan, 'id')} = i.{c(Invitation, 'scan')} "
        f"INNER JOIN {t(municipality)} m ON m.{c(municipality, 'id')} = s.{c(Scan, 'municipality')} "
        f"INNER JOIN {t(Questionnaire)} q ON q.{c(Questionnaire, 'id')} = s.{c(Scan, 'questionnaire')} "
        f"LEFT JOIN {t(Response)} r ON r.{c(Response, 'resume_key')} = %s "
        f"WHERE s.{c(Scan, 'public_id')} = %s AND i.{c(Invitation, 'token_hash')} = %s "
        f"AND i.{c(Invitation, 'token_hash')} <> '' "
        "LIMIT 1"  # no ORDER BY: the hash finds one row, and the resume key (unique) at most one draft
    )
    return sql, models


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
