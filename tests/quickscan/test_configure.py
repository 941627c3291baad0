import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quickscan.models import DataProcessingAgreement, Invitation, OwnQuestion, Scan, ScanResult, token_hash
from quickscan.services import OPEN_LINK_NOT_FOR_QUESTIONNAIRE, SCAN_HAS_NO_RESPONDENTS

from .factories import ScanFactory, agreement, invite, questionnaire

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def _days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_a_griffier_without_accepted_terms_is_sent_to_the_terms_first(client, griffier, municipality):
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_create"))

    assert response.status_code == 302
    assert response["Location"] == reverse("quickscan:agreement", kwargs={"slug": municipality.slug})


def test_accepting_the_terms_records_who_and_when_once_per_municipality(client, griffier, municipality):
    client.force_login(griffier)
    url = reverse("quickscan:agreement", kwargs={"slug": municipality.slug})

    response = client.post(url, {"accept": "on"})
    again = client.get(url)

    assert response.status_code == 302
    terms = DataProcessingAgreement.objects.get(municipality=municipality)
    assert terms.accepted_by == griffier
    assert timezone.now() - terms.accepted_at < datetime.timedelta(minutes=1)
    assert b"agreement-form" not in again.content


def test_a_griffier_creates_a_scan_for_their_municipality(client, griffier, municipality):
    agreement(municipality, griffier)
    client.force_login(griffier)
    data = {
        "municipality": municipality.pk,
        "questionnaire": questionnaire().pk,
        "name": "Nulmeting 2025",
        "opens_on": _days(0),
        "closes_on": _days(21),
        "open_link_cap": "50",
    }

    response = client.post(reverse("quickscan:scan_create"), data)

    assert response.status_code == 302
    scan = Scan.objects.get()
    assert response["Location"] == reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk})
    assert (scan.municipality, scan.status, scan.created_by, scan.open_link_cap) == (
        municipality,
        Scan.Status.DRAFT,
        griffier,
        50,
    )
    assert scan.open_link_hash == ""  # the link itself is made, and shown once, on its own page


def test_a_griffier_cannot_create_a_scan_for_another_municipality(
    client, griffier, municipality, other_municipality, other_griffier
):
    agreement(municipality, griffier)
    agreement(other_municipality, other_griffier)
    client.force_login(griffier)
    data = {
        "municipality": other_municipality.pk,
        "questionnaire": questionnaire().pk,
        "name": "X",
        "opens_on": _days(0),
        "closes_on": _days(21),
    }

    response = client.post(reverse("quickscan:scan_create"), data)

    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not Scan.objects.exists()


def test_closing_before_opening_is_refused_with_everything_kept(client, griffier, municipality):
    agreement(municipality, griffier)
    client.force_login(griffier)
    data = {
        "municipality": municipality.pk,
        "questionnaire": questionnaire().pk,
        "name": "Mijn scan",
        "opens_on": _days(10),
        "closes_on": _days(2),
    }

    response = client.post(reverse("quickscan:scan_create"), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert b"Mijn scan" in response.content
    assert not Scan.objects.exists()


def test_own_questions_are_saved_at_most_four(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)
    data = {
        "text_1": "Hoe tevreden bent u over de raadsvergaderingen?",
        "kind_1": "scale",
        "text_2": "",
        "kind_2": "scale",
        "text_3": "Wat wilt u nog kwijt?",
        "kind_3": "open",
        "text_4": "",
        "kind_4": "scale",
    }

    response = client.post(reverse("quickscan:scan_questions", kwargs={"pk": scan.pk}), data)

    assert response.status_code == 302
    assert list(OwnQuestion.objects.filter(scan=scan).values_list("kind", flat=True)) == ["scale", "open"]


def test_pasted_addresses_are_invited_per_group_with_duplicates_merged(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    invite(scan, "raad", email="al@example.nl", sent=False)
    client.force_login(griffier)
    text = "jan@example.nl\nPiet@Example.nl; jan@example.nl\nAl@example.nl\n\n"

    response = client.post(
        reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}), {"group": "raad", "addresses": text}
    )

    assert response.status_code == 302
    assert sorted(scan.invitations.values_list("email", flat=True)) == [
        "al@example.nl",
        "jan@example.nl",
        "piet@example.nl",
    ]
    assert len(mail.outbox) == 0


def test_each_bad_line_gets_its_own_message_and_nothing_typed_is_lost(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)
    text = "goed@example.nl\nniet-goed@\nJan Jansen\nook@goed.nl"

    response = client.post(
        reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}), {"group": "raad", "addresses": text}
    )

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 2
    assert "2" in errors[0] and "niet-goed@" in errors[0]
    assert "3" in errors[1] and "Jan Jansen" in errors[1]
    assert response.context["form"]["addresses"].value() == text
    assert not scan.invitations.exists()


def test_a_csv_upload_is_read_and_its_lines_come_back_when_one_is_bad(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)
    upload = SimpleUploadedFile(
        "raad.csv", b"naam;email\nJan;jan@example.nl\nPiet;piet(at)example.nl\n", content_type="text/csv"
    )

    response = client.post(
        reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}),
        {"group": "college", "addresses": "", "file": upload},
    )

    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) == 1
    assert "jan@example.nl" in response.context["form"]["addresses"].value()
    assert "piet(at)example.nl" in response.context["form"]["addresses"].value()


def test_a_good_csv_upload_invites_everyone(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)
    upload = SimpleUploadedFile("raad.csv", b"naam,email\nJan,jan@example.nl\nPiet,piet@example.nl\n")

    response = client.post(
        reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}), {"group": "college", "file": upload}
    )

    assert response.status_code == 302
    assert set(scan.invitations.values_list("group", "email")) == {
        ("college", "jan@example.nl"),
        ("college", "piet@example.nl"),
    }


def test_the_respondents_form_explains_which_group_people_belong_to(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}))

    assert b"gemeentesecretaris" in response.content and b"fractievolgers" in response.content


def test_opening_the_scan_mails_each_respondent_a_personal_link(
    client, griffier, django_capture_on_commit_callbacks
):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    for address in ("a@example.nl", "b@example.nl"):
        Invitation.objects.create(scan=scan, group="raad", email=address)
    client.force_login(griffier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quickscan:scan_open", kwargs={"pk": scan.pk}), {"confirm": "1"})

    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.status == Scan.Status.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.nl", "b@example.nl"]
    message = next(m for m in mail.outbox if m.to == ["a@example.nl"])
    token = message.body.split(f"/quickscan/invullen/{scan.public_id}/")[1].split("/")[0]
    invitation = Invitation.objects.get(email="a@example.nl")
    assert invitation.token_hash == token_hash(token) and invitation.sent_at
    assert len(token) >= 43
    assert client.get(f"/quickscan/invullen/{scan.public_id}/{token}/").status_code == 200


def test_a_scan_without_respondents_cannot_be_opened(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)

    response = client.post(reverse("quickscan:scan_open", kwargs={"pk": scan.pk}), {"confirm": "1"}, follow=True)

    assert str(SCAN_HAS_NO_RESPONDENTS) in response.content.decode()
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DRAFT


def test_reminders_go_only_to_those_who_have_not_answered(
    client, griffier, django_capture_on_commit_callbacks
):
    scan = ScanFactory()
    done, _token = invite(scan, email="klaar@example.nl")
    Invitation.objects.filter(pk=done.pk).update(started=True, used_at=timezone.localdate())
    busy, _token = invite(scan, email="bezig@example.nl")
    Invitation.objects.filter(pk=busy.pk).update(started=True)
    fresh, old_token = invite(scan, email="nieuw@example.nl")
    client.force_login(griffier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quickscan:scan_remind", kwargs={"pk": scan.pk}), follow=True)

    assert response.status_code == 200
    assert "2" in str(list(response.context["messages"])[0])
    assert sorted(m.to[0] for m in mail.outbox) == ["bezig@example.nl", "nieuw@example.nl"]
    busy_mail = next(m for m in mail.outbox if m.to == ["bezig@example.nl"])
    assert "/quickscan/invullen/" not in busy_mail.body
    fresh.refresh_from_db()
    assert fresh.reminded_at and fresh.token_hash != token_hash(old_token)
    assert "klaar@example.nl" not in response.content.decode()


def test_the_closing_date_can_be_extended(client, griffier):
    scan = ScanFactory()
    client.force_login(griffier)

    response = client.post(reverse("quickscan:scan_extend", kwargs={"pk": scan.pk}), {"closes_on": _days(30)})

    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.closes_on.isoformat() == _days(30)


def test_closing_early_closes_and_scores_the_scan(client, griffier, django_capture_on_commit_callbacks):
    scan = ScanFactory()
    client.force_login(griffier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("quickscan:scan_close", kwargs={"pk": scan.pk}), {"confirm": "1"})

    assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.status == Scan.Status.CLOSED and scan.closed_at
    assert scan.closes_on == timezone.localdate()
    assert ScanResult.objects.filter(scan=scan).exists()


def test_the_periodic_task_closes_scans_past_their_date(django_capture_on_commit_callbacks):
    from quickscan.services import scans_close_due_task

    due = ScanFactory(
        opens_on=timezone.localdate() - datetime.timedelta(days=20),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    running = ScanFactory()

    with django_capture_on_commit_callbacks(execute=True):
        closed = scans_close_due_task()

    assert closed == 1
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.status, running.status) == (Scan.Status.CLOSED, Scan.Status.OPEN)


def test_the_preview_shows_every_page_without_a_way_to_send(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_preview", kwargs={"pk": scan.pk}))

    assert response.status_code == 200
    first_statement = scan.questionnaire.themes.first().statements.first()
    assert first_statement.text in response.content.decode()
    assert b"<fieldset disabled" in response.content
    assert b'type="submit"' not in response.content.split(b"<main")[1]


def test_respondents_added_to_an_open_scan_are_invited_at_once(
    client, griffier, django_capture_on_commit_callbacks
):
    scan = ScanFactory()
    client.force_login(griffier)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}),
            {"group": "inwoners", "addresses": "laat@example.nl"},
        )

    assert response.status_code == 302
    assert Invitation.objects.get(scan=scan).sent_at is not None
    assert [m.to for m in mail.outbox] == [["laat@example.nl"]]


def test_the_open_link_is_shown_once_when_made_and_kept_only_as_a_hash(client, griffier):
    scan = ScanFactory(open_link_cap=200)
    client.force_login(griffier)

    response = client.post(reverse("quickscan:scan_open_link", kwargs={"pk": scan.pk}))
    later = client.get(reverse("quickscan:scan_detail", kwargs={"pk": scan.pk}))

    content = response.content.decode()
    code = content.split(f"/quickscan/open/{scan.public_id}/")[1].split("/")[0]
    scan.refresh_from_db()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert scan.open_link_hash == token_hash(code) and len(code) >= 16
    assert code not in str(type(scan).objects.filter(pk=scan.pk).values().get())
    assert code not in later.content.decode()
    assert client.get(f"/quickscan/open/{scan.public_id}/{code}/").status_code == 200


def test_a_new_open_link_replaces_the_old_one(client, griffier):
    from quickscan.services import open_link_make

    scan = ScanFactory(open_link_cap=200)
    old = open_link_make(scan=scan)
    client.force_login(griffier)

    response = client.post(reverse("quickscan:scan_open_link", kwargs={"pk": scan.pk}))

    new = response.content.decode().split(f"/quickscan/open/{scan.public_id}/")[1].split("/")[0]
    assert client.get(f"/quickscan/open/{scan.public_id}/{old}/").status_code == 404
    assert client.get(f"/quickscan/open/{scan.public_id}/{new}/").status_code == 200


def test_an_open_link_is_refused_for_a_questionnaire_without_residents(client, griffier, municipality):
    agreement(municipality, griffier)
    client.force_login(griffier)
    data = {
        "municipality": municipality.pk,
        "questionnaire": questionnaire("lokaal-bestuur").pk,
        "name": "Bestuur",
        "opens_on": _days(0),
        "closes_on": _days(21),
        "open_link_cap": "100",
    }

    response = client.post(reverse("quickscan:scan_create"), data)

    assert response.status_code == 200
    assert str(OPEN_LINK_NOT_FOR_QUESTIONNAIRE) in response.content.decode()
    assert not Scan.objects.exists()


def test_an_address_can_be_taken_off_the_list_before_the_scan_opens(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    typo, _token = invite(scan, email="jna@example.nl", sent=False)
    kept, _token = invite(scan, email="piet@example.nl", sent=False)
    client.force_login(griffier)
    page = client.get(reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}))

    response = client.post(
        reverse("quickscan:scan_respondent_remove", kwargs={"pk": scan.pk, "invitation_pk": typo.pk})
    )

    assert b"jna@example.nl" in page.content
    assert response.status_code == 302
    assert list(scan.invitations.values_list("email", flat=True)) == ["piet@example.nl"]


def test_once_open_the_respondents_page_names_nobody_and_nobody_can_be_removed(client, griffier):
    scan = ScanFactory()
    invitation, _token = invite(scan, email="geheim@example.nl")
    client.force_login(griffier)

    page = client.get(reverse("quickscan:scan_respondents", kwargs={"pk": scan.pk}))
    response = client.post(
        reverse("quickscan:scan_respondent_remove", kwargs={"pk": scan.pk, "invitation_pk": invitation.pk})
    )

    assert b"geheim@example.nl" not in page.content
    assert response.status_code == 302
    assert Invitation.objects.filter(pk=invitation.pk).exists()


# Confirm before irreversible steps (issue 9 point 5)


def test_opening_asks_for_confirmation_with_the_number_of_people_per_group(client, griffier):
    scan = ScanFactory(status=Scan.Status.DRAFT)
    for group in ["raad"] * 3 + ["college"] * 2:
        invite(scan, group, sent=False)
    client.force_login(griffier)
    url = reverse("quickscan:scan_open", kwargs={"pk": scan.pk})

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    unconfirmed = client.post(url)

    content = page.content.decode()
    assert page.status_code == 200
    rows = {row["group"]: row["count"] for row in page.context["rows"]}
    assert rows == {"raad": 3, "college": 2, "ambtenaren": 0, "inwoners": 0}
    assert 'id="open-confirm-total">5<' in content and "Scan openen en 5 personen mailen" in content
    main = content.split("<main")[1].split("</main>")[0]
    assert '<form method="post" id="scan-open-form"' in main and "<script" not in main
    assert unconfirmed.status_code == 200
    scan.refresh_from_db()
    assert scan.status == Scan.Status.DRAFT
    assert len(mail.outbox) == 0


def test_closing_explains_that_it_is_final_and_asks_for_confirmation(
    client, griffier, django_capture_on_commit_callbacks
):
    scan = ScanFactory()
    client.force_login(griffier)
    url = reverse("quickscan:scan_close", kwargs={"pk": scan.pk})

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    scan.refresh_from_db()
    assert scan.status == Scan.Status.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(url, {"confirm": "1"})

    assert 'id="close-confirm-warning"' in page.content.decode() and "definitief" in page.content.decode()
    assert confirmed.status_code == 302
    scan.refresh_from_db()
    assert scan.status == Scan.Status.CLOSED


def test_the_scan_page_links_to_the_confirmation_pages_instead_of_posting(client, griffier):
    draft = ScanFactory(status=Scan.Status.DRAFT)
    running = ScanFactory()
    client.force_login(griffier)

    draft_page = client.get(reverse("quickscan:scan_detail", kwargs={"pk": draft.pk})).content.decode()
    running_page = client.get(reverse("quickscan:scan_detail", kwargs={"pk": running.pk})).content.decode()

    assert f'href="{reverse("quickscan:scan_open", kwargs={"pk": draft.pk})}"' in draft_page
    assert f'href="{reverse("quickscan:scan_close", kwargs={"pk": running.pk})}"' in running_page


# Restricted questionnaires: offered only when an app's gate grants them


@pytest.fixture
def gates(monkeypatch):
    from portal import registry

    providers = registry.Providers("test gates")
    monkeypatch.setattr(registry, "questionnaire_gates", providers)
    return providers


@pytest.fixture
def restricted():
    restricted = questionnaire("lokale-democratie")
    restricted.requires_grant = True
    restricted.save(update_fields=["requires_grant"])
    return restricted


def _create_data(municipality, chosen) -> dict:
    return {
        "municipality": municipality.pk,
        "questionnaire": chosen.pk,
        "name": "Met een vrije plaats",
        "opens_on": _days(0),
        "closes_on": _days(21),
    }


def test_a_restricted_questionnaire_is_not_offered_without_a_grant(client, griffier, municipality, gates, restricted):
    from quickscan.services import QUESTIONNAIRE_NOT_GRANTED, scan_create

    agreement(municipality, griffier)
    client.force_login(griffier)

    page = client.get(reverse("quickscan:scan_create"))
    posted = client.post(reverse("quickscan:scan_create"), _create_data(municipality, restricted))
    with pytest.raises(ValidationError) as refused:
        scan_create(
            municipality=municipality,
            questionnaire=restricted,
            name="X",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
            created_by=griffier,
        )

    assert restricted not in page.context["form"].fields["questionnaire"].queryset
    assert questionnaire("lokaal-bestuur") in page.context["form"].fields["questionnaire"].queryset
    assert "questionnaire" in posted.context["form"].errors
    assert refused.value.messages == [str(QUESTIONNAIRE_NOT_GRANTED)]
    assert not Scan.objects.exists()


def test_a_gate_that_grants_the_municipality_offers_the_questionnaire(client, griffier, municipality, gates, restricted):
    asked = []

    def free_place(*, municipality, questionnaire_slug):
        asked.append((municipality.code, questionnaire_slug))
        return municipality.code == "GM0363" and questionnaire_slug == "lokale-democratie"

    gates.register(free_place)
    agreement(municipality, griffier)
    client.force_login(griffier)

    page = client.get(reverse("quickscan:scan_create"))
    response = client.post(reverse("quickscan:scan_create"), _create_data(municipality, restricted))

    assert restricted in page.context["form"].fields["questionnaire"].queryset
    assert response.status_code == 302
    assert Scan.objects.get().questionnaire == restricted
    assert ("GM0363", "lokale-democratie") in asked


def test_a_grant_for_another_municipality_does_not_count(griffier, municipality, gates, restricted):
    from quickscan.services import scan_create

    gates.register(lambda *, municipality, questionnaire_slug: municipality.code == "GM0599")
    agreement(municipality, griffier)

    with pytest.raises(ValidationError):
        scan_create(
            municipality=municipality,
            questionnaire=restricted,
            name="X",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
            created_by=griffier,
        )


def test_no_job_row_holds_a_respondents_link(client, griffier, django_capture_on_commit_callbacks):
    from portal.models import Job

    scan = ScanFactory(status=Scan.Status.DRAFT)
    Invitation.objects.create(scan=scan, group="raad", email="a@example.nl")
    client.force_login(griffier)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quickscan:scan_open", kwargs={"pk": scan.pk}), {"confirm": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("quickscan:scan_remind", kwargs={"pk": scan.pk}))

    token = mail.outbox[0].body.split(f"/quickscan/invullen/{scan.public_id}/")[1].split("/")[0]
    rows = [str(row) for row in Job.objects.values()]
    assert len(rows) >= 2 and len(mail.outbox) == 2
    assert not [row for row in rows if token in row or "/invullen/" in row]
    assert all(set(row) <= {"scan_id", "requested_at"} for row in Job.objects.values_list("kwargs", flat=True))
