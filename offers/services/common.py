"""What the offers' writes share: error messages, the row locks that count places, eligibility, and
granting or freeing a place. `applying` and `review` build on it.

Places are counted under a row lock on the offer: every write that can take or free a place locks the
offer first, then the application, so two staff granting the last place, or sixty municipalities
applying for the last five first-come places, are served one after the other.
"""


from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from consultants.selectors import consultants_for_municipality
from portal.mail import email_enqueue
from portal.models import Municipality, User
from portal.pagecache import content_changed
from portal.permissions import griffier_municipality_ids

from .. import mails
from ..models import (
    MIN_PROFESSIONAL_GROUPS,
    Application,
    ApplicationEvent,
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
    content_changed()  # an offer's public page shows the places left


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
