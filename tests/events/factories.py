import datetime

import factory
from django.utils import timezone

from events.models import Event, Question, Registration, Session
from portal.models import Function


def in_days(days: float, hour: int | None = None) -> datetime.datetime:
    moment = timezone.now() + datetime.timedelta(days=days)
    if hour is not None:
        moment = timezone.localtime(moment).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment


class EventFactory(factory.django.DjangoModelFactory):
    """A published event in ten days, 10 places, open for everyone, national."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"bijeenkomst-{n}")
    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    summary = "Een bijeenkomst over lokale democratie."
    summary_en = "A meeting on local democracy."
    kind = Event.Kind.REGIONAL_MEETING
    status = Event.Status.PUBLISHED
    venue = "Stadhuis"
    address = "Markt 1, Zwolle"
    starts_at = factory.LazyFunction(lambda: in_days(10, hour=19))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = 10

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Deelsessie {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    capacity = 5


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    label = "Heeft u dieetwensen?"
    label_en = "Any dietary requirements?"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a visitor (no account), written directly: no services, no mail."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.nl")
    function = Function.RAADSLID
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Registration.Status.WAITLISTED else None
    )
