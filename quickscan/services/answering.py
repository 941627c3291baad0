"""Answering: a respondent (or a visitor of the open link) starts, saves page by page, and sends once."""

import secrets
from functools import cache

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import sql as rawsql
from ..models import (
    Answer,
    Group,
    Invitation,
    OpenAnswer,
    OwnQuestion,
    PriorityChoice,
    QuestionnaireTheme,
    Response,
    Scan,
    Statement,
    resume_key,
    token_hash,
    visitor_signer,
)
from .common import OPEN_LINK_DISABLED, SCAN_CLOSED, lock

ALREADY_SUBMITTED = _("These answers have already been sent. Thank you!")
OPEN_LINK_FULL = _("The maximum number of responses through this link has been reached.")


def open_link_visitor_token(*, scan: Scan) -> str:
    """A personal link for a visitor of the open link. Nothing is stored: no row, no place under the cap."""
    if not scan.open_link_cap or not scan.open_link_hash:
        raise ValidationError(OPEN_LINK_DISABLED)
    if not scan.accepts_answers():
        raise ValidationError(SCAN_CLOSED)
    return visitor_signer(scan).sign(secrets.token_urlsafe(24))


@transaction.atomic
def open_link_respondent_start(*, scan: Scan, token: str) -> tuple[Invitation, Response]:
    """A visitor of the open link saves their first answers: only now a place under the cap is taken.

    Safe to repeat with the same token (a double submit): the same invitation and draft come back.
    """
    scan = lock(scan)
    if not scan.open_link_cap or not scan.open_link_hash:
        raise ValidationError(OPEN_LINK_DISABLED)
    try:
        visitor_signer(scan).unsign(token)
    except signing.BadSignature as error:
        raise ValidationError(OPEN_LINK_DISABLED) from error
    if not scan.accepts_answers():
        raise ValidationError(SCAN_CLOSED)
    invitation = scan.invitations.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        if scan.invitations.filter(source=Invitation.Source.OPEN_LINK).count() >= scan.open_link_cap:
            raise ValidationError(OPEN_LINK_FULL)
        invitation = Invitation.objects.create(
            scan=scan,
            group=Group.INWONERS,
            source=Invitation.Source.OPEN_LINK,
            token_hash=token_hash(token),
            started=True,
        )
    response, _created = Response.objects.get_or_create(
        resume_key=resume_key(token), defaults={"scan": scan, "group": invitation.group}
    )
    return invitation, response


@transaction.atomic
def response_start(*, invitation: Invitation, token: str) -> Response:
    """The respondent's draft: found again through the token, created on the first visit."""
    invitation = Invitation.objects.select_for_update().select_related("scan").get(pk=invitation.pk)
    if invitation.used_at:
        raise ValidationError(ALREADY_SUBMITTED)
    if not invitation.scan.accepts_answers():
        raise ValidationError(SCAN_CLOSED)
    response, _created = Response.objects.get_or_create(
        resume_key=resume_key(token), defaults={"scan": invitation.scan, "group": invitation.group}
    )
    if not invitation.started:
        invitation.started = True
        invitation.save(update_fields=["started"])
    return response


def response_page_save(
    *,
    response: Response,
    page_number: int,
    values: dict[Statement | OwnQuestion, int | None],
    texts: dict[QuestionnaireTheme | OwnQuestion, str],
    priorities: list[QuestionnaireTheme] | None = None,
) -> Response:
    """Store one page's answers (replacing earlier ones for the same questions) and move the bookmark.

    This is the hot path of a respondent moving through the questionnaire, so it writes without reading:
    one conditional update checks that the draft is not sent and its scan still takes answers, moves the
    bookmark and locks the draft until the transaction ends; then one upsert per kind of answer. Both in
    plain SQL (quickscan/sql.py), as the ORM spent more time compiling them than the database running them.
    On PostgreSQL a page of answers and open answers (no emptied text, no priorities) is one statement: the
    update and the upserts as a WITH, the upserts taking effect only when the update found the open draft;
    one statement is a transaction by itself, so no BEGIN and COMMIT round trips either.
    """
    upserts = []
    for key, kind in (("statement", Statement), ("own_question", OwnQuestion)):
        rows = [(response.pk, q.pk, value) for q, value in values.items() if isinstance(q, kind)]
        upserts.append((Answer, ("response", key), "value", rows))
    emptied = []
    for key, kind in (("theme", QuestionnaireTheme), ("own_question", OwnQuestion)):
        given = {q: text.strip() for q, text in texts.items() if isinstance(q, kind)}
        upserts.append((OpenAnswer, ("response", key), "text", [(response.pk, q.pk, t) for q, t in given.items() if t]))
        emptied.append((key, [q for q, text in given.items() if not text]))
    if connection.vendor == "postgresql" and priorities is None and not any(qs for _key, qs in emptied):
        saved = _save_in_one_statement(response, page_number, upserts)
    else:
        with transaction.atomic():
            saved = _bookmark(response, page_number)
            if saved:
                for upsert in upserts:
                    rawsql.upsert(*upsert)
                for key, questions in emptied:
                    if questions:
                        OpenAnswer.objects.filter(response=response, **{f"{key}__in": questions}).delete()
                if priorities is not None:
                    response.priorities.all().delete()
                    PriorityChoice.objects.bulk_create(
                        PriorityChoice(response=response, theme=theme) for theme in priorities
                    )
    if not saved:
        sent = Response.objects.filter(pk=response.pk, is_complete=True).exists()
        raise ValidationError(ALREADY_SUBMITTED if sent else SCAN_CLOSED)
    response.page = max(response.page, page_number)
    return response


def _bookmark_params(response: Response, page_number: int) -> list:
    today = timezone.localdate()
    return [
        page_number,
        page_number,
        rawsql.prep(Response, "id", response.pk),
        False,
        Scan.Status.OPEN.value,
        rawsql.prep(Scan, "opens_on", today),
        rawsql.prep(Scan, "closes_on", today),
    ]


def _bookmark(response: Response, page_number: int) -> bool:
    """The conditional update of `response_page_save`: False when the draft was sent or its scan closed."""
    with connection.cursor() as cursor:
        cursor.execute(_bookmark_sql(connection.vendor), _bookmark_params(response, page_number))
        return cursor.rowcount == 1


def _save_in_one_statement(response: Response, page_number: int, upserts: list) -> bool:
    """PostgreSQL: the bookmark update and the upserts as one statement (see `response_page_save`)."""
    parts, params = [f"bookmark AS ({_bookmark_sql(connection.vendor)} RETURNING 1)"], _bookmark_params(
        response, page_number
    )
    for number, upsert in enumerate(upserts):
        sql, more = rawsql.upsert_sql(*upsert, gate="bookmark")
        if sql:
            parts.append(f"upsert{number} AS ({sql})")
            params += more
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} SELECT count(*) FROM bookmark", params)  # noqa: S608
        return cursor.fetchone()[0] == 1


@cache
def _bookmark_sql(vendor: str) -> str:
    t, c = rawsql.table, rawsql.column
    page = c(Response, "page")
    return (
        f"UPDATE {t(Response)} SET {page} = CASE WHEN {page} < %s THEN %s ELSE {page} END "  # noqa: S608
        f"WHERE {c(Response, 'id')} = %s AND {c(Response, 'is_complete')} = %s AND EXISTS ("
        f"SELECT 1 FROM {t(Scan)} s WHERE s.{c(Scan, 'id')} = {t(Response)}.{c(Response, 'scan')} "
        f"AND s.{c(Scan, 'status')} = %s AND s.{c(Scan, 'opens_on')} <= %s AND s.{c(Scan, 'closes_on')} >= %s)"
    )


@transaction.atomic
def response_submit(*, invitation: Invitation, response: Response) -> None:
    """Finish the response once. The resume key is wiped: from now on not even the link leads to it."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at:
        raise ValidationError(ALREADY_SUBMITTED)
    if not Scan.objects.get(pk=invitation.scan_id).accepts_answers():
        raise ValidationError(SCAN_CLOSED)
    Response.objects.filter(pk=response.pk).update(is_complete=True, resume_key=None)
    invitation.used_at = timezone.localdate()
    invitation.save(update_fields=["used_at"])
