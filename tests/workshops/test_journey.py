"""The whole request journey through the pages, as the browser tests will walk it."""

import re
import uuid

import pytest
from django.urls import reverse

from workshops.models import Workshop, WorkshopRequest

pytestmark = pytest.mark.django_db


def test_griffier_requests_staff_propose_griffier_accepts_and_the_session_is_planned(
    client, griffier, consultant, municipality, django_capture_on_commit_callbacks
):
    debatteren = Workshop.objects.get(slug="debatteren")
    client.force_login(griffier)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            reverse("workshops:request_create"),
            {
                "municipality": municipality.pk,
                "workshops": [debatteren.pk],
                "training_need": "Debatteren oefenen",
                "participants": 12,
                "preferred_periods": "Maart",
                "location": "Raadzaal",
                "submission_key": str(uuid.uuid4()),
            },
        )
    workshop_request = WorkshopRequest.objects.get()
    assert created.url == f"/workshops/aanvragen/{workshop_request.pk}/"

    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        proposed = client.post(
            reverse("workshops:staff_proposal_create", args=[workshop_request.pk]),
            {
                "note": "",
                "sessions-TOTAL_FORMS": "3",
                "sessions-INITIAL_FORMS": "0",
                "sessions-MIN_NUM_FORMS": "0",
                "sessions-MAX_NUM_FORMS": "10",
                "sessions-0-workshop": debatteren.pk,
                "sessions-0-date": "2030-03-05",
                "sessions-0-start_time": "19:00",
                "sessions-0-end_time": "22:00",
                "sessions-0-place": "Raadzaal Amsterdam",
                "sessions-0-trainer_name": "Mr. Debat",
            },
        )
    assert proposed.status_code == 302

    client.force_login(griffier)
    page = client.get(workshop_request.get_absolute_url())
    assert b'id="accept-proposal"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:proposal_accept", args=[workshop_request.pk]))
    dashboard = client.get(reverse("portal:dashboard"))
    calendar = client.get(reverse("workshops:request_ical", args=[workshop_request.pk]))

    workshop_request.refresh_from_db()
    assert workshop_request.status == WorkshopRequest.Status.PLANNED
    assert b"Raadzaal Amsterdam" in dashboard.content
    assert len(re.findall(r"BEGIN:VEVENT", calendar.content.decode())) == 1
