import pytest
from django.urls import reverse

from portal.models import Municipality


@pytest.mark.django_db
def test_the_342_municipalities_ship_with_the_portal():
    assert Municipality.objects.count() == 342


@pytest.mark.django_db
def test_home_page_presents_the_three_programmes(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert b"Democratie in Actie" in response.content
