"""The griffier's set-up of a scan: terms, settings, the link for residents, own questions, respondents."""

import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.jobs import job_enqueue
from portal.models import Municipality, User

from ..models import (
    DATA_PROCESSING_TERMS_VERSION,
    MAX_OWN_QUESTIONS,
    DataProcessingAgreement,
    Group,
    Invitation,
    OwnQuestion,
    Questionnaire,
    Scan,
    token_hash,
)
from ..selectors import questionnaire_allowed
from .common import CLOSING_DATE_IN_PAST, OPEN_LINK_DISABLED, SCAN_NOT_DRAFT, SCAN_NOT_OPEN, lock
from .running import scan_invitations_send_task

TERMS_NOT_ACCEPTED = _("Your municipality first has to accept the data processing terms.")
QUESTIONNAIRE_NOT_AVAILABLE = _("This questionnaire is not available for new scans.")
QUESTIONNAIRE_NOT_GRANTED = _(
    "Your municipality cannot use this questionnaire: it is only for municipalities that were granted a place "
    "in the programme. Choose another questionnaire, or ask your consultant."
)
DATES_OUT_OF_ORDER = _("The closing date must be on or after the opening date.")
TOO_MANY_OWN_QUESTIONS = _("A scan can have at most 4 questions of its own.")
GROUP_NOT_IN_QUESTIONNAIRE = _("This questionnaire is not meant for that group.")
OPEN_LINK_NOT_FOR_QUESTIONNAIRE = _(
    "An open link is only possible for a questionnaire with residents (inwoners)."
)


@transaction.atomic
def agreement_accept(*, municipality: Municipality, user: User) -> DataProcessingAgreement:
    """Record who accepted the data processing terms for the municipality, and when. Once is enough."""
    agreement, _created = DataProcessingAgreement.objects.get_or_create(
        municipality=municipality,
        defaults={"accepted_by": user, "terms_version": DATA_PROCESSING_TERMS_VERSION},
    )
    return agreement


def _check_open_link(*, questionnaire: Questionnaire, open_link_cap: int) -> None:
    if open_link_cap and Group.INWONERS not in questionnaire.groups:
        raise ValidationError(OPEN_LINK_NOT_FOR_QUESTIONNAIRE)


def _check_dates(*, opens_on: datetime.date, closes_on: datetime.date) -> None:
    if closes_on < opens_on:
        raise ValidationError(DATES_OUT_OF_ORDER)
    if closes_on < timezone.localdate():
        raise ValidationError(CLOSING_DATE_IN_PAST)


@transaction.atomic
def scan_create(
    *,
    municipality: Municipality,
    questionnaire: Questionnaire,
    name: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    open_link_cap: int = 0,
    created_by: User,
) -> Scan:
    if not DataProcessingAgreement.objects.filter(municipality=municipality).exists():
        raise ValidationError(TERMS_NOT_ACCEPTED)
    if not questionnaire.is_active:
        raise ValidationError(QUESTIONNAIRE_NOT_AVAILABLE)
    if not questionnaire_allowed(questionnaire, municipality):
        raise ValidationError(QUESTIONNAIRE_NOT_GRANTED)
    _check_dates(opens_on=opens_on, closes_on=closes_on)
    _check_open_link(questionnaire=questionnaire, open_link_cap=open_link_cap)
    return Scan.objects.create(
        municipality=municipality,
        questionnaire=questionnaire,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        open_link_cap=open_link_cap,
        created_by=created_by,
    )


@transaction.atomic
def scan_update(
    *, scan: Scan, name: str, opens_on: datetime.date, closes_on: datetime.date, open_link_cap: int
) -> Scan:
    scan = lock(scan)
    if not scan.is_draft:
        raise ValidationError(SCAN_NOT_DRAFT)
    _check_dates(opens_on=opens_on, closes_on=closes_on)
    _check_open_link(questionnaire=scan.questionnaire, open_link_cap=open_link_cap)
    scan.name, scan.opens_on, scan.closes_on, scan.open_link_cap = name, opens_on, closes_on, open_link_cap
    if not open_link_cap:
        scan.open_link_hash = ""
    scan.save()
    return scan


@transaction.atomic
def open_link_make(*, scan: Scan) -> str:
    """Make the scan's link for residents and return its code, which is shown once and kept only as a hash.

    A new code replaces the old one: the old link stops working, and so do the personal links it handed to
    visitors who have not answered yet. Answers already given stay.
    """
    scan = lock(scan)
    if scan.status == Scan.Status.CLOSED:
        raise ValidationError(SCAN_NOT_OPEN)
    if not scan.open_link_cap:
        raise ValidationError(OPEN_LINK_DISABLED)
    code = secrets.token_urlsafe(16)
    scan.open_link_hash = token_hash(code)
    scan.save(update_fields=["open_link_hash"])
    return code


@transaction.atomic
def own_questions_set(*, scan: Scan, questions: list[tuple[str, str]]) -> list[OwnQuestion]:
    """Replace the scan's own questions by `questions` (text, kind); blank texts are left out."""
    scan = lock(scan)
    if not scan.is_draft:
        raise ValidationError(SCAN_NOT_DRAFT)
    questions = [(text.strip(), kind) for text, kind in questions if text.strip()]
    if len(questions) > MAX_OWN_QUESTIONS:
        raise ValidationError(TOO_MANY_OWN_QUESTIONS)
    scan.own_questions.all().delete()
    return OwnQuestion.objects.bulk_create(
        OwnQuestion(scan=scan, order=order, text=text, kind=kind)
        for order, (text, kind) in enumerate(questions)
    )


@transaction.atomic
def respondents_add(*, scan: Scan, group: str, emails: Iterable[str]) -> tuple[int, int]:
    """Invite addresses for `group`. Addresses already invited are merged, not doubled.

    Returns (added, merged). When the scan is already open the new people get their mail at once.
    """
    scan = lock(scan)
    if scan.status == Scan.Status.CLOSED:
        raise ValidationError(SCAN_NOT_OPEN)
    if group not in scan.questionnaire.groups:
        raise ValidationError(GROUP_NOT_IN_QUESTIONNAIRE)
    wanted = list(dict.fromkeys(email.strip().lower() for email in emails if email.strip()))
    existing = set(scan.invitations.filter(email__in=wanted).values_list("email", flat=True))
    new = [email for email in wanted if email not in existing]
    Invitation.objects.bulk_create(Invitation(scan=scan, group=group, email=email) for email in new)
    if new and scan.status == Scan.Status.OPEN:
        job_enqueue(task=scan_invitations_send_task, scan_id=scan.pk)
    return len(new), len(wanted) - len(new)


@transaction.atomic
def respondent_remove(*, scan: Scan, invitation_id: int) -> None:
    """Take an address off the list before the scan opens (a typo, someone who left)."""
    scan = lock(scan)
    if not scan.is_draft:
        raise ValidationError(SCAN_NOT_DRAFT)
    scan.invitations.filter(pk=invitation_id, source=Invitation.Source.MAIL).delete()
