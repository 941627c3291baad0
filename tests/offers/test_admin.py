"""The Django admin follows the review pages' scope: a consultant sees only their regions' applications."""

import pytest
from django.urls import reverse

from offers.models import Application

from .factories import OfferFactory, submitted

pytestmark = pytest.mark.django_db


def test_a_consultant_sees_only_the_applications_of_their_regions_in_the_admin(client, consultant, municipality, other_municipality):
    offer = OfferFactory()
    mine = submitted(offer, municipality)
    theirs = submitted(offer, other_municipality)
    client.force_login(consultant)

    listing = client.get(reverse("admin:offers_application_changelist"))
    other = client.get(reverse("admin:offers_application_change", args=[theirs.pk]))

    assert listing.status_code == 200
    assert list(listing.context["cl"].queryset) == [mine]
    assert other.status_code == 404


def test_drafts_stay_out_of_the_admin(client, administrator, griffier):
    from .factories import draft

    draft(OfferFactory(), griffier)
    client.force_login(administrator)

    listing = client.get(reverse("admin:offers_application_changelist"))

    assert list(listing.context["cl"].queryset) == []
    assert Application.objects.count() == 1
