import pytest

from portal.models import Region, StaffRole
from tests.factories import StaffFactory


@pytest.fixture
def other_consultant(db, other_municipality, municipality):
    """A consultant of a region that is neither Amsterdam's nor Rotterdam's."""
    user = StaffFactory(role=StaffRole.CONSULTANT)
    user.regions.add(
        Region.objects.exclude(pk__in=[other_municipality.region_id, municipality.region_id]).first()
    )
    return user
