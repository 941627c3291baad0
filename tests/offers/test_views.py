"""The offer pages, the multi-step form with drafts, the municipality's own pages and the staff queue."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from offers import services
from offers.models import Application, Attachment, Offer
from tests.factories import GriffierFactory
from tests.utils import assert_same_query_count

from .factories import PDF, OfferFactory, draft, municipalities, submitted, with_conditions, with_question

pytestmark = pytest.mark.django_db
Status = Application.Status


def _step(application: Application, slug: str) -> str:
    return reverse("offers:application_step", kwargs={"pk": application.pk, "step": slug})


def test_the_catalogue_shows_the_five_offers_with_places_left(client):
    response = client.get(reverse("offers:offer_list"))

    assert response.status_code == 200
    assert [offer.slug for offer in response.context["offers"]] == [
        "quick-scan-lokale-democratie",
        "ontwikkeltraject",
        "begeleiding-op-maat-raad",
        "ondersteuning-lokaal-initiatief",
        "netwerk-lokale-digitale-democratie",
    ]
    assert "50 van 50 plaatsen over" in response.content.decode()


def test_an_offer_page_tells_a_member_why_they_cannot_apply(client, member):
    client.force_login(member)

    response = client.get(reverse("offers:offer_detail", kwargs={"slug": "ontwikkeltraject"}))

    assert response.context["problems"] == [str(services.NOT_GRIFFIER)]
    assert b'id="apply"' not in response.content


def test_the_network_offer_links_to_where_it_is_taken_up(client, griffier):
    client.force_login(griffier)

    response = client.get(reverse("offers:offer_detail", kwargs={"slug": "netwerk-lokale-digitale-democratie"}))

    assert b'href="/netwerk/aansluiten/"' in response.content


def test_a_griffier_applies_in_five_steps_and_resumes_on_another_device(client, griffier, municipality, django_capture_on_commit_callbacks):
    offer = OfferFactory()
    condition, = with_conditions(offer, "Wij delen onze ervaringen.")
    question = with_question(offer, "choice", text="Wie is opdrachtgever?")
    client.force_login(griffier)

    start = client.post(reverse("offers:application_start", kwargs={"slug": offer.slug}), {"municipality": municipality.pk})
    application = Application.objects.get()
    assert start.url == _step(application, "gegevens")
    about = client.post(
        _step(application, "gegevens"),
        {"municipality": municipality.pk, "contact_name": "Griet", "contact_email": "griet@example.nl", "contact_phone": "020 123 4567"},
    )
    assert about.url == _step(application, "plan")

    # Another device: a new session of the same account resumes at the first unsaved step.
    other_device = type(client)()
    other_device.force_login(griffier)
    resumed = other_device.get(reverse("offers:application_start", kwargs={"slug": offer.slug}))
    assert resumed.url == _step(application, "plan")

    other_device.post(_step(application, "plan"), {"plan": "Een plan", f"question_{question.pk}": "Ja"})
    other_device.post(_step(application, "voorwaarden"), {f"condition_{condition.pk}": "on"})
    other_device.post(_step(application, "bijlagen"), {})
    review = other_device.get(_step(application, "controle"))
    assert review.context["problems"] == [] and review.context["eligibility"] == []
    with django_capture_on_commit_callbacks(execute=True):
        submit = other_device.post(reverse("offers:application_submit", kwargs={"pk": application.pk}))

    assert submit.url == reverse("offers:application_detail", kwargs={"pk": application.pk})
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert (application.contact_phone, application.plan) == ("020 123 4567", "Een plan")
    assert application.answers == {str(question.pk): "Ja"}
    assert application.confirmed_conditions == [condition.pk]


def test_a_step_with_errors_keeps_what_was_typed(client, griffier):
    application = draft(OfferFactory(), griffier, step=1)
    client.force_login(griffier)

    response = client.post(_step(application, "plan"), {"plan": "x" * 5001})

    assert response.status_code == 400
    assert response.context["form"]["plan"].value() == "x" * 5001
    assert "5000" in str(response.context["form"].errors["plan"])
    application.refresh_from_db()
    assert application.plan != "x" * 5001


def test_a_local_initiative_with_two_groups_is_refused_with_the_reason(client, member):
    offer = OfferFactory(kind=Offer.Kind.LOCAL_INITIATIVE, applicants=Offer.Applicants.MEMBER, places=None)
    application = draft(offer, member)
    client.force_login(member)

    response = client.post(
        _step(application, "plan"),
        {
            "plan": "Plan",
            "professional_groups": ["raadslid", "griffier"],
            "council_role": "Rol",
            "support_starts_on": "2027-03-01",
            "support_ends_on": "2027-02-01",
            "support_scope": "Drie bijeenkomsten",
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["professional_groups"] == [str(services.TOO_FEW_GROUPS)]
    assert errors["support_ends_on"] == [str(services.SUPPORT_DATES_OUT_OF_ORDER)]


def test_each_condition_is_confirmed_on_its_own(client, griffier):
    offer = OfferFactory()
    first, second = with_conditions(offer, "Een", "Twee")
    application = draft(offer, griffier, confirmed_conditions=[])
    client.force_login(griffier)

    response = client.post(_step(application, "voorwaarden"), {f"condition_{first.pk}": "on"})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [f"condition_{second.pk}"]


def test_an_uploaded_statement_is_kept_with_the_draft_and_a_disguised_file_is_refused(client, griffier):
    offer = OfferFactory(attachment_required=True, attachment_label="Intentieverklaring")
    application = draft(offer, griffier)
    application.attachments.all().delete()
    client.force_login(griffier)

    refused = client.post(_step(application, "bijlagen"), {"attachment": SimpleUploadedFile("x.pdf", b"<script>")})
    accepted = client.post(_step(application, "bijlagen"), {"attachment": SimpleUploadedFile("Verklaring.pdf", PDF)})

    assert refused.status_code == 400
    assert refused.context["form"].errors["attachment"] == [str(services.FILE_TYPE_NOT_ALLOWED)]
    assert accepted.status_code == 302
    assert list(application.attachments.values_list("filename", "content_type")) == [("Verklaring.pdf", "application/pdf")]


def test_an_attachment_is_served_as_a_private_download(client, griffier):
    application = draft(OfferFactory(attachment_required=True), griffier)
    attachment = application.attachments.get()
    client.force_login(griffier)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    assert not attachment.get_absolute_url().startswith("/media/")


def test_the_griffier_of_another_municipality_gets_no_attachment(client, griffier, other_griffier):
    application = draft(OfferFactory(attachment_required=True), griffier)
    services.application_submit(application=application, user=griffier)
    client.force_login(other_griffier)

    response = client.get(application.attachments.get().get_absolute_url())

    assert response.status_code == 404


def test_the_municipality_sees_its_status_and_may_withdraw(client, griffier, municipality):
    application = submitted(OfferFactory(), municipality, Status.IN_REVIEW, applicant=GriffierFactory(municipality=municipality))
    client.force_login(griffier)

    page = client.get(reverse("offers:application_detail", kwargs={"pk": application.pk}))
    withdraw = client.post(reverse("offers:application_withdraw", kwargs={"pk": application.pk}))

    assert page.context["may_withdraw"] is True
    assert "In behandeling" in page.content.decode() or "In review" in page.content.decode()
    assert withdraw.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_a_draft_can_be_deleted_by_its_writer(client, griffier):
    application = draft(OfferFactory(), griffier)
    client.force_login(griffier)

    client.post(reverse("offers:application_discard", kwargs={"pk": application.pk}))

    assert not Application.objects.filter(pk=application.pk).exists()


def test_the_applicants_list_has_the_same_number_of_queries_for_5_and_100_applications(client, griffier):
    client.force_login(griffier)
    offers = [OfferFactory() for _ in range(2)]

    def make_rows(count: int) -> None:
        for number in range(count):
            submitted(offers[number % 2], griffier.municipality, Status.WITHDRAWN)

    assert_same_query_count(make_rows=make_rows, request=lambda: client.get(reverse("offers:application_list")))


# ---------- staff ----------


def test_the_queue_filters_on_status_and_offer(client, programme_manager, municipality, other_municipality):
    offer = OfferFactory()
    wanted = submitted(offer, municipality, Status.IN_REVIEW)
    submitted(offer, other_municipality, Status.RECEIVED)
    submitted(OfferFactory(), municipality, Status.IN_REVIEW)
    client.force_login(programme_manager)

    response = client.get(reverse("offers:staff_queue"), {"status": "in_review", "offer": offer.slug})

    assert list(response.context["page_obj"]) == [wanted]


def test_the_queue_never_shows_drafts(client, programme_manager, griffier):
    draft(OfferFactory(), griffier)
    client.force_login(programme_manager)

    response = client.get(reverse("offers:staff_queue"))

    assert list(response.context["page_obj"]) == []


def test_the_queue_has_the_same_number_of_queries_for_5_and_100_applications(client, programme_manager):
    client.force_login(programme_manager)
    offer = OfferFactory(places=None)
    places = municipalities(100)

    def make_rows(count: int) -> None:
        start = Application.objects.count()
        for municipality in places[start : start + count]:
            submitted(offer, municipality, assigned_to=programme_manager)

    assert_same_query_count(make_rows=make_rows, request=lambda: client.get(reverse("offers:staff_queue")))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_queue_downloads_as_csv_and_xlsx_with_formulas_made_safe(client, programme_manager, municipality, fmt):
    submitted(OfferFactory(), municipality, contact_name="=HYPERLINK(\"http://x\")")
    client.force_login(programme_manager)

    response = client.get(reverse("offers:staff_export"), {"format": fmt})

    assert response.status_code == 200
    if fmt == "csv":
        assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert '=HYPERLINK("http://x")' in values
        assert sheet["A1"].data_type == "s"


def test_a_manager_grants_with_a_budget_from_the_review_page(client, programme_manager, municipality):
    application = submitted(OfferFactory(has_budget=True), municipality, Status.IN_REVIEW)
    client.force_login(programme_manager)

    response = client.post(
        reverse("offers:staff_application_decide", kwargs={"pk": application.pk}),
        {"decision": "granted", "budget": "7500", "reason": ""},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.budget_granted) == (Status.GRANTED, 7500)


def test_a_rejection_without_reason_shows_the_message_and_keeps_the_choice(client, programme_manager, municipality):
    application = submitted(OfferFactory(), municipality, Status.IN_REVIEW)
    client.force_login(programme_manager)

    response = client.post(
        reverse("offers:staff_application_decide", kwargs={"pk": application.pk}), {"decision": "rejected", "reason": ""}
    )

    assert response.status_code == 400
    assert response.context["decision_form"].non_field_errors() == [str(services.REASON_REQUIRED)]
    assert response.context["decision_form"]["decision"].value() == "rejected"


def test_internal_notes_are_shown_to_staff_and_never_to_the_applicant(client, griffier, programme_manager, municipality):
    application = submitted(OfferFactory(), municipality, applicant=griffier)
    services.application_note_add(application=application, author=programme_manager, body="Geheime notitie")

    client.force_login(programme_manager)
    staff_page = client.get(reverse("offers:staff_application_detail", kwargs={"pk": application.pk}))
    client.force_login(griffier)
    own_page = client.get(reverse("offers:application_detail", kwargs={"pk": application.pk}))

    assert "Geheime notitie" in staff_page.content.decode()
    assert "Geheime notitie" not in own_page.content.decode()
    assert all(event.to_status for event in own_page.context["events"])


def test_an_attachment_reaches_staff_through_the_review_page(client, griffier, consultant):
    application = draft(OfferFactory(attachment_required=True), griffier)
    services.application_submit(application=application, user=griffier)
    client.force_login(consultant)

    response = client.get(Attachment.objects.get(application=application).get_absolute_url())

    assert response.status_code == 200


def test_a_file_question_is_asked_on_the_attachments_step_and_holds_back_the_submit_until_answered(client, griffier):
    offer = OfferFactory()
    question = with_question(offer, kind="file", text="Begroting van het plan", required=True)
    application = draft(offer, griffier)
    application.attachments.all().delete()
    client.force_login(griffier)

    form = client.get(_step(application, "bijlagen"))
    held_back = client.post(reverse("offers:application_submit", args=[application.pk]))
    uploaded = client.post(_step(application, "bijlagen"), {f"file_{question.pk}": SimpleUploadedFile("Begroting.pdf", PDF)})
    submitted_now = client.post(reverse("offers:application_submit", args=[application.pk]))

    assert f'name="file_{question.pk}"' in form.content.decode() and "Begroting van het plan" in form.content.decode()
    assert held_back.status_code == 400 and "Begroting van het plan" in held_back.content.decode()
    assert uploaded.status_code == 302
    assert list(application.attachments.values_list("question_id", "filename")) == [(question.pk, "Begroting.pdf")]
    assert submitted_now.status_code == 302
    application.refresh_from_db()
    assert application.status != Application.Status.DRAFT
