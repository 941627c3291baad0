"""Every URL of the offers app against every kind of visitor.

Public pages for everyone; drafts only for the account that writes them; a submitted application for its
municipality's griffier and the applicant (404 for anyone else, also another griffier); attachments for
whoever may read the application, staff included; the review pages for consultants (their regions: other
applications answer 404) and managers, decisions for managers only (403 for the region's consultant).
"""

import pytest
from django.urls import reverse

from offers import services
from offers.models import Application
from tests.matrix import assert_access

from .factories import OfferFactory, draft

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, MISSING = "ok", 302, 403, 404
VISITORS = [
    "anonymous", "member", "griffier", "other_griffier", "consultant", "other_consultant",
    "editor", "programme_manager", "administrator",
]


def _expect(**outcomes):
    return {visitor: outcomes.get(visitor, outcomes.get("default")) for visitor in VISITORS}


PUBLIC = _expect(default=OK)
MEMBERS = _expect(default=OK, anonymous=LOGIN)
OWN_DRAFT = _expect(default=MISSING, anonymous=LOGIN, griffier=OK)
OWN_APPLICATION = _expect(default=MISSING, anonymous=LOGIN, griffier=OK)
ATTACHMENT = _expect(
    default=MISSING, anonymous=LOGIN, griffier=OK, consultant=OK, programme_manager=OK, administrator=OK
)
STAFF = _expect(
    default=FORBIDDEN, anonymous=LOGIN, consultant=OK, other_consultant=OK, programme_manager=OK, administrator=OK
)
STAFF_OBJECT = _expect(
    default=FORBIDDEN, anonymous=LOGIN, consultant=OK, other_consultant=MISSING, programme_manager=OK, administrator=OK
)
DECISION = _expect(
    default=FORBIDDEN, anonymous=LOGIN, consultant=FORBIDDEN, other_consultant=MISSING,
    programme_manager=OK, administrator=OK,
)

# (url name, method, which object, expectations, status when allowed: a POST without data that passes the
# access check is refused as a bad form, 400, or done and redirected, 302)
URLS = [
    ("offer_list", "get", None, PUBLIC, 200),
    ("offer_detail", "get", "offer", PUBLIC, 200),
    ("application_start", "get", "offer", MEMBERS, 200),
    ("application_list", "get", None, MEMBERS, 200),
    ("application_step", "get", "draft", OWN_DRAFT, 200),
    ("application_step", "post", "draft", OWN_DRAFT, 400),
    ("application_submit", "post", "draft", OWN_DRAFT, 302),
    ("application_discard", "post", "draft", OWN_DRAFT, 302),
    ("attachment_remove", "post", "draft_attachment", OWN_DRAFT, 302),
    ("application_detail", "get", "application", OWN_APPLICATION, 200),
    ("application_withdraw", "post", "application", OWN_APPLICATION, 302),
    ("attachment_download", "get", "attachment", ATTACHMENT, 200),
    ("staff_queue", "get", None, STAFF, 200),
    ("staff_export", "get", None, STAFF, 200),
    ("staff_application_detail", "get", "application", STAFF_OBJECT, 200),
    ("staff_application_note", "post", "application", STAFF_OBJECT, 400),
    ("staff_application_assign", "post", "application", DECISION, 302),
    ("staff_application_decide", "post", "application", DECISION, 400),
]


@pytest.fixture
def objects(griffier):
    """Amsterdam's draft and submitted application, both by Amsterdam's griffier, each with a statement."""
    offer = OfferFactory(attachment_required=True, attachment_label="Intentieverklaring")
    application = draft(offer, griffier)
    services.application_submit(application=application, user=griffier)
    application.refresh_from_db()
    own_draft = draft(OfferFactory(attachment_required=True), griffier)
    return {
        "offer": offer,
        "draft": own_draft,
        "application": application,
        "attachment": application.attachments.get(),
        "draft_attachment": own_draft.attachments.get(),
    }


def _url(name: str, target: str | None, objects: dict) -> str:
    if target is None:
        return reverse(f"offers:{name}")
    if target == "offer":
        return reverse(f"offers:{name}", kwargs={"slug": objects["offer"].slug})
    if target in ("attachment", "draft_attachment"):
        attachment = objects[target]
        return reverse(f"offers:{name}", kwargs={"pk": attachment.application_id, "attachment_pk": attachment.pk})
    kwargs = {"pk": objects[target].pk}
    if name == "application_step":
        kwargs["step"] = "gegevens"
    return reverse(f"offers:{name}", kwargs=kwargs)


def _cases():
    for name, method, target, expectations, allowed in URLS:
        for visitor, outcome in expectations.items():
            expected = allowed if outcome == OK else outcome
            yield pytest.param(visitor, name, method, target, expected, id=f"{name}-{method}-{visitor}")


@pytest.mark.parametrize(("visitor", "name", "method", "target", "expected"), list(_cases()))
def test_permission_matrix(request, client, objects, visitor, name, method, target, expected):
    assert_access(client, request, visitor, method, _url(name, target, objects), expected)


def test_another_griffier_of_the_same_municipality_does_not_see_a_colleagues_draft(client, objects, municipality):
    from tests.factories import GriffierFactory

    client.force_login(GriffierFactory(municipality=municipality))

    response = client.get(reverse("offers:application_step", kwargs={"pk": objects["draft"].pk, "step": "plan"}))

    assert response.status_code == 404


def test_a_colleague_griffier_sees_the_submitted_application_of_the_municipality(client, objects, municipality):
    from tests.factories import GriffierFactory

    client.force_login(GriffierFactory(municipality=municipality))

    response = client.get(reverse("offers:application_detail", kwargs={"pk": objects["application"].pk}))

    assert response.status_code == 200
    assert response.context["may_withdraw"] is True


def test_a_consultant_lists_only_the_applications_of_their_regions(client, consultant, objects, other_municipality):
    from .factories import submitted

    submitted(objects["offer"], other_municipality)
    client.force_login(consultant)

    response = client.get(reverse("offers:staff_queue"))

    assert list(response.context["page_obj"]) == [objects["application"]]


def test_an_unknown_step_is_not_found(client, griffier, objects):
    client.force_login(griffier)

    response = client.get(reverse("offers:application_step", kwargs={"pk": objects["draft"].pk, "step": "onbekend"}))

    assert response.status_code == 404


def test_a_submitted_application_opened_as_a_step_goes_to_its_page(client, griffier, objects):
    client.force_login(griffier)

    response = client.get(reverse("offers:application_step", kwargs={"pk": objects["application"].pk, "step": "plan"}))

    assert response.url == reverse("offers:application_detail", kwargs={"pk": objects["application"].pk})
    assert Application.objects.get(pk=objects["application"].pk).status == Application.Status.RECEIVED
