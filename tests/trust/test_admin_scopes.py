"""Issue 7.2: the Django admin shows each staff role what the portal shows it, and no more.

For every admin of a model that holds one municipality's data: its changelist and the change page of an
object of municipality A (Amsterdam), for each kind of user. A consultant of A's region sees it; a
consultant of another region gets 404 on the change page and does not find it in the list; roles without
the model's permission get 403; the Job table is for administrators only.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import GriffierRole, Job, Municipality, StaffRole
from quickscan.models import Action, DataProcessingAgreement
from tests.factories import GriffierFactory, StaffFactory
from tests.quickscan.factories import ScanFactory
from tests.workshops.factories import WorkshopRequestFactory, planned_session
from workshops.models import Evaluation

pytestmark = pytest.mark.django_db

USERS = ["griffier", "editor", "consultant_here", "consultant_elsewhere", "programme_manager", "administrator"]


@pytest.fixture
def objects(municipality):
    griffier = GriffierFactory(municipality=municipality)
    scan = ScanFactory(municipality=municipality)
    theme = scan.questionnaire.themes.first()
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(workshop_request=workshop_request, starts_in=-datetime.timedelta(hours=3))
    return {
        "scan": scan,
        "dataprocessingagreement": DataProcessingAgreement.objects.create(municipality=municipality, accepted_by=griffier),
        "action": Action.objects.create(scan=scan, theme=theme, action="Avond in de wijk", owner="Griffie", due_on=timezone.localdate()),
        "workshoprequest": workshop_request,
        "proposal": session.proposal,
        "evaluation": Evaluation.objects.create(session=session, rating=4),
        "griffierrole": GriffierRole.objects.filter(user=griffier).get(),
        "job": Job.objects.create(task="portal.jobs.jobs_sweep_task"),
    }


def _user(name: str, municipality: Municipality):
    if name == "griffier":
        return GriffierFactory(municipality=municipality)
    if name.startswith("consultant"):
        user = StaffFactory(role=StaffRole.CONSULTANT)
        region = municipality.region if name == "consultant_here" else Municipality.objects.exclude(region=municipality.region).first().region
        user.regions.add(region)
        return user
    return StaffFactory(role={"editor": StaffRole.EDITOR, "programme_manager": StaffRole.PROGRAMME_MANAGER, "administrator": StaffRole.ADMINISTRATOR}[name])


SCOPED = {"scan", "dataprocessingagreement", "action", "workshoprequest", "proposal", "evaluation"}
APP = {
    "scan": "quickscan", "dataprocessingagreement": "quickscan", "action": "quickscan",
    "workshoprequest": "workshops", "proposal": "workshops", "evaluation": "workshops",
    "griffierrole": "portal", "job": "portal",
}


def _expected(model: str, user: str) -> tuple[int, int]:
    """(changelist status, change page status) for an object of municipality A."""
    if user == "griffier":
        return 302, 302  # not staff: the admin sends them to sign in as staff
    if user == "administrator":
        return 200, 200
    if model == "job":
        return 403, 403
    if model == "griffierrole":
        return (200, 200) if user == "programme_manager" else (403, 403)
    if user == "editor":
        return 403, 403
    if user == "consultant_elsewhere":
        return 200, 404
    return 200, 200


@pytest.mark.parametrize("user_name", USERS)
@pytest.mark.parametrize("model", list(APP))
def test_admin_matrix(client, municipality, objects, model, user_name):
    client.force_login(_user(user_name, municipality))
    obj = objects[model]
    changelist = client.get(reverse(f"admin:{APP[model]}_{model}_changelist"))
    change = client.get(reverse(f"admin:{APP[model]}_{model}_change", args=[obj.pk]))

    assert (changelist.status_code, change.status_code) == _expected(model, user_name)
    if model in SCOPED and changelist.status_code == 200:
        listed = obj.pk in {row.pk for row in changelist.context["cl"].result_list}
        assert listed == (user_name != "consultant_elsewhere")


def test_a_consultant_cannot_change_a_scan_of_their_region_in_the_admin(client, municipality, objects):
    client.force_login(_user("consultant_here", municipality))

    response = client.post(reverse("admin:quickscan_scan_change", args=[objects["scan"].pk]), {"name": "Anders"})

    assert response.status_code == 403
    objects["scan"].refresh_from_db()
    assert objects["scan"].name != "Anders"
