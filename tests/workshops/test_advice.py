"""The Quick Scan report's workshop advice: workshops linked to the weak theme first, portal themes only
when no workshop is linked; the links ship for the two questionnaires and staff edit them in the admin."""

import pytest

from portal.models import Municipality
from programmes.models import Theme
from quickscan.models import QuestionnaireTheme
from tests.workshops.factories import WorkshopFactory
from workshops.models import Workshop
from workshops.providers import workshop_advice

pytestmark = pytest.mark.django_db


def _advice(slug: str, portal_theme_ids=(), limit: int = 3) -> list[str]:
    items = workshop_advice(
        municipality=Municipality.objects.get(code="GM0363"),
        scan_theme_slug=slug,
        portal_theme_ids=list(portal_theme_ids),
        limit=limit,
    )
    return [item.title for item in items]


def _portal_theme_ids(slug: str) -> list[int]:
    theme = QuestionnaireTheme.objects.filter(slug=slug).first()
    return list(theme.portal_themes.values_list("pk", flat=True))


def test_workshops_linked_to_the_theme_come_first_and_portal_theme_matches_are_left_out():
    theme = Theme.objects.get(slug="participatie")
    Workshop.objects.update(advice_scan_themes=[])
    linked = WorkshopFactory(title="Gekoppeld", advice_scan_themes=["invloed"], order=99)
    WorkshopFactory(title="Zelfde portaalthema", themes=[theme], order=0)

    titles = _advice("invloed", portal_theme_ids=[theme.pk])

    assert titles == [linked.title]


def test_without_linked_workshops_the_portal_theme_matches_are_advised():
    theme = Theme.objects.get(slug="participatie")
    Workshop.objects.update(advice_scan_themes=[])
    match = WorkshopFactory(title="Zelfde portaalthema", themes=[theme], order=0)
    Workshop.objects.exclude(pk=match.pk).update(is_published=False)

    assert _advice("invloed", portal_theme_ids=[theme.pk]) == [match.title]


def test_an_unpublished_linked_workshop_is_not_advised():
    Workshop.objects.update(advice_scan_themes=[])
    WorkshopFactory(title="Verborgen", advice_scan_themes=["invloed"], is_published=False)
    shown = WorkshopFactory(title="Zichtbaar", advice_scan_themes=["invloed"])

    assert _advice("invloed") == [shown.title]


def test_a_slug_that_contains_another_slug_does_not_match_it():
    Workshop.objects.update(advice_scan_themes=[])
    WorkshopFactory(title="Controle", advice_scan_themes=["kaderstelling-en-controle"])

    assert _advice("controle") == []


def test_invloed_and_participatie_get_different_fitting_workshops():
    participatie = _advice("participatie", _portal_theme_ids("participatie"))
    invloed = _advice("invloed", _portal_theme_ids("invloed"))

    assert participatie == ["Burgers betrekken", "Omgaan met media en sociale media", "Omgevingswet en ruimtelijke ordening"]
    assert invloed == ["De gereedschapskist van het raadslid: rollen en instrumenten", "Kaders stellen en controleren"]
    assert not set(participatie) & set(invloed)


def test_every_measured_theme_of_both_questionnaires_has_linked_workshops():
    slugs = set(QuestionnaireTheme.objects.exclude(slug="verbeterprioriteiten").values_list("slug", flat=True))

    unlinked = [slug for slug in sorted(slugs) if not _advice(slug)]
    linked_everywhere = {slug: _advice(slug, limit=20) for slug in slugs}

    assert unlinked == []
    # No workshop is advice for everything: the links say something.
    everywhere = set.intersection(*(set(titles) for titles in linked_everywhere.values()))
    assert everywhere == set()


def test_staff_tick_the_scan_themes_of_a_workshop_in_the_admin(admin_client, settings):
    settings.PORTAL_REQUIRE_SECOND_FACTOR = False
    workshop = Workshop.objects.get(slug="debatteren")
    url = f"/admin/workshops/workshop/{workshop.pk}/change/"

    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "themes"
    }
    data.update(
        {
            "themes": [theme.pk for theme in workshop.themes.all()],
            "target_roles": '["raadslid"]',
            "advice_scan_themes": ["invloed", "vergaderpraktijk-en-debat"],
        }
    )
    response = admin_client.post(url, data)

    assert 'name="advice_scan_themes"' in page.content.decode()
    assert 'type="checkbox"' in page.content.decode()
    assert response.status_code == 302, response.context["adminform"].form.errors
    workshop.refresh_from_db()
    assert workshop.advice_scan_themes == ["invloed", "vergaderpraktijk-en-debat"]
