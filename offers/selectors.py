"""Reads across relations for offers and applications."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import Application, ApplicationEvent, Attachment, Offer, OfferQuestion


def offer_catalogue() -> QuerySet[Offer]:
    # Meta.ordering does not apply to a query with GROUP BY (the counts): order explicitly.
    return Offer.objects.published().with_counts().select_related("programme").order_by("order", "title")


def staff_queue(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Everything a row of the staff queue (or its export) shows, in a fixed number of queries."""
    return queryset.select_related("offer", "municipality__region", "assigned_to").order_by("-submitted_at", "-pk")


@dataclass(frozen=True)
class Answer:
    question: OfferQuestion
    value: str
    attachment: Attachment | None = None


def application_answers(application: Application) -> list[Answer]:
    attachments = {attachment.question_id: attachment for attachment in application.attachments.all()}
    answers = []
    for question in application.offer.questions.all():
        if question.kind == OfferQuestion.Kind.FILE:
            answers.append(Answer(question, "", attachments.get(question.pk)))
        else:
            value = str(application.answers.get(str(question.pk), ""))
            if question.kind == OfferQuestion.Kind.CHOICE:
                value = dict(question.choice_options()).get(value, value)
            answers.append(Answer(question, value))
    return answers


def application_context(application: Application, *, staff: bool = False) -> dict:
    """What the applicant's page and the staff page show of one application."""
    offer = Offer.objects.prefetch_related("conditions", "questions").get(pk=application.offer_id)
    application.offer = offer
    attachments = list(application.attachments.select_related("question"))
    confirmed = set(application.confirmed_conditions)
    events = application.events.select_related("actor")
    if not staff:
        events = events.exclude(to_status="")
    context = {
        "offer": offer,
        "answers": application_answers(application),
        "attachments": attachments,
        "main_attachment": next((a for a in attachments if a.question_id is None), None),
        "conditions": [(condition, condition.pk in confirmed) for condition in offer.conditions.all()],
        "events": list(events),
    }
    if staff:
        context["notes"] = list(application.notes.select_related("author"))
        context["reserve_position"] = (
            Application.objects.reserve_list().filter(offer=offer, reserve_since__lte=application.reserve_since).count()
            if application.status == Application.Status.RESERVE and application.reserve_since
            else None
        )
    return context


def status_events_for_municipality(municipality_id: int) -> QuerySet[ApplicationEvent]:
    """Submissions and decisions of a municipality's applications: its dossier's share of this app."""
    return (
        ApplicationEvent.objects.filter(application__municipality_id=municipality_id)
        .exclude(to_status="")
        .exclude(to_status=Application.Status.DRAFT)
        .select_related("application__offer", "application__adviser")
        .order_by("-created_at")
    )


def applications_of_griffier(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("offer", "municipality").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.only("pk", "application_id", "question_id", "filename"))
    )
