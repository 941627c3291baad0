"""Writes for programme offers: drafts, attachments, submitting, review decisions and places.

Places are counted under a row lock on the offer: every write that can take or free a place locks the
offer first, then the application, so two staff granting the last place, or sixty municipalities
applying for the last five first-come places, are served one after the other.
"""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from consultants.selectors import consultants_for_municipality
from portal.mail import email_enqueue
from portal.models import Municipality, User
from portal.permissions import griffier_municipality_ids

from . import mails
from .models import (
    MAX_ATTACHMENT_BYTES,
    MIN_PROFESSIONAL_GROUPS,
    Application,
    ApplicationEvent,
    ApplicationNote,
    Attachment,
    Offer,
    OfferQuestion,
)

Status = Application.Status
Action = ApplicationEvent.Action

# Eligibility
TAKEN_UP_ELSEWHERE = _("This offer is not taken up with an application form.")
OFFER_CLOSED = _("This offer is not open for applications at the moment.")
NOT_GRIFFIER = _("Only the confirmed griffier of a municipality can apply for this offer on its behalf.")
NOT_YOUR_MUNICIPALITY = _(
    "You can apply for a municipality you are the confirmed griffier of, or for the municipality in your profile."
)
NO_MUNICIPALITY = _("Fill in your municipality in your profile first: an application always belongs to a municipality.")
ALREADY_ACTIVE = _("Your municipality already has an application for this offer that is still running.")
ALREADY_ACTIVE_OWN = _("You already have an application for this offer that is still running.")
NOT_A_DRAFT = _("This application has been submitted; it can no longer be changed.")
# Completeness
CONTACT_REQUIRED = _("Fill in the name and email address of the contact person.")
PLAN_REQUIRED = _("Describe your question or plan.")
TOO_FEW_GROUPS = _(
    "A local initiative must involve more than two professional groups "
    "(burgemeesters, wethouders, raadsleden, secretarissen, griffiers)."
)
COUNCIL_ROLE_REQUIRED = _("Explain how the initiative strengthens the role of the council.")
SUPPORT_NOT_BOUNDED = _("The support must be bounded: give a start date, an end date and its scope.")
SUPPORT_DATES_OUT_OF_ORDER = _("The end date must be on or after the start date.")
CONDITION_NOT_CONFIRMED = _("Confirm each condition of the offer.")
ATTACHMENT_REQUIRED = _("Add the attachment: %(name)s.")
QUESTION_REQUIRED = _("Answer the question “%(question)s”.")
# Files
FILE_EMPTY = _("The file is empty.")
FILE_TOO_LARGE = _("The file is too large: at most 10 MB.")
FILE_TYPE_NOT_ALLOWED = _(
    "This kind of file is not accepted. Upload a PDF, a Word or OpenDocument text, or a PNG or JPEG image."
)
# Review
NO_PLACES_LEFT = _("All places of this offer have been granted. Put the application on the reserve list instead.")
BUDGET_REQUIRED = _("Enter the budget granted, in whole euros.")
BUDGET_NOT_FOR_OFFER = _("This offer comes without a budget; leave the budget empty.")
BUDGET_TOO_HIGH = _("The budget can be at most %(max)s euros.")
REASON_REQUIRED = _("Give the reason for the rejection; it is sent to the applicant.")
TRANSITION_NOT_ALLOWED = _("An application with status “%(current)s” cannot become “%(target)s”.")
CANNOT_WITHDRAW = _("This application can no longer be withdrawn.")
NOTE_EMPTY = _("Write a note first.")

STEPS = ("about", "plan", "conditions", "attachments", "review")
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/png": "png",
    "image/jpeg": "jpg",
}
STEP_FIELDS = {
    "about": {"municipality", "contact_name", "contact_function", "contact_email", "contact_phone"},
    "plan": {
        "plan",
        "professional_groups",
        "council_role",
        "support_starts_on",
        "support_ends_on",
        "support_scope",
        "answers",
    },
    "conditions": {"confirmed_conditions"},
    "attachments": set(),
}
# Which decision may follow which status; drafts are submitted, never decided.
TRANSITIONS = {
    Status.RECEIVED: (Status.IN_REVIEW, Status.GRANTED, Status.RESERVE, Status.REJECTED),
    Status.IN_REVIEW: (Status.GRANTED, Status.RESERVE, Status.REJECTED),
    Status.RESERVE: (Status.IN_REVIEW, Status.GRANTED, Status.REJECTED),
    Status.GRANTED: (Status.REJECTED,),
}


# ---------- locks and counts ----------


def _lock_offer(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().get(pk=offer.pk)


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer", "municipality", "applicant")
        .get(pk=application.pk)
    )


def places_left(offer: Offer) -> int | None:
    """Places not yet granted (None: no limit). Exact only under the offer's row lock."""
    if offer.places is None:
        return None
    return max(offer.places - Application.objects.filter(offer=offer, status=Status.GRANTED).count(), 0)


def _event(application: Application, actor: User | None, action: str, *, before: str = "", detail: str = "") -> None:
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=before if before != application.status else "",
        to_status=application.status if before and before != application.status else "",
        detail=str(detail)[:500],
    )


# ---------- eligibility ----------


def eligible_municipalities(*, offer: Offer, user: User) -> QuerySet[Municipality]:
    """Where `user` may apply for `offer`: their griffier municipalities; for member offers also their own."""
    ids = set(griffier_municipality_ids(user))
    if offer.applicants == Offer.Applicants.MEMBER and user.is_authenticated and user.municipality_id:
        ids.add(user.municipality_id)
    return Municipality.objects.filter(pk__in=ids)


def eligibility_problems(
    *, offer: Offer, user: User, municipality: Municipality | None = None, application: Application | None = None
) -> list[str]:
    """Why `user` may not apply (for `municipality`), in words the user can act on; empty when they may."""
    if offer.take_up_url:
        return [str(TAKEN_UP_ELSEWHERE)]
    problems = []
    if not offer.is_open():
        problems.append(OFFER_CLOSED)
    eligible = eligible_municipalities(offer=offer, user=user)
    if municipality is None:
        if not eligible.exists():
            member_offer = offer.applicants == Offer.Applicants.MEMBER
            problems.append(NO_MUNICIPALITY if member_offer else NOT_GRIFFIER)
    elif not eligible.filter(pk=municipality.pk).exists():
        problems.append(NOT_YOUR_MUNICIPALITY if offer.applicants == Offer.Applicants.MEMBER else NOT_GRIFFIER)
    running = Application.objects.active().filter(offer=offer)
    if application is not None:
        running = running.exclude(pk=application.pk)
    if offer.is_local_initiative:
        if running.filter(applicant=user).exists():
            problems.append(ALREADY_ACTIVE_OWN)
    elif municipality is not None and running.filter(municipality=municipality).exists():
        problems.append(ALREADY_ACTIVE)
    return [str(problem) for problem in problems]


def application_problems(application: Application) -> list[tuple[str, str]]:
    """What is still missing before `application` can be submitted: (step, message) pairs."""
    offer = application.offer
    problems: list[tuple[str, object]] = []
    if not application.contact_name.strip() or not application.contact_email.strip():
        problems.append(("about", CONTACT_REQUIRED))
    if not application.plan.strip():
        problems.append(("plan", PLAN_REQUIRED))
    if offer.is_local_initiative:
        problems.extend(("plan", message) for message in local_initiative_problems(
            groups=application.professional_groups,
            council_role=application.council_role,
            starts_on=application.support_starts_on,
            ends_on=application.support_ends_on,
            scope=application.support_scope,
        ))
    questions = list(offer.questions.all())
    files = set(application.attachments.values_list("question_id", flat=True))
    for question in questions:
        if not question.required:
            continue
        answered = (
            question.pk in files
            if question.kind == OfferQuestion.Kind.FILE
            else str(application.answers.get(str(question.pk), "")).strip()
        )
        if not answered:
            step = "attachments" if question.kind == OfferQuestion.Kind.FILE else "plan"
            problems.append((step, QUESTION_REQUIRED % {"question": question.text_i18n}))
    condition_ids = {condition.pk for condition in offer.conditions.all()}
    if not condition_ids <= set(application.confirmed_conditions):
        problems.append(("conditions", CONDITION_NOT_CONFIRMED))
    if offer.attachment_required and None not in files:
        problems.append(("attachments", ATTACHMENT_REQUIRED % {"name": offer.attachment_label_i18n}))
    return [(step, str(message)) for step, message in problems]


def local_initiative_problems(*, groups, council_role: str, starts_on, ends_on, scope: str) -> list:
    """The three conditions of LDiB support: professional groups, the council's role, bounded support."""
    problems = []
    if len(set(groups or [])) < MIN_PROFESSIONAL_GROUPS:
        problems.append(TOO_FEW_GROUPS)
    if not (council_role or "").strip():
        problems.append(COUNCIL_ROLE_REQUIRED)
    if not starts_on or not ends_on or not (scope or "").strip():
        problems.append(SUPPORT_NOT_BOUNDED)
    elif ends_on < starts_on:
        problems.append(SUPPORT_DATES_OUT_OF_ORDER)
    return problems


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


# ---------- submitting and withdrawing ----------


def _addresses(application: Application) -> list[str]:
    applicant_email = application.applicant.email if application.applicant_id else ""
    return [address for address in dict.fromkeys([application.contact_email, applicant_email]) if address]


def _set_status(application: Application, to_status: str, actor: User | None, *, action=Action.STATUS, detail=""):
    before = application.status
    application.status = to_status
    if to_status in (Status.GRANTED, Status.REJECTED):
        application.decided_at = timezone.now()
    if to_status == Status.RESERVE:
        application.reserve_since = timezone.now()
    application.save()
    _event(application, actor, action, before=before, detail=detail)


def _adviser_for(municipality: Municipality) -> Consultant | None:
    """The region's consultant who advises on the scan: an adviser or process facilitator first."""
    consultants = list(consultants_for_municipality(municipality).order_by("name"))
    preferred = (Consultant.Role.ADVISEUR, Consultant.Role.PROCESBEGELEIDER)
    consultants.sort(key=lambda consultant: consultant.role not in preferred)
    return consultants[0] if consultants else None


def _grant(
    application: Application, actor: User | None, *, budget: int | None = None, action=Action.STATUS, detail=""
) -> None:
    application.budget_granted = budget
    _set_status(application, Status.GRANTED, actor, action=action, detail=detail)
    if application.offer.assigns_adviser and application.adviser_id is None:
        adviser = _adviser_for(application.municipality)
        if adviser is not None:
            application.adviser = adviser
            application.save(update_fields=["adviser", "updated_at"])
            _event(application, actor, Action.ADVISER, detail=adviser.name)
            if adviser.email:
                email_enqueue(kind=mails.adviser_assigned, to=[adviser.email], language="nl", application_id=application.pk)


@transaction.atomic
def application_submit(*, application: Application, user: User) -> Application:
    """Submit a complete draft. First-come offers grant at once while places last; when every place is
    taken the application goes to the reserve list. Submitting twice changes nothing the second time."""
    offer = _lock_offer(application.offer)
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
    left = places_left(offer)
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
    offer = _lock_offer(application.offer)
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


def _place_freed(offer: Offer, actor: User | None) -> Application | None:
    """A granted place came free: the first on the reserve list gets it (first-come offers) or is
    offered it and comes back into review (reviewed offers, where staff still decide on a budget)."""
    first = Application.objects.reserve_list().filter(offer=offer).select_for_update(of=("self",)).first()
    if first is None:
        return None
    first = _lock(first)
    if offer.is_first_come:
        _grant(first, actor, action=Action.PLACE_OFFERED)
        email_enqueue(
            kind=mails.application_decision, to=_addresses(first), language=first.language, application_id=first.pk
        )
    else:
        _set_status(first, Status.IN_REVIEW, actor, action=Action.PLACE_OFFERED)
        email_enqueue(
            kind=mails.application_place_offered,
            to=_addresses(first),
            language=first.language,
            application_id=first.pk,
        )
    return first


# ---------- review ----------


def _check_budget(offer: Offer, budget: int | None) -> None:
    if not offer.has_budget:
        if budget:
            raise ValidationError(BUDGET_NOT_FOR_OFFER, code="no_budget")
        return
    if not budget or budget <= 0:
        raise ValidationError(BUDGET_REQUIRED, code="budget_required")
    if offer.budget_max is not None and budget > offer.budget_max:
        raise ValidationError(BUDGET_TOO_HIGH, code="budget_too_high", params={"max": offer.budget_max})


@transaction.atomic
def application_decide(
    *, application: Application, actor: User, to_status: str, budget: int | None = None, reason: str = ""
) -> Application:
    """Staff take an application into review, grant it, put it on the reserve list or reject it."""
    offer = _lock_offer(application.offer)
    application = _lock(application)
    if to_status not in TRANSITIONS.get(application.status, ()):
        raise ValidationError(
            TRANSITION_NOT_ALLOWED,
            code="transition",
            params={
                "current": application.get_status_display(),
                "target": dict(Status.choices).get(to_status, to_status),
            },
        )
    was_granted = application.status == Status.GRANTED
    reason = (reason or "").strip()
    if to_status == Status.GRANTED:
        _check_budget(offer, budget)
        left = places_left(offer)
        if left is not None and left <= 0:
            raise ValidationError(NO_PLACES_LEFT, code="no_places")
        _grant(application, actor, budget=budget if offer.has_budget else None, detail=reason)
    elif to_status == Status.REJECTED:
        if not reason:
            raise ValidationError(REASON_REQUIRED, code="reason_required")
        application.decision_reason = reason
        _set_status(application, Status.REJECTED, actor, detail=reason)
    else:
        _set_status(application, to_status, actor, detail=reason)
    if to_status != Status.IN_REVIEW:
        email_enqueue(
            kind=mails.application_decision,
            to=_addresses(application),
            language=application.language,
            application_id=application.pk,
        )
    if was_granted:
        _place_freed(offer, actor)
    return application


@transaction.atomic
def application_assign(*, application: Application, actor: User, assigned_to: User | None) -> Application:
    application = _lock(application)
    application.assigned_to = assigned_to
    application.save(update_fields=["assigned_to", "updated_at"])
    _event(application, actor, Action.ASSIGNED, detail=str(assigned_to or "–"))
    if assigned_to is not None and assigned_to != actor and assigned_to.email:
        email_enqueue(kind=mails.application_assigned, to=[assigned_to.email], language="nl", application_id=application.pk)
    return application


@transaction.atomic
def application_note_add(*, application: Application, author: User, body: str) -> ApplicationNote:
    body = (body or "").strip()
    if not body:
        raise ValidationError(NOTE_EMPTY, code="empty")
    application = _lock(application)
    note = ApplicationNote.objects.create(application=application, author=author, body=body)
    _event(application, author, Action.NOTE)
    return note


# ---------- accounts ----------


@transaction.atomic
def applications_erase_person(*, user: User) -> None:
    """On account deletion: drafts go; submitted applications stay with the municipality, without the name."""
    Application.objects.filter(applicant=user, status=Status.DRAFT).delete()
    for application in Application.objects.select_for_update().filter(applicant=user):
        application.contact_name = ""
        application.contact_function = ""
        application.contact_email = ""
        application.contact_phone = ""
        application.applicant = None
        application.save()
        _event(application, None, Action.ERASED)
