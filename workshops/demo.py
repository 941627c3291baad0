"""Demo content for workshops: three requests of the demo griffier of Zwolle at different stages.

Called by `manage.py seed_demo`. Every request goes through the real services (so statuses, events,
proposals and evaluations are exactly what the portal itself would produce); afterwards the timestamps are
moved back so the history reads like weeks of work. Idempotent: each request has a fixed submission key.
"""

import datetime
import uuid
from typing import TextIO

from django.utils import timezone

from consultants.models import Consultant
from portal.mail import email_send_task
from portal.models import Job, User

from . import services
from .models import Evaluation, Proposal, RequestEvent, RequestMessage, Workshop, WorkshopRequest

Status = WorkshopRequest.Status
DEMO_NAMESPACE = uuid.UUID("6f1f7a52-3c1e-4d0b-9a51-2f4f0a6b7d10")
MAIL_TASK = email_send_task.name
PLACE = "Stadhuis Zwolle, raadzaal"


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, name)


def _ago(days: int, hour: int = 10) -> datetime.datetime:
    """A moment `days` before today (negative: in the future), at `hour` local time."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _evening(days_from_today: int, weekday: int) -> datetime.datetime:
    """19:30 on the first `weekday` (0 = Monday) on or after today + `days_from_today`."""
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30)))


def _session(
    workshop: Workshop, starts_at: datetime.datetime, trainer: Consultant | None, place: str
) -> dict:
    return {
        "workshop": workshop,
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(minutes=workshop.duration_minutes),
        "place": place,
        "trainer": trainer,
        "trainer_name": "" if trainer else "Trainer van het Inwerkprogramma",
    }


def _date_history(workshop_request: WorkshopRequest, moments: list[datetime.datetime]) -> None:
    """Give the request and its events (in order) the moments of a plausible history."""
    WorkshopRequest.objects.filter(pk=workshop_request.pk).update(
        created_at=moments[0], updated_at=moments[-1]
    )
    for event, moment in zip(workshop_request.events.order_by("pk"), moments, strict=False):
        RequestEvent.objects.filter(pk=event.pk).update(created_at=moment)


def _submit(griffier: User, key: str, slugs: list[str], **fields) -> WorkshopRequest:
    workshop_request, _created = services.request_create(
        user=griffier,
        municipality=griffier.municipality,
        workshops=list(Workshop.objects.filter(slug__in=slugs)),
        submission_key=_key(key),
        **fields,
    )
    return workshop_request


def _proposal_sent(griffier: User, consultant: User, profile: Consultant | None) -> None:
    """Assigned to the demo consultant, who talked it through and proposed an evening a month ahead."""
    workshop_request = _submit(
        griffier,
        "proposal-sent",
        ["debatteren"],
        training_need=(
            "Na de verkiezingen zitten er veel nieuwe raadsleden in de raad. Zij willen oefenen met debatteren "
            "in de raadzaal: interrumperen, een motie verdedigen en kort en krachtig spreken."
        ),
        participants=18,
        preferred_periods="December of januari, op een dinsdag- of donderdagavond.",
        location=PLACE,
    )
    services.request_assign(workshop_request=workshop_request, actor=consultant, assigned_to=consultant)
    services.request_status_change(
        workshop_request=workshop_request, actor=consultant, to_status=Status.IN_CONSULTATION
    )
    first = services.request_message_post(
        workshop_request=workshop_request,
        author=consultant,
        from_staff=True,
        body="Dank voor uw aanvraag. Ik bel u deze week om de wensen door te nemen. Schikt donderdagochtend?",
    )
    reply = services.request_message_post(
        workshop_request=workshop_request,
        author=griffier,
        from_staff=False,
        body="Donderdagochtend is prima. Ik stuur vooraf de lijst met deelnemers en hun fracties mee.",
    )
    proposal = services.proposal_send(
        workshop_request=workshop_request,
        actor=consultant,
        sessions=[_session(Workshop.objects.get(slug="debatteren"), _evening(30, 1), profile, PLACE)],
        note="Een avond debattraining in de raadzaal, met oefeningen op basis van een actueel agendapunt.",
    )
    RequestMessage.objects.filter(pk=first.pk).update(created_at=_ago(12))
    RequestMessage.objects.filter(pk=reply.pk).update(created_at=_ago(11, 16))
    Proposal.objects.filter(pk=proposal.pk).update(created_at=_ago(5))
    _date_history(workshop_request, [_ago(14, 9), _ago(13), _ago(5)])


def _planned(griffier: User, manager: User, trainer: Consultant | None) -> None:
    """Proposed by the programme office and accepted by the griffier: an evening two months ahead."""
    workshop_request = _submit(
        griffier,
        "planned",
        ["kaders-stellen-en-controleren"],
        training_need=(
            "De raad wil meer grip op de uitvoering in het sociaal domein. We zoeken een workshop over kaders "
            "stellen vooraf en controleren achteraf, met voorbeelden uit onze eigen begroting."
        ),
        participants=24,
        preferred_periods="Januari of begin februari, bij voorkeur op een maandagavond.",
        location="Stadhuis Zwolle, commissiekamer",
    )
    proposal = services.proposal_send(
        workshop_request=workshop_request,
        actor=manager,
        sessions=[
            _session(
                Workshop.objects.get(slug="kaders-stellen-en-controleren"),
                _evening(60, 0),
                trainer,
                "Stadhuis Zwolle, commissiekamer",
            )
        ],
        note="Wij stellen een avond voor met een trainer die zelf jaren raadslid is geweest.",
    )
    services.proposal_accept(workshop_request=workshop_request, user=griffier)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=_ago(25), accepted_at=_ago(20, 14))
    _date_history(workshop_request, [_ago(40, 11), _ago(25), _ago(20, 14)])


EVALUATIONS = [
    (5, "Heel praktisch. De casussen uit onze eigen gemeente maakten het gesprek levendig."),
    (4, "Goede opbouw, alleen was de tijd voor de oefeningen aan het eind wat krap."),
    (4, "Fijn dat het presidium erbij was. Graag een vervolg over nevenfuncties en lobby."),
    (3, "Nuttig als opfrisser; voor ervaren raadsleden was het niet veel nieuws."),
    (5, "De dilemma's zetten ons echt aan het denken. Goed dat we nu een gedeelde taal hebben."),
]


def _evaluated(griffier: User, manager: User, trainer: Consultant | None) -> None:
    """Held six weeks ago, evaluated by five participants (enough to show an average) and closed."""
    workshop_request = _submit(
        griffier,
        "evaluated",
        ["integriteit"],
        training_need=(
            "Alle raads- en commissieleden krijgen in hun eerste jaar een sessie over integriteit: "
            "nevenfuncties, belangenverstrengeling en omgaan met vertrouwelijke informatie."
        ),
        participants=30,
        preferred_periods="September of oktober.",
        location=PLACE,
    )
    services.request_status_change(
        workshop_request=workshop_request, actor=manager, to_status=Status.IN_CONSULTATION
    )
    starts_at = _evening(-45, 3)
    proposal = services.proposal_send(
        workshop_request=workshop_request,
        actor=manager,
        sessions=[_session(Workshop.objects.get(slug="integriteit"), starts_at, trainer, PLACE)],
        note="Een interactieve avond met dilemma's; de burgemeester opent.",
    )
    services.proposal_accept(workshop_request=workshop_request, user=griffier)
    services.request_status_change(workshop_request=workshop_request, actor=manager, to_status=Status.HELD)
    session = proposal.sessions.get()
    for number, (rating, comments) in enumerate(EVALUATIONS):
        services.evaluation_submit(
            session=session, rating=rating, comments=comments, submission_key=_key(f"evaluation-{number}")
        )
    services.request_status_change(
        workshop_request=workshop_request,
        actor=manager,
        to_status=Status.EVALUATED,
        note="Vijf evaluaties ontvangen.",
    )
    held = starts_at + datetime.timedelta(days=1)
    Proposal.objects.filter(pk=proposal.pk).update(created_at=_ago(105), accepted_at=_ago(100, 15))
    Evaluation.objects.filter(session=session).update(created_at=held)
    _date_history(workshop_request, [_ago(120, 9), _ago(115), _ago(105), _ago(100, 15), held, _ago(30)])


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    griffier, consultant, manager = accounts["griffier"], accounts["consulent"], accounts["programmamanager"]
    keys = [_key(name) for name in ("proposal-sent", "planned", "evaluated")]
    if WorkshopRequest.objects.filter(submission_key__in=keys).exists():
        stdout.write("Workshops: demo requests already present.")
        return
    last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    profile = Consultant.objects.filter(user=consultant).first()
    trainer = (
        Consultant.objects.active()
        .for_region(griffier.municipality.region_id)
        .exclude(user=consultant)
        .first()
    )
    _proposal_sent(griffier, consultant, profile)
    _planned(griffier, manager, trainer)
    _evaluated(griffier, manager, trainer)
    # The services announce each step by mail. For made-up history that would only flood the demo's
    # console with mail to demo addresses, so those mails are dropped before they are dispatched.
    Job.objects.filter(pk__gt=last_job, task=MAIL_TASK).delete()
    stdout.write(f"Workshops: 3 requests for {griffier.municipality} (proposal sent, planned, evaluated).")
