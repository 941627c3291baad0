import factory
from django.utils import timezone

from network.models import Coalition, CoalitionMembership, Member
from programmes.models import Theme


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition

    slug = factory.Sequence(lambda n: f"coalitie-{n}")
    name = factory.Sequence(lambda n: f"Coalitie {n}")
    name_en = factory.Sequence(lambda n: f"Coalition {n}")
    description = "Samen werken aan veilige digitale inspraak."
    theme = factory.LazyFunction(lambda: Theme.objects.get(slug="participatie"))


def municipality_member(municipality, **fields) -> Member:
    fields.setdefault("status", Member.Status.ACTIVE)
    fields.setdefault("joined_at", timezone.now())
    return Member.objects.create(kind=Member.Kind.MUNICIPALITY, municipality=municipality, **fields)


def partner(organisation="Stichting Open Raad", **fields) -> Member:
    fields.setdefault("status", Member.Status.ACTIVE)
    fields.setdefault("joined_at", timezone.now())
    fields.setdefault("contact_email", "info@openraad.example.nl")
    return Member.objects.create(kind=Member.Kind.PARTNER, organisation=organisation, **fields)


def in_coalition(member: Member, coalition: Coalition, **fields) -> CoalitionMembership:
    return CoalitionMembership.objects.create(member=member, coalition=coalition, **fields)
