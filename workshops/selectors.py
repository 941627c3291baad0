"""Reads across relations for workshops, requests, sessions and evaluations."""

from django.db.models import Avg, Count, Prefetch, QuerySet

from .models import Evaluation, Session, Workshop, WorkshopRequest


def workshop_catalogue() -> QuerySet[Workshop]:
    return Workshop.objects.published().prefetch_related("themes")


def request_queue(queryset: QuerySet[WorkshopRequest]) -> QuerySet[WorkshopRequest]:
    """Everything a row of the staff queue (or its CSV) shows, in a fixed number of queries."""
    return queryset.select_related("municipality__region", "requested_by", "assigned_to").prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.only("pk", "slug", "title", "title_en"))
    )


def request_detail_context(request: WorkshopRequest) -> dict:
    proposals = list(
        request.proposals.select_related("created_by", "accepted_by").prefetch_related(
            Prefetch("sessions", queryset=Session.objects.select_related("workshop", "trainer"))
        )
    )
    latest = proposals[0] if proposals else None
    return {
        "workshops": list(request.workshops.all()),
        "events": list(request.events.select_related("actor")),
        "request_messages": list(request.messages.select_related("author")),
        "proposals": proposals,
        "latest_proposal": latest,
        "can_accept": bool(
            latest and latest.accepted_at is None and request.status == WorkshopRequest.Status.PROPOSAL_SENT
        ),
        "planned_sessions": list(
            Session.objects.planned().filter(proposal__request=request).select_related("workshop", "trainer")
        ),
    }


def planned_sessions_for_municipalities(municipality_ids) -> QuerySet[Session]:
    return (
        Session.objects.planned()
        .filter(proposal__request__municipality_id__in=municipality_ids)
        .select_related("workshop", "trainer", "proposal__request__municipality")
    )


def open_request_counts_by_municipality(municipality_ids: list[int]) -> dict[int, int]:
    """For the regional overview: open workshop requests per municipality, in one query."""
    rows = (
        WorkshopRequest.objects.open()
        .filter(municipality_id__in=municipality_ids)
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["municipality_id"]: row["n"] for row in rows}


def evaluation_results(sessions: QuerySet[Session]) -> dict:
    """Average rating and count per workshop and per trainer, for the sessions staff may see."""
    evaluations = Evaluation.objects.filter(session__in=sessions)
    by_workshop = (
        evaluations.values(
            "session__workshop__slug", "session__workshop__title", "session__workshop__title_en"
        )
        .annotate(average=Avg("rating"), count=Count("pk"), sessions=Count("session", distinct=True))
        .order_by("session__workshop__title")
    )
    by_trainer = (
        evaluations.values("session__trainer__name", "session__trainer_name")
        .annotate(average=Avg("rating"), count=Count("pk"), sessions=Count("session", distinct=True))
        .order_by("session__trainer__name", "session__trainer_name")
    )
    comments = (
        evaluations.exclude(comments="").select_related("session__workshop").order_by("-created_at")[:50]
    )
    return {"by_workshop": list(by_workshop), "by_trainer": list(by_trainer), "comments": list(comments)}
