import uuid

import pytest
from django.core.exceptions import ValidationError

from workshops import services
from workshops.models import Workshop, WorkshopRequest

pytestmark = pytest.mark.django_db


def _create(user, municipality, key):
    return services.request_create(
        user=user,
        municipality=municipality,
        workshops=[Workshop.objects.get(slug="debatteren")],
        training_need="Oefenen",
        participants=10,
        preferred_periods="Voorjaar",
        location="Raadzaal",
        submission_key=key,
    )


def test_only_the_griffier_of_the_municipality_may_request(other_griffier, municipality):
    with pytest.raises(ValidationError) as error:
        _create(other_griffier, municipality, uuid.uuid4())

    assert error.value.messages == [str(services.ERROR_NOT_GRIFFIER)]
    assert WorkshopRequest.objects.count() == 0


def test_the_same_key_returns_the_first_request(griffier, municipality):
    key = uuid.uuid4()
    first, first_created = _create(griffier, municipality, key)

    second, second_created = _create(griffier, municipality, key)

    assert (first_created, second_created) == (True, False)
    assert first == second
    assert WorkshopRequest.objects.count() == 1


def test_a_key_used_by_someone_else_is_refused(griffier, municipality):
    from tests.factories import GriffierFactory

    colleague = GriffierFactory(municipality=municipality, with_mfa=False)
    key = uuid.uuid4()
    _create(griffier, municipality, key)

    with pytest.raises(ValidationError) as error:
        _create(colleague, municipality, key)

    assert error.value.code == "key"
    assert WorkshopRequest.objects.count() == 1
