"""Writes for the Quick Scan: questionnaire versions, configuring and running scans, answering."""

import datetime
import secrets
from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.jobs import job_enqueue
from portal.models import Municipality, User

from .models import (
    DATA_PROCESSING_TERMS_VERSION,
    MAX_OWN_QUESTIONS,
    Action,
    Answer,
    DataProcessingAgreement,
    Group,
    Invitation,
    OpenAnswer,
    OwnQuestion,
    PriorityChoice,
    Questionnaire,
    QuestionnaireTheme,
    Response,
    Scan,
    Statement,
    resume_key,
    token_hash,
    visitor_signer,
)
from .scoring import scan_score_task

TERMS_NOT_ACCEPTED = _("Your municipality first has to accept the data processing terms.")
QUESTIONNAIRE_NOT_AVAILABLE = _("This questionnaire is not available for new scans.")
DATES_OUT_OF_ORDER = _("The closing date must be on or after the opening date.")
CLOSING_DATE_IN_PAST = _("The closing date cannot be in the past.")
SCAN_NOT_DRAFT = _("This scan has been opened; its set-up can no longer change.")
SCAN_NOT_OPEN = _("This scan is not open.")
SCAN_HAS_NO_RESPONDENTS = _("Add respondents or enable the open link before you open the scan.")
TOO_MANY_OWN_QUESTIONS = _("A scan can have at most 4 questions of its own.")
GROUP_NOT_IN_QUESTIONNAIRE = _("This questionnaire is not meant for that group.")
EXTENSION_NOT_LATER = _("The new closing date must be later than the current one.")
ALREADY_SUBMITTED = _("These answers have already been sent. Thank you!")
SCAN_CLOSED = _("This scan is closed; answers can no longer be given.")
OPEN_LINK_FULL = _("The maximum number of responses through this link has been reached.")
OPEN_LINK_DISABLED = _("This link is not in use.")
OPEN_LINK_NOT_FOR_QUESTIONNAIRE = _(
    "An open link is only possible for a questionnaire with residents (inwoners)."
)


# Questionnaires


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire) -> Questionnaire:
    """Copy a (frozen) questionnaire into the next version, which takes over as the active one."""
    latest = Questionnaire.objects.filter(slug=questionnaire.slug).aggregate(v=Max("version"))["v"] or 0
    themes = list(questionnaire.themes.all())  # no prefetch: the copies must not inherit its caches
    copy = Questionnaire.objects.get(pk=questionnaire.pk)
    copy.pk = None
    copy.version = latest + 1
    copy.is_active = True
    copy.created_at = timezone.now()
    copy.save()
    for theme in themes:
        statements = list(theme.statements.all())
        portal_themes = list(theme.portal_themes.all())
        theme.pk = None
        theme.questionnaire = copy
        theme.save()
        theme.portal_themes.set(portal_themes)
        Statement.objects.bulk_create(
            Statement(theme=theme, order=s.order, text=s.text, text_en=s.text_en) for s in statements
        )
    Questionnaire.objects.filter(slug=questionnaire.slug).exclude(pk=copy.pk).update(is_active=False)
    return copy


# Configuring a scan


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


def _lock(scan: Scan) -> Scan:
    return Scan.objects.select_for_update().get(pk=scan.pk)


@transaction.atomic
def scan_update(
    *, scan: Scan, name: str, opens_on: datetime.date, closes_on: datetime.date, open_link_cap: int
) -> Scan:
    scan = _lock(scan)
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
    scan = _lock(scan)
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
    scan = _lock(scan)
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
    scan = _lock(scan)
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
    scan = _lock(scan)
    if not scan.is_draft:
        raise ValidationError(SCAN_NOT_DRAFT)
    scan.invitations.filter(pk=invitation_id, source=Invitation.Source.MAIL).delete()


@transaction.atomic
def scan_open(*, scan: Scan) -> Scan:
    """Open the scan and send every invitation (in the background)."""
    scan = _lock(scan)
    if not scan.is_draft:
        raise ValidationError(SCAN_NOT_DRAFT)
    if not scan.open_link_cap and not scan.invitations.exists():
        raise ValidationError(SCAN_HAS_NO_RESPONDENTS)
    if scan.closes_on < timezone.localdate():
        raise ValidationError(CLOSING_DATE_IN_PAST)
    scan.status = Scan.Status.OPEN
    scan.opened_at = timezone.now()
    scan.opens_on = min(scan.opens_on, timezone.localdate())
    scan.save(update_fields=["status", "opened_at", "opens_on"])
    job_enqueue(task=scan_invitations_send_task, scan_id=scan.pk)
    return scan


@transaction.atomic
def scan_remind(*, scan: Scan) -> int:
    """Remind everyone who has not yet sent their answers. Returns how many will get a mail.

    The griffier only learns the number, never the names.
    """
    scan = _lock(scan)
    if scan.status != Scan.Status.OPEN:
        raise ValidationError(SCAN_NOT_OPEN)
    now = timezone.now()
    scan.last_reminder_at = now
    scan.save(update_fields=["last_reminder_at"])
    count = scan.invitations.pending().filter(source=Invitation.Source.MAIL, sent_at__isnull=False).count()
    job_enqueue(task=scan_reminders_send_task, scan_id=scan.pk, requested_at=now.isoformat())
    return count


@transaction.atomic
def scan_extend(*, scan: Scan, closes_on: datetime.date) -> Scan:
    scan = _lock(scan)
    if scan.status != Scan.Status.OPEN:
        raise ValidationError(SCAN_NOT_OPEN)
    if closes_on <= scan.closes_on:
        raise ValidationError(EXTENSION_NOT_LATER)
    scan.closes_on = closes_on
    scan.save(update_fields=["closes_on"])
    return scan


@transaction.atomic
def scan_close(*, scan: Scan) -> Scan:
    """Close the scan (early, or because its date passed) and score it."""
    scan = _lock(scan)
    if scan.status != Scan.Status.OPEN:
        raise ValidationError(SCAN_NOT_OPEN)
    scan.status = Scan.Status.CLOSED
    scan.closed_at = timezone.now()
    scan.closes_on = min(scan.closes_on, timezone.localdate())
    scan.save(update_fields=["status", "closed_at", "closes_on"])
    score_request(scan=scan)
    return scan


def scans_close_due() -> int:
    """Close every open scan whose closing date has passed (run periodically)."""
    closed = 0
    for scan in Scan.objects.due_to_close():
        try:
            scan_close(scan=scan)
        except ValidationError:
            continue
        closed += 1
    return closed


@shared_task
def scans_close_due_task() -> int:
    """Periodic: close scans whose closing date has passed (which scores them)."""
    return scans_close_due()


def invitation_addresses_forget(*, now: datetime.datetime | None = None) -> int:
    """Delete the e-mail addresses (and link hashes) of scans closed longer than the retention period ago.

    The invitation rows stay, so the response counts per group stay as they were. Returns how many
    addresses were deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PORTAL_INVITATION_RETENTION_DAYS)
    scans = Scan.objects.closed().filter(
        Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, closes_on__lt=cutoff.date())
    )
    invitations = Invitation.objects.filter(scan__in=scans).exclude(email="", token_hash="")
    return invitations.update(email="", token_hash="")


@shared_task
def invitation_addresses_forget_task() -> int:
    """Periodic: keep invitees' addresses no longer than PORTAL_INVITATION_RETENTION_DAYS after closing."""
    return invitation_addresses_forget()


@transaction.atomic
def score_request(*, scan: Scan) -> None:
    """Score the closed scan in the background. There are no interim scores: see `scoring.scan_score`."""
    Scan.objects.filter(pk=scan.pk).update(score_requested_at=timezone.now())
    job_enqueue(task=scan_score_task, scan_id=scan.pk)


# Mail to respondents (run inside tasks: the plain token exists only in memory and in the mail)


def _answer_url(scan: Scan, token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse(
        "quickscan:answer", kwargs={"public_id": scan.public_id, "token": token}
    )


def _send_link(*, invitation: Invitation, scan: Scan, template: str, token: str | None) -> None:
    context = {
        "scan": scan,
        "municipality": scan.municipality,
        "url": _answer_url(scan, token) if token else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def invitations_send(*, scan_id: int) -> int:
    """Mail each invitation not yet sent. Safe to re-run: sent invitations are skipped."""
    scan = Scan.objects.select_related("municipality", "questionnaire").get(pk=scan_id)
    if scan.status != Scan.Status.OPEN:
        return 0
    sent = 0
    pending = scan.invitations.filter(source=Invitation.Source.MAIL, sent_at__isnull=True).values_list(
        "pk", flat=True
    )
    for invitation_id in list(pending):
        token = secrets.token_urlsafe(32)
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
            if invitation.sent_at:
                continue
            invitation.token_hash = token_hash(token)
            invitation.sent_at = timezone.now()
            invitation.save(update_fields=["token_hash", "sent_at"])
            _send_link(invitation=invitation, scan=scan, template="quickscan_invitation", token=token)
        sent += 1
    return sent


@shared_task
def scan_invitations_send_task(scan_id: int) -> int:
    return invitations_send(scan_id=scan_id)


def reminders_send(*, scan_id: int, requested_at: str) -> int:
    """Remind pending invitations not reminded since `requested_at`. Safe to re-run.

    Someone who has not started gets a fresh link (we cannot resend the old one: only its hash is kept);
    someone who has started keeps their link, so their saved answers stay theirs.
    """
    since = datetime.datetime.fromisoformat(requested_at)
    scan = Scan.objects.select_related("municipality").get(pk=scan_id)
    if scan.status != Scan.Status.OPEN:
        return 0
    due = scan.invitations.pending().filter(source=Invitation.Source.MAIL, sent_at__isnull=False)
    due = due.exclude(reminded_at__gte=since).values_list("pk", flat=True)
    sent = 0
    for invitation_id in list(due):
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
            if invitation.used_at or (invitation.reminded_at and invitation.reminded_at >= since):
                continue
            token = None if invitation.started else secrets.token_urlsafe(32)
            if token:
                invitation.token_hash = token_hash(token)
            invitation.reminded_at = timezone.now()
            invitation.save(update_fields=["token_hash", "reminded_at"])
            _send_link(invitation=invitation, scan=scan, template="quickscan_reminder", token=token)
        sent += 1
    return sent


@shared_task
def scan_reminders_send_task(scan_id: int, requested_at: str) -> int:
    return reminders_send(scan_id=scan_id, requested_at=requested_at)


# Answering


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
    scan = _lock(scan)
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


@transaction.atomic
def response_page_save(
    *,
    response: Response,
    page_number: int,
    values: dict[Statement | OwnQuestion, int | None],
    texts: dict[QuestionnaireTheme | OwnQuestion, str],
    priorities: list[QuestionnaireTheme] | None = None,
) -> Response:
    """Store one page's answers (replacing earlier ones for the same questions) and move the bookmark."""
    response = Response.objects.select_for_update().select_related("scan").get(pk=response.pk)
    if response.is_complete:
        raise ValidationError(ALREADY_SUBMITTED)
    if not response.scan.accepts_answers():
        raise ValidationError(SCAN_CLOSED)
    # One upsert per kind of question instead of a read and a write per answer: this is the hot path
    # of a respondent moving through the questionnaire.
    for key, kind in (("statement", Statement), ("own_question", OwnQuestion)):
        rows = [Answer(response=response, value=value, **{key: q}) for q, value in values.items() if isinstance(q, kind)]
        if rows:
            Answer.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["response", key], update_fields=["value"]
            )
    for question, text in texts.items():
        key = "theme" if isinstance(question, QuestionnaireTheme) else "own_question"
        if text.strip():
            OpenAnswer.objects.update_or_create(
                response=response, **{key: question}, defaults={"text": text.strip()}
            )
        else:
            OpenAnswer.objects.filter(response=response, **{key: question}).delete()
    if priorities is not None:
        response.priorities.all().delete()
        PriorityChoice.objects.bulk_create(
            PriorityChoice(response=response, theme=theme) for theme in priorities
        )
    if page_number > response.page:
        response.page = page_number
        response.save(update_fields=["page"])
    return response


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


# Verbeteragenda


@transaction.atomic
def action_save(
    *,
    scan: Scan,
    theme: QuestionnaireTheme,
    action: str,
    owner: str,
    due_on: datetime.date,
    status: str,
    instance: Action | None = None,
) -> Action:
    if theme.questionnaire_id != scan.questionnaire_id:
        raise ValidationError(_("Choose a theme of this scan's questionnaire."))
    item = instance or Action(scan=scan)
    item.theme, item.action, item.owner, item.due_on, item.status = theme, action, owner, due_on, status
    item.save()
    return item
