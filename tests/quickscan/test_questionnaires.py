import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from quickscan.models import Questionnaire, QuestionnaireTheme, Statement
from quickscan.services import questionnaire_new_version

from .factories import ScanFactory, questionnaire

pytestmark = pytest.mark.django_db


def test_the_portal_ships_both_questionnaires_with_their_groups():
    shipped = {q.slug: q for q in Questionnaire.objects.all()}

    assert shipped["lokaal-bestuur"].groups == ["raad", "college", "mt"]
    assert shipped["lokale-democratie"].groups == ["raad", "college", "ambtenaren", "inwoners"]
    assert shipped["lokaal-bestuur"].name == "Quick Scan Lokaal Bestuur"
    assert shipped["lokale-democratie"].priority_question


def test_questionnaire_themes_are_tagged_with_portal_themes():
    theme = QuestionnaireTheme.objects.get(questionnaire__slug="lokale-democratie", slug="participatie")

    assert set(theme.portal_themes.values_list("slug", flat=True)) == {"participatie", "vertrouwen"}
    assert theme.statements.count() == 6
    assert theme.statements.first().text_en


def test_a_new_version_copies_themes_statements_and_tags_and_takes_over():
    original = questionnaire()
    ScanFactory(questionnaire=original)

    copy = questionnaire_new_version(questionnaire=original)

    original.refresh_from_db()
    assert (copy.slug, copy.version, copy.is_active, original.is_active) == (original.slug, 2, True, False)
    assert copy.themes.count() == original.themes.count()
    assert (
        Statement.objects.filter(theme__questionnaire=copy).count()
        == Statement.objects.filter(theme__questionnaire=original).count()
    )
    assert copy.themes.get(slug="participatie").portal_themes.count() == 2
    assert original.is_frozen and not copy.is_frozen


def test_a_used_questionnaire_is_read_only_in_the_admin_except_its_availability(administrator):
    used, unused = questionnaire("lokale-democratie"), questionnaire("lokaal-bestuur")
    ScanFactory(questionnaire=used)
    request = RequestFactory().get("/")
    request.user = administrator
    admin = site._registry[Questionnaire]

    frozen = set(admin.get_readonly_fields(request, used))
    assert frozen >= {"slug", "version", "name", "name_en", "intro", "intro_en", "groups", "priority_question"}
    assert not frozen & {"is_active", "requires_grant"}
    assert admin.get_readonly_fields(request, unused) == ()
    assert admin.has_delete_permission(request, used) is False
    theme_admin = site._registry[QuestionnaireTheme]
    assert theme_admin.has_change_permission(request, used.themes.first()) is False


def test_the_admin_action_makes_a_new_version(client, administrator):
    client.force_login(administrator)
    original = questionnaire()

    response = client.post(
        "/admin/quickscan/questionnaire/", {"action": "make_new_version", "_selected_action": [original.pk]}
    )

    assert response.status_code == 302
    assert Questionnaire.objects.filter(slug=original.slug, version=2, is_active=True).exists()


def test_staff_add_a_questionnaire_with_its_groups_in_the_admin(client, administrator):
    client.force_login(administrator)
    data = {
        "slug": "raadsscan",
        "version": "1",
        "name": "Raadsscan",
        "groups": ["raad", "college"],
        "is_active": "on",
        "created_at_0": "2026-01-01",
        "created_at_1": "10:00:00",
        "themes-TOTAL_FORMS": "1",
        "themes-INITIAL_FORMS": "0",
        "themes-0-order": "0",
        "themes-0-slug": "debat",
        "themes-0-name": "Debat",
    }

    response = client.post("/admin/quickscan/questionnaire/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    created = Questionnaire.objects.get(slug="raadsscan")
    assert created.groups == ["raad", "college"]
    assert created.themes.get().name == "Debat"


def test_staff_mark_a_used_questionnaire_as_restricted_in_the_admin(client, administrator):
    used = questionnaire("lokale-democratie")
    ScanFactory(questionnaire=used)
    client.force_login(administrator)
    name = used.name

    response = client.post(
        f"/admin/quickscan/questionnaire/{used.pk}/change/",
        {
            "name": "Een andere naam",
            "is_active": "on",
            "requires_grant": "on",
            "themes-TOTAL_FORMS": "0",
            "themes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    used.refresh_from_db()
    assert used.requires_grant is True and used.name == name
