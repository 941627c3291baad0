"""Public programme pages: home, programme, theme, in Dutch and English; unpublished stays hidden."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from programmes.models import Programme, Theme


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_home_shows_the_three_programmes_and_eight_themes(client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert len(response.context["programmes"]) == 3
    assert len(response.context["themes"]) == 8
    content = _text(response)
    for programme in Programme.objects.all():
        assert programme.get_absolute_url() in content
        assert escape(programme.name) in content
    for theme in Theme.objects.all():
        assert theme.get_absolute_url() in content


@pytest.mark.django_db
def test_the_programme_page_shows_aim_activities_partners_and_contact(client):
    programme = Programme.objects.get(slug="democratie-in-actie")

    response = client.get(programme.get_absolute_url())

    assert response.status_code == 200
    content = _text(response)
    assert f'<h1 class="utrecht-heading-1">{escape(programme.name)}</h1>' in content
    for text in (programme.aim, programme.partners, programme.contact):
        assert escape(text.splitlines()[0]) in content
    activities = list(programme.activities.all())
    assert activities
    for activity in activities:
        assert escape(activity.name) in content


@pytest.mark.django_db
def test_the_home_page_in_english_shows_the_english_names(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("portal:home"))

    content = _text(response)
    assert 'lang="en"' in content
    assert "Local Government Action Programme" in content
    assert "Democracy in Action" in content
    assert "Governance culture" in content
    assert "Actieprogramma Lokaal Bestuur</a>" not in content


@pytest.mark.django_db
def test_switching_the_language_by_post_shows_the_english_programme_page(client):
    programme = Programme.objects.get(slug="lokale-democratie-in-beweging")

    client.post(reverse("set_language"), {"language": "en", "next": programme.get_absolute_url()})
    response = client.get(programme.get_absolute_url())

    assert response.status_code == 200
    assert f'<h1 class="utrecht-heading-1">{programme.name_en}</h1>' in _text(response)
    assert escape(programme.aim_en.splitlines()[0]) in _text(response)


@pytest.mark.django_db
def test_the_theme_page_lists_its_activities_and_programmes(client):
    theme = Theme.objects.get(slug="participatie")

    response = client.get(theme.get_absolute_url())

    assert response.status_code == 200
    activities = list(response.context["activities"])
    assert {a.pk for a in activities} == set(theme.activities.values_list("pk", flat=True))
    content = _text(response)
    for activity in activities:
        assert escape(activity.name) in content
    for programme in theme.programmes.all():
        assert programme.get_absolute_url() in content


@pytest.mark.django_db
def test_an_unpublished_programme_answers_404(client):
    programme = Programme.objects.get(slug="democratie-in-actie")
    programme.is_published = False
    programme.save(update_fields=["is_published"])

    response = client.get(programme.get_absolute_url())

    assert response.status_code == 404


@pytest.mark.django_db
def test_an_unpublished_programme_leaves_home_list_and_theme_pages(client):
    programme = Programme.objects.get(slug="democratie-in-actie")
    programme.is_published = False
    programme.save(update_fields=["is_published"])
    theme = programme.themes.first()

    pages = [reverse("portal:home"), reverse("programmes:programme_list"), theme.get_absolute_url()]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert programme.get_absolute_url() not in _text(response), url


@pytest.mark.django_db
def test_an_unknown_theme_answers_404(client):
    response = client.get(reverse("programmes:theme_detail", kwargs={"slug": "bestaat-niet"}))

    assert response.status_code == 404
