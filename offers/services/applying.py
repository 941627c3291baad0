"""Applying for an offer: drafts saved per step, attachments, submitting and withdrawing."""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import get_language

from portal.mail import email_enqueue
from portal.models import Municipality, User

from .. import mails
from ..models import (
    MAX_ATTACHMENT_BYTES,
    Application,
    Attachment,
    Offer,
    OfferQuestion,
)
from . import common
from .common import (
    ALLOWED_TYPES,
    CANNOT_WITHDRAW,
    FILE_EMPTY,
    FILE_TOO_LARGE,
    FILE_TYPE_NOT_ALLOWED,
    NOT_A_DRAFT,
    NOT_YOUR_MUNICIPALITY,
    STEP_FIELDS,
    STEPS,
    Action,
    Status,
    _addresses,
    _event,
    _grant,
    _lock,
    _place_freed,
    _set_status,
    application_problems,
    eligibility_problems,
    eligible_municipalities,
)

# ---------- drafts ----------


@transaction.atomic
def application_start(*, offer: Offer, user: User, municipality: Municipality) -> Application:
    """The account's draft for `offer`: the one it already has (on any device), or a new one."""
    existing = Application.objects.filter(offer=offer, applicant=user, status=Status.DRAFT).first()
    if existing is not None:
        return existing
    problems = eligibility_problems(offer=offer, user=user, municipality=municipality)
    if problems:
        raise ValidationError(problems, code="not_eligible")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                offer=offer,
                municipality=municipality,
                applicant=user,
                language=(get_language() or settings.LANGUAGE_CODE)[:8],
                contact_name=user.get_full_name(),
                contact_function=user.get_function_display() if user.function != "other" else "",
                contact_email=user.email,
            )
    except IntegrityError:  # a second tab started the same draft a moment ago
        return Application.objects.get(offer=offer, applicant=user, status=Status.DRAFT)
    _event(application, user, Action.STARTED)
    return application


@transaction.atomic
def application_save_step(*, application: Application, user: User, step: str, values: dict) -> Application:
    """Store one step of the form in the draft; the draft remembers how far it got."""
    application = _lock(application)
    if not application.is_draft:
        raise ValidationError(NOT_A_DRAFT, code="not_draft")
    unknown = set(values) - STEP_FIELDS.get(step, set())
    if unknown:
        raise ValueError(f"Step {step!r} does not hold {sorted(unknown)}.")
    municipality = values.get("municipality")
    moved = municipality is not None and municipality.pk != application.municipality_id
    if moved and not eligible_municipalities(offer=application.offer, user=user).filter(pk=municipality.pk).exists():
        raise ValidationError(NOT_YOUR_MUNICIPALITY, code="not_eligible")
    for field, value in values.items():
        setattr(application, field, value.strip() if isinstance(value, str) else value)
    application.step = max(application.step, STEPS.index(step) + 1)
    application.save()
    _event(application, user, Action.SAVED, detail=step)
    return application


@transaction.atomic
def application_discard(*, application: Application, user: User) -> None:
    """Throw a draft away. Only drafts: a submitted application is withdrawn instead."""
    application = _lock(application)
    if not application.is_draft:
        raise ValidationError(NOT_A_DRAFT, code="not_draft")
    application.delete()


def check_upload(upload: UploadedFile) -> str:
    """The file's real type, read from its bytes (never from its name); ValidationError when refused."""
    if not upload.size:
        raise ValidationError(FILE_EMPTY, code="empty")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(FILE_TOO_LARGE, code="too_large")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(FILE_TYPE_NOT_ALLOWED, code="type")
    return kind.mime


def _clean_filename(name: str, mime: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0][:150]
    try:
        stem = get_valid_filename(stem)
    except Exception:  # noqa: BLE001 (Django raises SuspiciousFileOperation for names like "..")
        stem = ""
    return f"{stem or 'bijlage'}.{ALLOWED_TYPES[mime]}"


@transaction.atomic
def attachment_add(
    *, application: Application, user: User, upload: UploadedFile, question: OfferQuestion | None = None
) -> Attachment:
    """Keep an uploaded file with the draft; a new file for the same slot replaces the old one."""
    mime = check_upload(upload)
    application = _lock(application)
    if not application.is_draft:
        raise ValidationError(NOT_A_DRAFT, code="not_draft")
    if question is not None and question.offer_id != application.offer_id:
        raise ValueError("The question belongs to another offer.")
    application.attachments.filter(question=question).delete()
    content = upload.read()
    attachment = Attachment.objects.create(
        application=application,
        question=question,
        filename=_clean_filename(upload.name, mime),
        content_type=mime,
        size=len(content),
        content=content,
        uploaded_by=user,
    )
    _event(application, user, Action.ATTACHMENT, detail=attachment.filename)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user: User) -> None:
    application = _lock(attachment.application)
    if not application.is_draft:
        raise ValidationError(NOT_A_DRAFT, code="not_draft")
    attachment.delete()
    _event(application, user, Action.ATTACHMENT, detail=f"- {attachment.filename}")




@transaction.atomic
def application_submit(*, application: Application, user: User) -> Application:
    """Submit a complete draft. First-come offers grant at once while places last; when every place is
    taken the application goes to the reserve list. Submitting twice changes nothing the second time."""
    offer = common._lock_offer(application.offer)
    application = _lock(application)
    if not application.is_draft:
        return application
    problems = eligibility_problems(
        offer=offer, user=user, municipality=application.municipality, application=application
    )
    problems += [message for _step, message in application_problems(application)]
    if problems:
        raise ValidationError(problems, code="incomplete")
    application.submitted_at = timezone.now()
    left = common.places_left(offer)
    if left is not None and left <= 0:
        _set_status(application, Status.RESERVE, user, action=Action.SUBMITTED)
    elif offer.is_first_come:
        _grant(application, user, action=Action.SUBMITTED)
    else:
        _set_status(application, Status.RECEIVED, user, action=Action.SUBMITTED)
    email_enqueue(
        kind=mails.application_confirmation,
        to=_addresses(application),
        language=application.language,
        application_id=application.pk,
    )
    if application.status != Status.GRANTED:
        email_enqueue(
            kind=mails.application_received,
            to=[settings.STAFF_NOTIFICATION_EMAIL],
            language="nl",
            application_id=application.pk,
        )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, user: User) -> Application:
    """The municipality withdraws; a granted place goes to the first on the reserve list."""
    offer = common._lock_offer(application.offer)
    application = _lock(application)
    if not application.is_active:
        raise ValidationError(CANNOT_WITHDRAW, code="not_active")
    was_granted = application.status == Status.GRANTED
    _set_status(application, Status.WITHDRAWN, user, action=Action.WITHDRAWN)
    email_enqueue(
        kind=mails.application_withdrawn,
        to=[settings.STAFF_NOTIFICATION_EMAIL],
        language="nl",
        application_id=application.pk,
    )
    if was_granted:
        _place_freed(offer, user)
    return application
