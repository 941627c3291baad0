import factory

from consultants.models import Consultant


class ConsultantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultant
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-consultant-{n}")
    name = factory.Sequence(lambda n: f"Test Consulent {n}")
    role = Consultant.Role.CONSULENT
    email = factory.Sequence(lambda n: f"consulent{n}@example.nl")
    phone = "+31 6 1234 5678"
    bio = "Een korte biografie."

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.regions.set(extracted)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)
