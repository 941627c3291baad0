"""Reads across relations for workshops, requests, sessions and evaluations."""

from django.db.models import Avg, Count, Prefetch, QuerySet
from django.utils import translation

from .models import Evaluation, Session, Workshop, WorkshopRequest

# Below this many evaluations an average is not shown: it would describe (almost) one person's answer.
MIN_GROUP_SIZE = 5


def workshop_catalogue() -> QuerySet[Workshop]:
    return Workshop.objects.published().prefetch_related("themes")


def request_queue(queryset: QuerySet[WorkshopRequest]) -> QuerySet[WorkshopRequest]:
    """Everything a row of the staff queue (or its CSV) shows, in a fixed number of queries."""
    return queryset.select_related("municipality__region", "requested_by", "assigned_to").prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.only("pk", "slug", "title", "title_en"))
    )


# Which step of "what happens next" a request is at, for the griffier's page (none once it is over).
NEXT_STEP = {
    WorkshopRequest.Status.RECEIVED: 1,
    WorkshopRequest.Status.IN_CONSULTATION: 1,
    WorkshopRequest.Status.PROPOSAL_SENT: 2,
    WorkshopRequest.Status.PLANNED: 3,
    WorkshopRequest.Status.HELD: 4,
}


def request_detail_context(workshop_request: WorkshopRequest) -> dict:
    proposals = list(
        workshop_request.proposals.select_related("created_by", "accepted_by").prefetch_related(
            Prefetch("sessions", queryset=Session.objects.select_related("workshop", "trainer"))
        )
    )
    latest = proposals[0] if proposals else None
    return {
        "next_step": NEXT_STEP.get(workshop_request.status),
        "workshops": list(workshop_request.workshops.all()),
        "events": list(workshop_request.events.select_related("actor")),
        "request_messages": list(workshop_request.messages.select_related("author")),
        "proposals": proposals,
        "latest_proposal": latest,
        "can_accept": bool(
            latest
            and latest.accepted_at is None
            and workshop_request.status == WorkshopRequest.Status.PROPOSAL_SENT
        ),
        "planned_sessions": list(
            Session.objects.planned()
            .filter(proposal__request=workshop_request)
            .select_related("workshop", "trainer")
            .annotate(evaluation_count=Count("evaluations"))
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


def _average(row: dict) -> float | None:
    # An average of fewer than MIN_GROUP_SIZE evaluations would describe too few people: shown as "too few".
    return row["average"] if row["count"] >= MIN_GROUP_SIZE else None


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
    english = (translation.get_language() or "").startswith("en")
    return {
        "by_workshop": [
            {
                "slug": row["session__workshop__slug"],
                "title": (english and row["session__workshop__title_en"]) or row["session__workshop__title"],
                "average": _average(row),
                "count": row["count"],
                "sessions": row["sessions"],
            }
            for row in by_workshop
        ],
        "by_trainer": [
            {
                "name": row["session__trainer__name"] or row["session__trainer_name"] or "–",
                "average": _average(row),
                "count": row["count"],
                "sessions": row["sessions"],
            }
            for row in by_trainer
        ],
        "comments": list(comments),
        "min_group_size": MIN_GROUP_SIZE,
    }
