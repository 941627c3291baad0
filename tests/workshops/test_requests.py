"""The griffier's side of a request: compose, double submit, messages, accepting a proposal, the calendar."""

import datetime
import re
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.workshops.factories import ProposalFactory, SessionFactory, WorkshopRequestFactory, planned_session
from workshops.models import RequestEvent, RequestMessage, Workshop, WorkshopRequest

pytestmark = pytest.mark.django_db


def _form_data(municipality, **overrides) -> dict:
    data = {
        "municipality": municipality.pk,
        "workshops": [w.pk for w in Workshop.objects.filter(slug__in=["gemeentefinancien", "debatteren"])],
        "training_need": "De nieuwe raad wil de begroting beter kunnen lezen.",
        "participants": 24,
        "preferred_periods": "Dinsdagavonden in maart",
        "location": "Raadzaal",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_griffier_submits_a_request_and_staff_hear_of_it_by_mail(
    client, griffier, municipality, django_capture_on_commit_callbacks
):
    client.force_login(griffier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:request_create"), _form_data(municipality))

    created = WorkshopRequest.objects.get()
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    assert created.municipality == municipality
    assert created.status == WorkshopRequest.Status.RECEIVED
    assert set(created.workshops.values_list("slug", flat=True)) == {"gemeentefinancien", "debatteren"}
    assert list(created.events.values_list("from_status", "to_status")) == [("", "received")]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [settings.STAFF_NOTIFICATION_EMAIL]
    assert "Amsterdam" in mail.outbox[0].subject


def test_posting_the_same_form_twice_creates_one_request(
    client, griffier, municipality, django_capture_on_commit_callbacks
):
    client.force_login(griffier)
    data = _form_data(municipality)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("workshops:request_create"), data)
        second = client.post(reverse("workshops:request_create"), data)

    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert WorkshopRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def _rendered_key(response) -> str:
    return re.search(rb'name="submission_key" value="([0-9a-f-]+)"', response.content).group(1).decode()


def test_the_page_carries_a_fresh_submission_key_each_time(client, griffier):
    client.force_login(griffier)

    first = _rendered_key(client.get(reverse("workshops:request_create")))
    second = _rendered_key(client.get(reverse("workshops:request_create")))

    assert first != second


def test_the_key_as_rendered_on_the_page_is_accepted(client, griffier, municipality):
    client.force_login(griffier)
    key = _rendered_key(client.get(reverse("workshops:request_create")))

    response = client.post(reverse("workshops:request_create"), _form_data(municipality, submission_key=key))

    assert response.status_code == 302
    assert str(WorkshopRequest.objects.get().submission_key) == key


def test_bad_input_is_explained_and_nothing_typed_is_lost(client, griffier, municipality):
    client.force_login(griffier)
    data = _form_data(municipality, workshops=[], participants=0)

    response = client.post(reverse("workshops:request_create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert "workshops" in form.errors and "participants" in form.errors
    assert b"De nieuwe raad wil de begroting beter kunnen lezen." in response.content
    assert b"Dinsdagavonden in maart" in response.content
    assert WorkshopRequest.objects.count() == 0


def test_griffier_cannot_request_for_another_municipality(client, griffier, other_municipality):
    client.force_login(griffier)

    response = client.post(reverse("workshops:request_create"), _form_data(other_municipality))

    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert WorkshopRequest.objects.count() == 0


def test_workshop_page_link_preselects_the_workshop(client, griffier):
    client.force_login(griffier)
    workshop = Workshop.objects.get(slug="debatteren")

    response = client.get(reverse("workshops:request_create"), {"workshop": workshop.pk})

    assert response.context["form"]["workshops"].value() == [str(workshop.pk)]


def test_griffier_message_goes_to_staff_by_mail(client, griffier, django_capture_on_commit_callbacks):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(griffier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:request_message", args=[workshop_request.pk]),
            {"body": "Kan het ook in april?"},
        )

    assert response.status_code == 302
    message = RequestMessage.objects.get()
    assert message.author == griffier and not message.from_staff
    assert mail.outbox[-1].to == [settings.STAFF_NOTIFICATION_EMAIL]
    assert "Kan het ook in april?" in mail.outbox[-1].body


def test_an_empty_message_is_refused_with_an_explanation(client, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    client.force_login(griffier)

    response = client.post(reverse("workshops:request_message", args=[workshop_request.pk]), {"body": "  "})

    assert response.status_code == 400
    assert response.context["message_form"].errors["body"]
    assert RequestMessage.objects.count() == 0


def test_griffier_accepts_the_proposal_and_the_sessions_are_planned(
    client, griffier, consultant, django_capture_on_commit_callbacks
):
    workshop_request = WorkshopRequestFactory(
        requested_by=griffier, assigned_to=consultant, status=WorkshopRequest.Status.PROPOSAL_SENT
    )
    session = SessionFactory(proposal=ProposalFactory(request=workshop_request, created_by=consultant))
    client.force_login(griffier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:proposal_accept", args=[workshop_request.pk]))

    assert response.status_code == 302
    workshop_request.refresh_from_db()
    session.proposal.refresh_from_db()
    assert workshop_request.status == WorkshopRequest.Status.PLANNED
    assert session.proposal.accepted_by == griffier
    event = workshop_request.events.last()
    assert (event.actor, event.from_status, event.to_status) == (griffier, "proposal_sent", "planned")
    assert mail.outbox[-1].to == [consultant.email]


def test_accepting_twice_changes_nothing_the_second_time(client, griffier):
    workshop_request = WorkshopRequestFactory(
        requested_by=griffier, status=WorkshopRequest.Status.PROPOSAL_SENT
    )
    SessionFactory(proposal=ProposalFactory(request=workshop_request))
    client.force_login(griffier)
    client.post(reverse("workshops:proposal_accept", args=[workshop_request.pk]))

    response = client.post(reverse("workshops:proposal_accept", args=[workshop_request.pk]), follow=True)

    assert response.status_code == 200
    assert RequestEvent.objects.filter(request=workshop_request, to_status="planned").count() == 1
    assert (
        "no open proposal" in response.content.decode()
        or "geen openstaand voorstel" in response.content.decode()
    )


def test_planned_sessions_show_on_the_request_page_and_the_dashboard(client, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(
        workshop_request=workshop_request, starts_in=datetime.timedelta(days=10), place="Zaal Oost"
    )
    client.force_login(griffier)

    detail = client.get(workshop_request.get_absolute_url())
    dashboard = client.get(reverse("portal:dashboard"))

    assert detail.context["planned_sessions"] == [session]
    assert b'id="planned-sessions"' in detail.content
    assert b"Zaal Oost" in dashboard.content
    assert b'id="dashboard-sessions"' in dashboard.content


def test_an_unaccepted_proposal_is_not_in_the_overview(client, griffier):
    workshop_request = WorkshopRequestFactory(
        requested_by=griffier, status=WorkshopRequest.Status.PROPOSAL_SENT
    )
    SessionFactory(proposal=ProposalFactory(request=workshop_request), place="Zaal West")
    client.force_login(griffier)

    dashboard = client.get(reverse("portal:dashboard"))

    assert b"Zaal West" not in dashboard.content


def test_planned_sessions_download_as_an_ical_file(client, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(
        workshop_request=workshop_request, starts_in=datetime.timedelta(days=3), place="Raadzaal; boven"
    )
    client.force_login(griffier)

    response = client.get(reverse("workshops:request_ical", args=[workshop_request.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"UID:workshop-session-{session.pk}@" in body
    assert "LOCATION:Raadzaal\\; boven\r\n" in body
    start = session.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}\r\n" in body


def test_griffier_request_list_shows_only_their_municipality(client, griffier, other_griffier):
    own = WorkshopRequestFactory(requested_by=griffier)
    WorkshopRequestFactory(requested_by=other_griffier)
    client.force_login(griffier)

    response = client.get(reverse("workshops:request_list"))

    assert list(response.context["requests"]) == [own]


def test_sessions_in_the_past_leave_the_upcoming_overview(client, griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    planned_session(workshop_request=workshop_request, starts_in=-datetime.timedelta(days=3))
    client.force_login(griffier)

    response = client.get(reverse("workshops:request_list"))

    assert list(response.context["sessions"]) == []
