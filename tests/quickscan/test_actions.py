import pytest
from django.urls import reverse
from django.utils import timezone

from quickscan.models import Action

from .factories import ScanFactory

pytestmark = pytest.mark.django_db


def _data(scan, **extra):
    theme = scan.questionnaire.themes.first()
    return {
        "theme": theme.pk,
        "action": "Jaarlijks een avond met inwoners",
        "owner": "Griffie",
        "due_on": timezone.localdate().isoformat(),
        "status": "planned",
    } | extra


def test_the_griffier_adds_an_action_to_the_verbeteragenda(client, griffier):
    scan = ScanFactory()
    client.force_login(griffier)

    response = client.post(reverse("quickscan:action_list", kwargs={"pk": scan.pk}), _data(scan))

    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.scan, action.owner, action.status) == (scan, "Griffie", "planned")


def test_the_griffier_updates_the_status_of_an_action(client, griffier):
    scan = ScanFactory()
    action = Action.objects.create(
        scan=scan, theme=scan.questionnaire.themes.first(), action="A", owner="B", due_on=timezone.localdate()
    )
    client.force_login(griffier)

    response = client.post(
        reverse("quickscan:action_edit", kwargs={"pk": scan.pk, "action_pk": action.pk}),
        _data(scan, status="done"),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"


def test_a_theme_of_another_questionnaire_is_refused(client, griffier):
    scan = ScanFactory()
    from quickscan.models import QuestionnaireTheme

    other_theme = QuestionnaireTheme.objects.exclude(questionnaire=scan.questionnaire).first()
    client.force_login(griffier)

    response = client.post(
        reverse("quickscan:action_list", kwargs={"pk": scan.pk}), _data(scan, theme=other_theme.pk)
    )

    assert response.status_code == 200
    assert "theme" in response.context["form"].errors
    assert not Action.objects.exists()


def test_staff_see_the_verbeteragenda_but_cannot_change_it(client, programme_manager):
    scan = ScanFactory()
    Action.objects.create(
        scan=scan,
        theme=scan.questionnaire.themes.first(),
        action="Raadsvoorstellen korter",
        owner="College",
        due_on=timezone.localdate(),
    )
    client.force_login(programme_manager)

    page = client.get(reverse("quickscan:action_list", kwargs={"pk": scan.pk}))
    post = client.post(reverse("quickscan:action_list", kwargs={"pk": scan.pk}), _data(scan))

    assert page.status_code == 200
    assert b"Raadsvoorstellen korter" in page.content and b'id="action-form"' not in page.content
    assert post.status_code == 403
    assert Action.objects.count() == 1
