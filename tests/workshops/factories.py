import datetime
import uuid

import factory
from django.utils import timezone

from tests.factories import GriffierFactory
from workshops.models import Evaluation, Proposal, Session, Workshop, WorkshopRequest
from workshops.tokens import evaluation_path, evaluation_token_issue


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-workshop-{n}")
    title = factory.Sequence(lambda n: f"Testworkshop {n}")
    title_en = factory.Sequence(lambda n: f"Test workshop {n}")
    summary = "Een korte samenvatting."
    description = "Een langere beschrijving."
    target_roles = factory.LazyFunction(lambda: ["raadslid"])
    duration_minutes = 120
    min_participants = 5
    max_participants = 25
    delivery = Workshop.Delivery.ON_SITE

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class WorkshopRequestFactory(factory.django.DjangoModelFactory):
    """A request from Amsterdam's griffier unless `municipality` / `requested_by` are given."""

    class Meta:
        model = WorkshopRequest
        skip_postgeneration_save = True

    requested_by = factory.SubFactory(GriffierFactory, with_mfa=False)
    municipality = factory.LazyAttribute(lambda o: o.requested_by.municipality)
    training_need = "Nieuwe raadsleden willen de begroting leren lezen."
    participants = 20
    preferred_periods = "Dinsdagavonden in maart"
    location = "Raadzaal"
    submission_key = factory.LazyFunction(uuid.uuid4)

    @factory.post_generation
    def workshops(obj, create, extracted, **kwargs):
        if create:
            obj.workshops.set(extracted or [Workshop.objects.order_by("order").first()])


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    request = factory.SubFactory(WorkshopRequestFactory)
    created_by = factory.LazyAttribute(lambda o: o.request.requested_by)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    proposal = factory.SubFactory(ProposalFactory)
    workshop = factory.LazyFunction(lambda: Workshop.objects.order_by("order").first())
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    place = "Raadzaal, Stadhuis"
    trainer_name = "Mr. T. Trainer"


def planned_session(*, workshop_request: WorkshopRequest, starts_in: datetime.timedelta, **kwargs) -> Session:
    """A session of an accepted proposal of `workshop_request`, with the request set to PLANNED."""
    proposal = ProposalFactory(
        request=workshop_request, created_by=workshop_request.requested_by, accepted_at=timezone.now()
    )
    workshop_request.status = WorkshopRequest.Status.PLANNED
    workshop_request.save(update_fields=["status"])
    return SessionFactory(proposal=proposal, starts_at=timezone.now() + starts_in, **kwargs)


def evaluation_link(session: Session) -> str:
    """A working evaluation link for `session`, made as the held-mail makes it (only the hash is stored)."""
    return evaluation_path(evaluation_token_issue(session))


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    session = factory.SubFactory(SessionFactory)
    rating = 4
    comments = ""
