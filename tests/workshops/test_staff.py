"""The staff side: queue, filters, CSV, assignment, status flow, messages and proposals."""

import csv
import datetime
import hashlib
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultants.models import Consultant
from portal.models import Job, Municipality
from tests.utils import assert_same_query_count
from tests.workshops.factories import WorkshopRequestFactory, planned_session
from workshops import services
from workshops.models import Proposal, RequestMessage, Session, Workshop, WorkshopRequest

pytestmark = pytest.mark.django_db
Status = WorkshopRequest.Status


@pytest.fixture
def amsterdam_request(griffier):
    return WorkshopRequestFactory(requested_by=griffier)


@pytest.fixture
def rotterdam_request(other_griffier):
    return WorkshopRequestFactory(requested_by=other_griffier)


def test_queue_filters_on_status_region_workshop_and_assignee(
    client, programme_manager, consultant, amsterdam_request, rotterdam_request
):
    debatteren = Workshop.objects.get(slug="debatteren")
    amsterdam_request.workshops.add(debatteren)
    amsterdam_request.assigned_to = consultant
    amsterdam_request.save()
    client.force_login(programme_manager)

    response = client.get(
        reverse("workshops:staff_request_queue"),
        {
            "status": "received",
            "region": "noord-holland",
            "workshop": "debatteren",
            "assigned_to": consultant.pk,
        },
    )

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [amsterdam_request]


def test_queue_of_a_consultant_holds_only_their_regions(
    client, consultant, amsterdam_request, rotterdam_request
):
    client.force_login(consultant)

    response = client.get(reverse("workshops:staff_request_queue"))

    assert list(response.context["page_obj"]) == [amsterdam_request]


def test_csv_export_holds_the_filtered_queue(client, programme_manager, amsterdam_request, rotterdam_request):
    client.force_login(programme_manager)

    response = client.get(reverse("workshops:staff_request_export"), {"region": "zuid-holland"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # header + Rotterdam
    assert rows[1][0] == str(rotterdam_request.pk)
    assert rows[1][2] == "Rotterdam"


def test_staff_assign_a_request_and_the_assignee_is_told(
    client, programme_manager, consultant, amsterdam_request, django_capture_on_commit_callbacks
):
    client.force_login(programme_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:staff_request_assign", args=[amsterdam_request.pk]),
            {"assigned_to": consultant.pk},
        )

    assert response.status_code == 302
    amsterdam_request.refresh_from_db()
    assert amsterdam_request.assigned_to == consultant
    assert mail.outbox[-1].to == [consultant.email]


def test_assigning_to_someone_who_is_not_staff_is_refused(
    client, programme_manager, member, amsterdam_request
):
    client.force_login(programme_manager)

    client.post(
        reverse("workshops:staff_request_assign", args=[amsterdam_request.pk]), {"assigned_to": member.pk}
    )

    amsterdam_request.refresh_from_db()
    assert amsterdam_request.assigned_to is None


def test_each_status_change_is_recorded_with_who_when_and_note(client, consultant, amsterdam_request):
    client.force_login(consultant)

    response = client.post(
        reverse("workshops:staff_request_status", args=[amsterdam_request.pk]),
        {"status": "in_consultation", "note": "Eerst bellen"},
    )

    assert response.status_code == 302
    amsterdam_request.refresh_from_db()
    assert amsterdam_request.status == Status.IN_CONSULTATION
    event = amsterdam_request.events.last()
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        consultant,
        "received",
        "in_consultation",
        "Eerst bellen",
    )


def test_a_status_outside_the_flow_is_refused(client, consultant, amsterdam_request):
    client.force_login(consultant)

    client.post(reverse("workshops:staff_request_status", args=[amsterdam_request.pk]), {"status": "held"})

    amsterdam_request.refresh_from_db()
    assert amsterdam_request.status == Status.RECEIVED
    assert amsterdam_request.events.count() == 0


def test_status_service_refuses_a_jump_with_a_readable_message(consultant, amsterdam_request):
    with pytest.raises(services.ValidationError) as error:
        services.request_status_change(
            workshop_request=amsterdam_request, actor=consultant, to_status=Status.EVALUATED
        )

    assert error.value.code == "transition"


def test_the_whole_flow_from_received_to_evaluated(consultant, griffier, amsterdam_request):
    for to_status in (Status.IN_CONSULTATION,):
        services.request_status_change(workshop_request=amsterdam_request, actor=consultant, to_status=to_status)
    tz = timezone.get_current_timezone()
    start = datetime.datetime(2030, 3, 5, 19, 0, tzinfo=tz)
    services.proposal_send(
        workshop_request=amsterdam_request,
        actor=consultant,
        sessions=[
            {
                "workshop": Workshop.objects.first(),
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=3),
                "place": "Raadzaal",
                "trainer": None,
                "trainer_name": "A. Trainer",
            }
        ],
    )
    services.proposal_accept(workshop_request=amsterdam_request, user=griffier)
    services.request_status_change(workshop_request=amsterdam_request, actor=consultant, to_status=Status.HELD)
    services.request_status_change(workshop_request=amsterdam_request, actor=consultant, to_status=Status.EVALUATED)

    amsterdam_request.refresh_from_db()
    assert list(amsterdam_request.events.values_list("to_status", flat=True)) == [
        "in_consultation",
        "proposal_sent",
        "planned",
        "held",
        "evaluated",
    ]
    assert not amsterdam_request.is_open


def test_holding_the_sessions_mails_the_griffier_the_evaluation_links(
    consultant, griffier, amsterdam_request, django_capture_on_commit_callbacks
):
    session = planned_session(workshop_request=amsterdam_request, starts_in=-datetime.timedelta(hours=4))

    with django_capture_on_commit_callbacks(execute=True):
        services.request_status_change(workshop_request=amsterdam_request, actor=consultant, to_status=Status.HELD)

    assert mail.outbox[-1].to == [griffier.email]
    link = re.search(r"http://127\.0\.0\.1:8000(/workshops/evaluatie/[^/\s]+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    session.refresh_from_db()
    token = link.group(1).split("/")[-2]
    assert session.evaluation_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert Client().get(link.group(1)).status_code == 200


def test_the_evaluation_link_is_made_in_the_mail_and_stored_nowhere_as_plain_text(
    consultant, amsterdam_request, django_capture_on_commit_callbacks
):
    session = planned_session(workshop_request=amsterdam_request, starts_in=-datetime.timedelta(hours=4))

    with django_capture_on_commit_callbacks(execute=True):
        services.request_status_change(workshop_request=amsterdam_request, actor=consultant, to_status=Status.HELD)

    token = re.search(r"/workshops/evaluatie/([^/\s]+)/", mail.outbox[-1].body).group(1)
    session.refresh_from_db()
    assert token not in repr(list(Session.objects.values()))
    assert not any(token in repr(job) for job in Job.objects.values())
    assert session.evaluation_token_hash and token != session.evaluation_token_hash


def test_staff_message_goes_to_the_griffier_by_mail(
    client, consultant, griffier, amsterdam_request, django_capture_on_commit_callbacks
):
    client.force_login(consultant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:staff_request_message", args=[amsterdam_request.pk]), {"body": "Past 5 maart?"}
        )

    assert response.status_code == 302
    assert RequestMessage.objects.get().from_staff
    assert mail.outbox[-1].to == [griffier.email]


def _proposal_post(**session_overrides) -> dict:
    session = {
        "workshop": Workshop.objects.get(slug="debatteren").pk,
        "date": "2030-03-05",
        "start_time": "19:00",
        "end_time": "22:00",
        "place": "Raadzaal",
        "trainer": Consultant.objects.get(slug="jorien-dijkhuis").pk,
        "trainer_name": "",
    }
    session.update(session_overrides)
    data = {
        "note": "Graag hoor ik of dit past.",
        "sessions-TOTAL_FORMS": "3",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "10",
    }
    data.update({f"sessions-0-{key}": value for key, value in session.items()})
    return data


def test_staff_send_a_proposal_and_the_griffier_is_asked_to_accept(
    client, consultant, griffier, amsterdam_request, django_capture_on_commit_callbacks
):
    client.force_login(consultant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:staff_proposal_create", args=[amsterdam_request.pk]), _proposal_post()
        )

    assert response.status_code == 302
    amsterdam_request.refresh_from_db()
    assert amsterdam_request.status == Status.PROPOSAL_SENT
    session = Session.objects.get()
    assert session.trainer.slug == "jorien-dijkhuis"
    assert timezone.localtime(session.starts_at).hour == 19
    assert mail.outbox[-1].to == [griffier.email]
    assert "Raadzaal" in mail.outbox[-1].body


def test_a_proposal_without_trainer_or_with_times_reversed_is_explained(
    client, consultant, amsterdam_request
):
    client.force_login(consultant)

    response = client.post(
        reverse("workshops:staff_proposal_create", args=[amsterdam_request.pk]),
        _proposal_post(trainer="", end_time="18:00"),
    )

    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors
    assert "end_time" in errors and "trainer_name" in errors
    assert b"Graag hoor ik of dit past." in response.content
    assert Proposal.objects.count() == 0


def test_a_proposal_without_sessions_is_refused(client, consultant, amsterdam_request):
    client.force_login(consultant)
    data = {key: value for key, value in _proposal_post().items() if not key.startswith("sessions-0-")}

    response = client.post(reverse("workshops:staff_proposal_create", args=[amsterdam_request.pk]), data)

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert Proposal.objects.count() == 0


def test_staff_request_page_shows_history_messages_and_forms(client, consultant, amsterdam_request):
    client.force_login(consultant)

    response = client.get(reverse("workshops:staff_request_detail", args=[amsterdam_request.pk]))

    assert response.status_code == 200
    for element_id in (
        b'id="assign-form"',
        b'id="status-form"',
        b'id="new-proposal"',
        b'id="request-history"',
    ):
        assert element_id in response.content


def test_queue_query_count_does_not_grow_with_rows(client, programme_manager, griffier, consultant):
    client.force_login(programme_manager)
    workshops = list(Workshop.objects.all()[:3])
    municipalities = list(Municipality.objects.filter(pk=griffier.municipality_id))

    def make_rows(n):
        for _ in range(n):
            WorkshopRequestFactory(
                requested_by=griffier,
                municipality=municipalities[0],
                assigned_to=consultant,
                workshops=workshops,
            )

    assert_same_query_count(
        make_rows=make_rows, request=lambda: client.get(reverse("workshops:staff_request_queue"))
    )


def test_csv_export_query_count_does_not_grow_with_rows(client, programme_manager, griffier):
    client.force_login(programme_manager)

    def make_rows(n):
        for _ in range(n):
            WorkshopRequestFactory(requested_by=griffier)

    assert_same_query_count(
        make_rows=make_rows, request=lambda: client.get(reverse("workshops:staff_request_export"))
    )
