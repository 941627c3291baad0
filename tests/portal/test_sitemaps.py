"""sitemap.xml lists the public pages of every app, and nothing private."""

import pytest

from consultants.models import Consultant
from programmes.models import Programme
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("section", ["programmes", "themes", "workshops", "consultants", "events", "offers", "coalitions"])
def test_every_app_has_a_section_in_the_sitemap(client, section):
    index = client.get("/sitemap.xml").content.decode()

    assert f"sitemap-{section}.xml" in index


def test_a_section_lists_the_public_objects_only(client):
    published = Workshop.objects.published().first()
    Workshop.objects.filter(pk=published.pk).update(is_published=True)
    hidden = Workshop.objects.exclude(pk=published.pk).first()
    Workshop.objects.filter(pk=hidden.pk).update(is_published=False)

    body = client.get("/sitemap-workshops.xml").content.decode()

    assert published.get_absolute_url() in body
    assert hidden.get_absolute_url() not in body
    assert Programme.objects.published().first().get_absolute_url() in client.get("/sitemap-programmes.xml").content.decode()
    active = Consultant.objects.create(name="Anna de Vries", slug="anna-de-vries")
    gone = Consultant.objects.create(name="Oud Consulent", slug="oud-consulent", is_active=False)
    consultants = client.get("/sitemap-consultants.xml").content.decode()
    assert active.get_absolute_url() in consultants and gone.get_absolute_url() not in consultants
