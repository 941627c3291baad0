"""Applying, places, reserve lists and decisions, through the services."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultants.models import Consultant
from offers import services
from offers.models import MAX_ATTACHMENT_BYTES, Application, ApplicationEvent, Offer
from tests.factories import GriffierFactory, UserFactory

from .factories import (
    PDF,
    PNG,
    OfferFactory,
    draft,
    municipalities,
    pdf_upload,
    quick_scan_offer,
    submitted,
    with_conditions,
    with_question,
)

pytestmark = pytest.mark.django_db
Status = Application.Status


def _fill_places(offer: Offer, *, exclude=("GM0363", "GM0599")) -> None:
    for municipality in municipalities(offer.places, exclude=exclude):
        submitted(offer, municipality, Status.GRANTED)


def _subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


# ---------- eligibility ----------


def test_the_confirmed_griffier_may_apply_for_their_municipality(griffier, municipality):
    assert services.eligibility_problems(offer=OfferFactory(), user=griffier, municipality=municipality) == []


def test_a_member_who_is_not_griffier_is_told_why_they_cannot_apply(member):
    problems = services.eligibility_problems(offer=OfferFactory(), user=member)

    assert problems == [str(services.NOT_GRIFFIER)]


def test_a_griffier_cannot_apply_for_another_municipality(griffier, other_municipality):
    problems = services.eligibility_problems(offer=OfferFactory(), user=griffier, municipality=other_municipality)

    assert problems == [str(services.NOT_GRIFFIER)]


def test_a_closed_offer_takes_no_applications(griffier, municipality):
    offer = OfferFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))

    assert services.eligibility_problems(offer=offer, user=griffier, municipality=municipality) == [
        str(services.OFFER_CLOSED)
    ]


def test_an_offer_not_yet_open_takes_no_applications(griffier, municipality):
    offer = OfferFactory(opens_on=timezone.localdate() + datetime.timedelta(days=1))

    assert str(services.OFFER_CLOSED) in services.eligibility_problems(offer=offer, user=griffier, municipality=municipality)


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.IN_REVIEW, Status.GRANTED, Status.RESERVE])
def test_a_municipality_has_one_running_application_per_offer(griffier, municipality, status):
    offer = OfferFactory()
    submitted(offer, municipality, status)

    problems = services.eligibility_problems(offer=offer, user=griffier, municipality=municipality)

    assert problems == [str(services.ALREADY_ACTIVE)]


@pytest.mark.parametrize("status", [Status.REJECTED, Status.WITHDRAWN])
def test_a_municipality_may_apply_again_after_a_rejection_or_withdrawal(griffier, municipality, status):
    offer = OfferFactory()
    submitted(offer, municipality, status)

    assert services.eligibility_problems(offer=offer, user=griffier, municipality=municipality) == []


def test_a_member_may_put_forward_a_local_initiative_for_their_own_municipality(member, municipality):
    offer = OfferFactory(kind=Offer.Kind.LOCAL_INITIATIVE, applicants=Offer.Applicants.MEMBER, places=None)

    assert services.eligibility_problems(offer=offer, user=member, municipality=municipality) == []


def test_a_member_without_municipality_is_asked_to_fill_it_in():
    offer = OfferFactory(kind=Offer.Kind.LOCAL_INITIATIVE, applicants=Offer.Applicants.MEMBER)

    assert services.eligibility_problems(offer=offer, user=UserFactory()) == [str(services.NO_MUNICIPALITY)]


def test_two_members_of_one_municipality_may_each_put_forward_an_initiative(member, municipality):
    offer = OfferFactory(kind=Offer.Kind.LOCAL_INITIATIVE, applicants=Offer.Applicants.MEMBER, places=None)
    submitted(offer, municipality, applicant=UserFactory(municipality=municipality))

    assert services.eligibility_problems(offer=offer, user=member, municipality=municipality) == []


def test_an_offer_taken_up_elsewhere_has_no_application_form(griffier, municipality):
    offer = OfferFactory(take_up_url="/netwerk/aansluiten/")

    assert services.eligibility_problems(offer=offer, user=griffier, municipality=municipality) == [
        str(services.TAKEN_UP_ELSEWHERE)
    ]


# ---------- drafts ----------


def test_starting_twice_resumes_the_same_draft(griffier, municipality):
    offer = OfferFactory()

    first = services.application_start(offer=offer, user=griffier, municipality=municipality)
    again = services.application_start(offer=offer, user=griffier, municipality=municipality)

    assert first == again
    assert first.status == Status.DRAFT
    assert (first.contact_email, first.contact_name) == (griffier.email, griffier.get_full_name())
    assert Application.objects.count() == 1
    assert list(first.events.values_list("action", flat=True)) == [ApplicationEvent.Action.STARTED]


def test_a_member_who_may_not_apply_gets_no_draft(member, municipality):
    with pytest.raises(ValidationError) as error:
        services.application_start(offer=OfferFactory(), user=member, municipality=municipality)

    assert error.value.messages == [str(services.NOT_GRIFFIER)]
    assert not Application.objects.exists()


def test_saving_a_step_stores_it_and_remembers_how_far_the_draft_got(griffier, municipality):
    application = services.application_start(offer=OfferFactory(), user=griffier, municipality=municipality)

    services.application_save_step(application=application, user=griffier, step="plan", values={"plan": "  Ons plan  "})

    application.refresh_from_db()
    assert (application.plan, application.step) == ("Ons plan", 2)
    assert application.events.filter(action=ApplicationEvent.Action.SAVED, detail="plan").exists()


def test_a_step_cannot_move_the_draft_to_a_municipality_the_user_may_not_apply_for(griffier, municipality, other_municipality):
    application = services.application_start(offer=OfferFactory(), user=griffier, municipality=municipality)

    with pytest.raises(ValidationError):
        services.application_save_step(
            application=application, user=griffier, step="about", values={"municipality": other_municipality}
        )

    application.refresh_from_db()
    assert application.municipality == municipality


def test_a_submitted_application_can_no_longer_be_changed(griffier, municipality):
    application = submitted(OfferFactory(), municipality, applicant=griffier)

    with pytest.raises(ValidationError) as error:
        services.application_save_step(application=application, user=griffier, step="plan", values={"plan": "Nieuw"})

    assert error.value.messages == [str(services.NOT_A_DRAFT)]


# ---------- attachments ----------


def test_an_attachment_is_checked_by_its_bytes_not_its_name(griffier, municipality):
    application = draft(OfferFactory(), griffier)
    disguised = SimpleUploadedFile("verklaring.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")

    with pytest.raises(ValidationError) as error:
        services.attachment_add(application=application, user=griffier, upload=disguised)

    assert error.value.messages == [str(services.FILE_TYPE_NOT_ALLOWED)]
    assert not application.attachments.exists()


def test_an_image_with_a_pdf_name_is_stored_as_what_it_is(griffier):
    application = draft(OfferFactory(), griffier)

    attachment = services.attachment_add(
        application=application, user=griffier, upload=SimpleUploadedFile("scan.pdf", PNG)
    )

    assert (attachment.content_type, attachment.filename) == ("image/png", "scan.png")


def test_an_attachment_over_the_size_limit_is_refused(griffier):
    application = draft(OfferFactory(), griffier)
    big = SimpleUploadedFile("groot.pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES)

    with pytest.raises(ValidationError) as error:
        services.attachment_add(application=application, user=griffier, upload=big)

    assert error.value.messages == [str(services.FILE_TOO_LARGE)]


def test_an_empty_file_is_refused(griffier):
    with pytest.raises(ValidationError):
        services.attachment_add(application=draft(OfferFactory(), griffier), user=griffier, upload=SimpleUploadedFile("leeg.pdf", b""))


def test_a_new_file_replaces_the_previous_one_for_the_same_slot(griffier):
    application = draft(OfferFactory(), griffier)
    services.attachment_add(application=application, user=griffier, upload=pdf_upload("eerste.pdf"))

    services.attachment_add(application=application, user=griffier, upload=pdf_upload("tweede.pdf"))

    assert list(application.attachments.values_list("filename", flat=True)) == ["tweede.pdf"]


def test_a_file_name_cannot_climb_out_of_its_folder(griffier):
    attachment = services.attachment_add(
        application=draft(OfferFactory(), griffier), user=griffier, upload=pdf_upload("../../etc/passwd.pdf")
    )

    assert attachment.filename == "passwd.pdf"


# ---------- completeness ----------


def test_the_review_step_lists_what_is_missing_per_step(griffier):
    offer = OfferFactory(attachment_required=True, attachment_label="Intentieverklaring")
    with_conditions(offer, "Voorwaarde een", "Voorwaarde twee")
    question = with_question(offer, required=True, text="Wie doet mee?")
    application = draft(offer, griffier, plan="", confirmed_conditions=[], answers={})
    application.attachments.all().delete()

    problems = services.application_problems(application)

    assert problems == [
        ("plan", str(services.PLAN_REQUIRED)),
        ("plan", str(services.QUESTION_REQUIRED % {"question": question.text})),
        ("conditions", str(services.CONDITION_NOT_CONFIRMED)),
        ("attachments", str(services.ATTACHMENT_REQUIRED % {"name": "Intentieverklaring"})),
    ]


def test_every_condition_must_be_confirmed_not_just_some(griffier):
    offer = OfferFactory()
    first, _second = with_conditions(offer, "Een", "Twee")
    application = draft(offer, griffier, confirmed_conditions=[first.pk])

    assert services.application_problems(application) == [("conditions", str(services.CONDITION_NOT_CONFIRMED))]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"professional_groups": ["raadslid", "griffier"]}, services.TOO_FEW_GROUPS),
        ({"professional_groups": ["raadslid", "raadslid", "griffier"]}, services.TOO_FEW_GROUPS),
        ({"council_role": "  "}, services.COUNCIL_ROLE_REQUIRED),
        ({"support_scope": ""}, services.SUPPORT_NOT_BOUNDED),
        ({"support_ends_on": None}, services.SUPPORT_NOT_BOUNDED),
    ],
)
def test_a_local_initiative_needs_three_groups_the_councils_role_and_bounded_support(member, fields, expected):
    offer = OfferFactory(kind=Offer.Kind.LOCAL_INITIATIVE, applicants=Offer.Applicants.MEMBER, places=None)
    application = draft(offer, member, **fields)

    assert services.application_problems(application) == [("plan", str(expected))]


def test_a_complete_local_initiative_has_nothing_missing(member):
    offer = OfferFactory(kind=Offer.Kind.LOCAL_INITIATIVE, applicants=Offer.Applicants.MEMBER, places=None)

    assert services.application_problems(draft(offer, member)) == []


# ---------- submitting ----------


def test_submitting_a_reviewed_offer_makes_it_received_and_mails_applicant_and_staff(griffier, django_capture_on_commit_callbacks):
    application = draft(OfferFactory(), griffier)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.application_submit(application=application, user=griffier)

    application.refresh_from_db()
    assert result.status == application.status == Status.RECEIVED
    assert application.submitted_at is not None
    event = application.events.get(action=ApplicationEvent.Action.SUBMITTED)
    assert (event.from_status, event.to_status, event.actor) == (Status.DRAFT, Status.RECEIVED, griffier)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(["griffie@example.nl", griffier.email, settings.STAFF_NOTIFICATION_EMAIL])


def test_submitting_twice_changes_nothing_the_second_time(griffier, django_capture_on_commit_callbacks):
    application = draft(OfferFactory(), griffier)
    services.application_submit(application=application, user=griffier)
    events = application.events.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.application_submit(application=application, user=griffier)

    assert application.events.count() == events
    assert callbacks == []
    assert Application.objects.count() == 1


def test_an_incomplete_draft_is_not_submitted(griffier):
    application = draft(OfferFactory(), griffier, plan="")

    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, user=griffier)

    assert error.value.messages == [str(services.PLAN_REQUIRED)]
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_griffier_whose_role_was_revoked_cannot_submit_the_draft(griffier):
    application = draft(OfferFactory(), griffier)
    griffier.griffier_roles.update(status="revoked")
    griffier._portal_griffier_ids = None

    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, user=griffier)

    assert str(services.NOT_GRIFFIER) in error.value.messages


def test_when_all_places_are_taken_a_new_application_goes_to_the_reserve_list(griffier, django_capture_on_commit_callbacks):
    offer = OfferFactory(places=3)
    _fill_places(offer)

    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(application=draft(offer, griffier), user=griffier)

    assert application.status == Status.RESERVE
    assert application.reserve_since is not None
    assert "reservelijst" in _subjects()[0].lower()


def test_a_free_quick_scan_place_is_granted_at_once_with_the_regions_adviser(
    griffier, municipality, django_capture_on_commit_callbacks
):
    offer = quick_scan_offer()
    adviser = Consultant.objects.active().for_region(municipality.region_id).first()
    assert adviser is not None, "the migrated consultants cover Amsterdam's region"

    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(application=draft(offer, griffier), user=griffier)

    application.refresh_from_db()
    assert application.status == Status.GRANTED
    assert application.adviser in Consultant.objects.for_region(municipality.region_id)
    assert application.decided_at is not None
    actions = list(application.events.values_list("action", "to_status"))
    assert (ApplicationEvent.Action.SUBMITTED, Status.GRANTED) in actions
    assert (ApplicationEvent.Action.ADVISER, "") in actions
    assert application.adviser.email, "demo consultants have an address"
    assert any(application.adviser.email in message.to for message in mail.outbox)


def test_application_number_51_for_the_free_quick_scan_lands_on_the_reserve_list(griffier):
    offer = quick_scan_offer()
    _fill_places(offer)
    assert offer.applications.filter(status=Status.GRANTED).count() == 50

    application = services.application_submit(application=draft(offer, griffier), user=griffier)

    assert application.status == Status.RESERVE
    assert application.adviser is None
    assert offer.applications.filter(status=Status.GRANTED).count() == 50


# ---------- decisions ----------


def _manager():
    from portal.models import StaffRole
    from tests.factories import StaffFactory

    return StaffFactory(role=StaffRole.PROGRAMME_MANAGER)


def test_staff_grant_with_a_budget_where_the_offer_has_one(municipality, django_capture_on_commit_callbacks):
    offer = OfferFactory(has_budget=True, budget_max=25000)
    application = submitted(offer, municipality)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(application=application, actor=_manager(), to_status=Status.GRANTED, budget=12500)

    application.refresh_from_db()
    assert (application.status, application.budget_granted) == (Status.GRANTED, 12500)
    assert "12.500" in mail.outbox[0].body or "12,500" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("has_budget", "budget", "expected"),
    [
        (True, None, services.BUDGET_REQUIRED),
        (True, 30000, services.BUDGET_TOO_HIGH),
        (False, 500, services.BUDGET_NOT_FOR_OFFER),
    ],
)
def test_the_budget_must_fit_the_offer(municipality, has_budget, budget, expected):
    application = submitted(OfferFactory(has_budget=has_budget, budget_max=25000), municipality)

    with pytest.raises(ValidationError) as error:
        services.application_decide(application=application, actor=_manager(), to_status=Status.GRANTED, budget=budget)

    assert error.value.messages == [str(expected % {"max": 25000}) if "%(max)" in str(expected) else str(expected)]
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_no_grant_when_every_place_is_taken(municipality):
    offer = OfferFactory(places=2)
    _fill_places(offer)
    application = submitted(offer, municipality, Status.IN_REVIEW)

    with pytest.raises(ValidationError) as error:
        services.application_decide(application=application, actor=_manager(), to_status=Status.GRANTED)

    assert error.value.messages == [str(services.NO_PLACES_LEFT)]


def test_a_rejection_needs_a_reason_which_is_mailed(municipality, django_capture_on_commit_callbacks):
    application = submitted(OfferFactory(), municipality, applicant=GriffierFactory())

    with pytest.raises(ValidationError):
        services.application_decide(application=application, actor=_manager(), to_status=Status.REJECTED, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application, actor=_manager(), to_status=Status.REJECTED, reason="Het plan is nog niet concreet."
        )

    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (Status.REJECTED, "Het plan is nog niet concreet.")
    assert "Het plan is nog niet concreet." in mail.outbox[-1].body


def test_a_decided_rejection_is_final(municipality):
    application = submitted(OfferFactory(), municipality, Status.REJECTED)

    with pytest.raises(ValidationError):
        services.application_decide(application=application, actor=_manager(), to_status=Status.GRANTED)


def test_staff_can_put_an_application_on_the_reserve_list(municipality):
    application = submitted(OfferFactory(), municipality, Status.IN_REVIEW)

    services.application_decide(application=application, actor=_manager(), to_status=Status.RESERVE)

    application.refresh_from_db()
    assert application.status == Status.RESERVE and application.reserve_since is not None


def test_a_withdrawn_first_come_grant_goes_to_the_first_on_the_reserve_list(griffier, municipality):
    offer = OfferFactory(places=1, mode=Offer.Mode.FIRST_COME, assigns_adviser=True)
    granted = submitted(offer, municipality, Status.GRANTED, applicant=griffier)
    earlier = timezone.now() - datetime.timedelta(hours=2)
    first, second = municipalities(2, exclude=["GM0363"])
    first_on_list = submitted(offer, first, Status.RESERVE, reserve_since=earlier)
    second_on_list = submitted(offer, second, Status.RESERVE, reserve_since=earlier + datetime.timedelta(hours=1))

    services.application_withdraw(application=granted, user=griffier)

    for application in (granted, first_on_list, second_on_list):
        application.refresh_from_db()
    assert granted.status == Status.WITHDRAWN
    assert first_on_list.status == Status.GRANTED
    assert second_on_list.status == Status.RESERVE
    assert first_on_list.events.filter(action=ApplicationEvent.Action.PLACE_OFFERED, to_status=Status.GRANTED).exists()


def test_a_revoked_reviewed_grant_offers_the_place_to_the_first_on_the_reserve_list(
    municipality, django_capture_on_commit_callbacks
):
    offer = OfferFactory(places=1)
    granted = submitted(offer, municipality, Status.GRANTED)
    waiting = submitted(offer, municipalities(1, exclude=["GM0363"])[0], Status.RESERVE)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=granted, actor=_manager(), to_status=Status.REJECTED, reason="Voorwaarde niet nagekomen."
        )

    waiting.refresh_from_db()
    assert waiting.status == Status.IN_REVIEW
    assert waiting.events.filter(action=ApplicationEvent.Action.PLACE_OFFERED).exists()
    assert any(waiting.contact_email in message.to for message in mail.outbox)


def test_a_withdrawal_of_an_application_that_held_no_place_moves_nobody(griffier, municipality):
    offer = OfferFactory(places=1)
    submitted(offer, municipalities(1, exclude=["GM0363"])[0], Status.GRANTED)
    received = submitted(offer, municipality, Status.RECEIVED, applicant=griffier)
    waiting = submitted(offer, municipalities(2, exclude=["GM0363"])[1], Status.RESERVE)

    services.application_withdraw(application=received, user=griffier)

    waiting.refresh_from_db()
    assert waiting.status == Status.RESERVE


def test_a_withdrawn_application_cannot_be_withdrawn_again(griffier, municipality):
    application = submitted(OfferFactory(), municipality, Status.WITHDRAWN)

    with pytest.raises(ValidationError) as error:
        services.application_withdraw(application=application, user=griffier)

    assert error.value.messages == [str(services.CANNOT_WITHDRAW)]


# ---------- notes, assignment, audit, accounts ----------


def test_an_internal_note_is_kept_and_recorded_in_the_audit_trail(municipality):
    application = submitted(OfferFactory(), municipality)
    manager = _manager()

    note = services.application_note_add(application=application, author=manager, body="  Bellen na de zomer.  ")

    assert note.body == "Bellen na de zomer."
    assert application.events.filter(action=ApplicationEvent.Action.NOTE, actor=manager).exists()
    with pytest.raises(ValidationError):
        services.application_note_add(application=application, author=manager, body="   ")


def test_assigning_mails_the_staff_member_who_gets_it(municipality, consultant, django_capture_on_commit_callbacks):
    application = submitted(OfferFactory(), municipality)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_assign(application=application, actor=_manager(), assigned_to=consultant)

    application.refresh_from_db()
    assert application.assigned_to == consultant
    assert mail.outbox[-1].to == [consultant.email]
    assert application.events.filter(action=ApplicationEvent.Action.ASSIGNED).exists()


def test_every_change_leaves_a_line_in_the_audit_trail(griffier):
    offer = OfferFactory(has_budget=True)
    application = services.application_start(offer=offer, user=griffier, municipality=griffier.municipality)
    for field, value in {"contact_name": "G. Griffie"}.items():
        services.application_save_step(application=application, user=griffier, step="about", values={field: value})
    services.application_save_step(application=application, user=griffier, step="plan", values={"plan": "Plan"})
    services.attachment_add(application=application, user=griffier, upload=pdf_upload())
    services.application_submit(application=application, user=griffier)
    manager = _manager()
    services.application_decide(application=application, actor=manager, to_status=Status.IN_REVIEW)
    services.application_decide(application=application, actor=manager, to_status=Status.GRANTED, budget=5000)
    services.application_withdraw(application=application, user=griffier)

    actions = list(application.events.order_by("pk").values_list("action", "from_status", "to_status"))
    assert actions == [
        ("started", "", ""),
        ("saved", "", ""),
        ("saved", "", ""),
        ("attachment", "", ""),
        ("submitted", "draft", "received"),
        ("status", "received", "in_review"),
        ("status", "in_review", "granted"),
        ("withdrawn", "granted", "withdrawn"),
    ]


def test_a_deleted_account_leaves_the_application_with_the_municipality_without_the_name(griffier, municipality):
    application = submitted(OfferFactory(), municipality, applicant=griffier, contact_name="Griet Griffie")
    own_draft = draft(OfferFactory(), griffier)

    services.applications_erase_person(user=griffier)

    application.refresh_from_db()
    assert (application.applicant, application.contact_name, application.contact_email) == (None, "", "")
    assert application.status == Status.RECEIVED
    assert not Application.objects.filter(pk=own_draft.pk).exists()
