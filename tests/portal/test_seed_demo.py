import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from consultants.models import Consultant
from portal.mail import email_send_task
from portal.management.commands.seed_demo import DEMO_DOMAIN
from portal.models import Job, User
from quickscan.models import Action, Answer, Invitation, Response, Scan
from quickscan.reports import monitor_rows
from workshops.models import Evaluation, RequestEvent, Session, WorkshopRequest

pytestmark = pytest.mark.django_db

COUNTED = [
    User,
    Consultant,
    Scan,
    Invitation,
    Response,
    Answer,
    Action,
    WorkshopRequest,
    Session,
    Evaluation,
    Job,
]


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seeding_twice_changes_nothing_the_second_time(settings):
    settings.DEBUG = True
    _seed()
    first = _counts()

    output = _seed()

    assert _counts() == first
    assert first["Scan"] == 8 and first["WorkshopRequest"] == 3 and first["Evaluation"] == 5
    assert first["Response"] > 100 and first["Action"] == 3
    assert "already present" in output


def test_the_demo_griffier_sees_the_benchmark_in_the_report_of_the_closed_scan(settings, client):
    settings.DEBUG = True
    _seed()
    griffier = User.objects.get(email=f"griffier@{DEMO_DOMAIN}")
    scan = Scan.objects.get(municipality__code="GM0193", status=Scan.Status.CLOSED)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_report", kwargs={"pk": scan.pk}))

    assert response.status_code == 200
    assert response.context["benchmark_available"] is True
    assert 'id="benchmark-unavailable"' not in response.content.decode()
    assert {group: count for group, _label, count in response.context["groups"]} == {
        "raad": 12,
        "college": 5,
        "mt": 7,
    }
    assert response.context["gaps"] and len(response.context["actions"]) == 3


def test_the_demo_tells_one_story_across_the_apps(settings):
    settings.DEBUG = True
    _seed()

    consultant = User.objects.get(email=f"consulent@{DEMO_DOMAIN}")
    profile = Consultant.objects.get(user=consultant)
    open_scan = Scan.objects.get(municipality__code="GM0193", status=Scan.Status.OPEN)
    requests = WorkshopRequest.objects.filter(municipality__code="GM0193")
    assert sorted(profile.regions.values_list("slug", flat=True)) == ["overijssel", "utrecht"]
    assert profile.themes.count() == 2
    assert sorted(requests.values_list("status", flat=True)) == ["evaluated", "planned", "proposal_sent"]
    assert requests.get(status="proposal_sent").assigned_to == consultant
    assert RequestEvent.objects.filter(request__in=requests).count() == 12
    monitor = {row["group"]: (row["invited"], row["completed"]) for row in monitor_rows(open_scan)}
    assert monitor == {"raad": (8, 4), "college": (3, 1), "mt": (4, 2)}
    assert not Job.objects.filter(task=email_send_task.name).exists()


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        _seed()

    assert not User.objects.filter(email__endswith=DEMO_DOMAIN).exists()
