import io
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from consultants.models import Consultant
from events.models import Event
from network.models import Member
from offers.models import Application, Offer
from portal.mail import email_send_task
from portal.management.commands.seed_demo import DEMO_DOMAIN
from portal.models import Function, Job, User
from programmes.models import Theme
from publications.models import Experience, Publication
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


def test_the_events_demo_holds_what_issue_10_asks(settings):
    """Issue 10: a Dag van de Lokale Democratie for 700 with 6 break-out sessions in 2 rounds, maaltijdgesprekken
    in several regions, a restricted meeting, a webinar, past events."""
    settings.DEBUG = True
    _seed()
    now = timezone.now()
    upcoming = Event.objects.published().upcoming(now)

    dag = upcoming.get(title__startswith="Dag van de Lokale Democratie")
    assert dag.capacity == 700 and dag.kind == Event.Kind.CONFERENCE
    rounds = {}
    for session in dag.sessions.all():
        assert dag.starts_at <= session.starts_at < session.ends_at <= dag.ends_at
        rounds.setdefault((session.starts_at, session.ends_at), []).append(session)
    assert sorted(len(sessions) for sessions in rounds.values()) == [3, 3]
    first, second = sorted(rounds)
    assert first[1] <= second[0]

    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    meals = list(upcoming.filter(kind=Event.Kind.MEAL_CONVERSATION))
    assert len({meal.region_id for meal in meals if meal.region_id}) >= 2
    for meal in meals:
        assert meal.includes_meal
        hours = (meal.starts_at.astimezone(amsterdam).hour, meal.ends_at.astimezone(amsterdam).hour)
        assert hours == (17, 20)

    restricted = [event for event in upcoming if event.is_restricted]
    assert [set(event.target_functions) for event in restricted] == [
        {Function.BURGEMEESTER, Function.WETHOUDER, Function.GEMEENTESECRETARIS}
    ]
    webinar = upcoming.get(kind=Event.Kind.WEBINAR)
    assert webinar.is_online and webinar.online_url

    past = Event.objects.published().past(now)
    assert past.count() >= 2
    for event in past:
        assert event.registrations.filter(checked_in_at__isnull=False).exists()


def test_the_library_demo_holds_what_issue_11_asks(settings):
    """Issue 11: at least 40 self-written publications and 15 news items across the themes; experiences of
    municipalities published as publications linked to their municipality, and one waiting for the editors."""
    settings.DEBUG = True
    _seed()
    published = Publication.objects.published()

    publications = published.library().exclude(type=Publication.Type.EXPERIENCE)
    news = published.news()
    assert publications.count() >= 40
    assert news.count() >= 15
    for theme in Theme.objects.filter(kind=Theme.Kind.KNOWLEDGE):
        assert publications.filter(themes=theme).exists(), theme.slug
    assert published.filter(themes__kind=Theme.Kind.CROSS).exists()

    experiences = published.experiences()
    assert experiences.exists()
    assert not experiences.filter(municipality__isnull=True).exists()
    assert Experience.objects.filter(publication__in=experiences).count() == experiences.count()
    assert Experience.objects.filter(status=Experience.Status.SUBMITTED).exists()


def test_the_offers_demo_holds_applications_in_every_state(settings):
    """Issue 12: the five offers with realistic numbers of applications in every state. Four offers take
    applications; the network offer is taken up by joining the network, so its demo is network members."""
    settings.DEBUG = True
    _seed()
    Status = Application.Status
    offers = {offer.slug: offer for offer in Offer.objects.all()}
    assert len(offers) == 5

    applying = [offer for offer in offers.values() if not offer.take_up_url]
    assert len(applying) == 4
    for offer in applying:
        applications = Application.objects.filter(offer=offer)
        assert applications.exclude(status=Status.DRAFT).count() >= 5, offer.slug
        granted = applications.filter(status=Status.GRANTED)
        if offer.places is not None:
            assert granted.count() <= offer.places, offer.slug
        if offer.has_budget:
            assert not granted.filter(budget_granted__isnull=True).exists(), offer.slug
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Application.objects.filter(status=Status.REJECTED, decision_reason="").exists()

    quick_scan = offers["quick-scan-lokale-democratie"]
    assert quick_scan.mode == Offer.Mode.FIRST_COME
    assert set(quick_scan.applications.values_list("status", flat=True)) <= {Status.GRANTED, Status.WITHDRAWN}
    trajectory = offers["ontwikkeltraject"]
    assert trajectory.applications.filter(status=Status.GRANTED).count() == trajectory.places
    assert trajectory.applications.filter(status=Status.RESERVE).exists()

    network = offers["netwerk-lokale-digitale-democratie"]
    assert network.take_up_url == reverse("network:join")
    members = Member.objects.all()
    assert members.filter(kind=Member.Kind.MUNICIPALITY, status=Member.Status.ACTIVE).count() >= 5
    assert members.filter(kind=Member.Kind.PARTNER, status=Member.Status.PENDING).exists()
