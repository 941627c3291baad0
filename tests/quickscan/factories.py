"""Quick Scan test data: scans, invitations with known tokens, and completed responses made in bulk."""

import datetime
import itertools
import secrets

import factory
from django.utils import timezone

from portal.models import Municipality
from quickscan.models import (
    Answer,
    DataProcessingAgreement,
    Invitation,
    OpenAnswer,
    PriorityChoice,
    Questionnaire,
    Response,
    Scan,
    Statement,
    token_hash,
)


def questionnaire(slug: str = "lokale-democratie") -> Questionnaire:
    return Questionnaire.objects.filter(slug=slug).order_by("-version").first()


class ScanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scan

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="GM0363"))
    questionnaire = factory.LazyFunction(questionnaire)
    name = factory.Sequence(lambda n: f"Nulmeting {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    status = Scan.Status.OPEN


class ClosedScanFactory(ScanFactory):
    """A scan whose answering is over: the only kind that is scored."""

    status = Scan.Status.CLOSED
    closed_at = factory.LazyFunction(timezone.now)


def agreement(municipality, user) -> DataProcessingAgreement:
    return DataProcessingAgreement.objects.create(municipality=municipality, accepted_by=user)


_addresses = itertools.count()


def invite(
    scan: Scan, group: str = "raad", *, email: str | None = None, sent: bool = True
) -> tuple[Invitation, str]:
    """An invitation whose plain token the test knows (the portal itself never keeps it)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        scan=scan,
        group=group,
        email=email or f"respondent{next(_addresses)}@example.nl",
        token_hash=token_hash(token),
        sent_at=timezone.now() if sent else None,
    )
    return invitation, token


def add_responses(scan: Scan, group: str, count: int, *, value=4, priorities=(), open_text: str = "") -> None:
    """`count` completed responses of `group`, each answering every statement with `value` (int, None or callable)."""
    statements = list(
        Statement.objects.filter(theme__questionnaire=scan.questionnaire).select_related("theme")
    )
    responses = Response.objects.bulk_create(
        Response(scan=scan, group=group, is_complete=True) for _ in range(count)
    )
    answers = []
    for number, response in enumerate(responses):
        for statement in statements:
            answer = value(number, statement) if callable(value) else value
            answers.append(Answer(response=response, statement=statement, value=answer))
    Answer.objects.bulk_create(answers)
    PriorityChoice.objects.bulk_create(
        PriorityChoice(response=response, theme=theme) for response in responses for theme in priorities
    )
    if open_text:
        theme = next(s.theme for s in statements if s.theme.open_question)
        OpenAnswer.objects.bulk_create(
            OpenAnswer(response=response, theme=theme, text=f"{open_text} {n}")
            for n, response in enumerate(responses)
        )
