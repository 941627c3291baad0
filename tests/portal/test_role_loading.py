"""A user's staff groups, griffier municipalities and TOTP authenticator are read in one query per request."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from portal.models import StaffRole
from portal.permissions import griffier_municipality_ids, is_griffier, is_staff_member, needs_second_factor
from tests.factories import GriffierFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as the next request loads it: nothing remembered on the object."""
    return get_user_model().objects.get(pk=user.pk)


def test_a_griffiers_roles_and_second_factor_take_one_query(municipality, django_assert_num_queries):
    user = _fresh(GriffierFactory(municipality=municipality))

    with django_assert_num_queries(1):
        assert needs_second_factor(user) is False
        assert is_staff_member(user) is False
        assert is_griffier(user) is True
        assert griffier_municipality_ids(user) == {municipality.pk}


def test_a_staff_member_with_two_roles_and_no_authenticator_is_read_in_one_query(django_assert_num_queries):
    user = StaffFactory(role=StaffRole.CONSULTANT, with_mfa=False)
    user.groups.add(Group.objects.get_or_create(name=str(StaffRole.EDITOR))[0])
    user = _fresh(user)

    with django_assert_num_queries(1):
        assert needs_second_factor(user) is True
        assert user._portal_staff_groups == {str(StaffRole.CONSULTANT), str(StaffRole.EDITOR)}
        assert is_griffier(user) is False


def test_a_member_without_roles_is_read_in_one_query(django_assert_num_queries):
    user = _fresh(UserFactory())

    with django_assert_num_queries(1):
        assert needs_second_factor(user) is False
        assert is_griffier(user) is False
