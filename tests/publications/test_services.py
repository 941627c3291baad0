"""The editorial workflow, revisions and experiences, through the services."""

import datetime
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.models import Municipality, StaffRole
from programmes.models import Theme
from publications import services
from publications.models import Experience, Publication, PublicationRevision
from tests.factories import StaffFactory, UserFactory
from tests.publications.factories import publication

Action = PublicationRevision.Action


@pytest.fixture
def draft(db, editor):
    return publication(author=editor, published=False, title="Handreiking raadsinformatie")


def test_a_draft_is_submitted_for_review_and_the_other_content_staff_hear_of_it(
    draft, editor, programme_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with_mail = services.publication_submit(publication=draft, actor=editor)

    assert with_mail.status == Publication.Status.REVIEW
    assert draft.revisions.first().action == Action.SUBMITTED
    assert [message.to for message in mail.outbox] == [[programme_manager.email]]
    assert "Handreiking raadsinformatie" in mail.outbox[0].subject


def test_review_is_asked_of_editors_and_programme_managers_not_of_administrators(
    draft, editor, programme_manager, administrator, django_capture_on_commit_callbacks
):
    other_editor = StaffFactory(role=StaffRole.EDITOR)

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_submit(publication=draft, actor=editor)

    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [other_editor.email, programme_manager.email]
    )


def test_another_person_publishes_what_an_editor_wrote(draft, editor, programme_manager, client):
    services.publication_submit(publication=draft, actor=editor)

    services.publication_publish(publication=draft, actor=programme_manager)

    draft.refresh_from_db()
    assert draft.status == Publication.Status.PUBLISHED and draft.published_by == programme_manager
    assert draft.is_live
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_nobody_publishes_a_version_they_changed_last_themselves(draft, editor):
    services.publication_submit(publication=draft, actor=editor)

    with pytest.raises(ValidationError) as error:
        services.publication_publish(publication=draft, actor=editor)

    assert error.value.messages == [str(services.ERROR_FOUR_EYES)]
    draft.refresh_from_db()
    assert draft.status == Publication.Status.REVIEW


def test_a_reviewers_own_edit_moves_the_four_eyes_to_the_writer(draft, editor):
    reviewer = StaffFactory(role=StaffRole.EDITOR)
    services.publication_submit(publication=draft, actor=editor)
    draft.refresh_from_db()
    draft.title = "Handreiking raadsinformatie (verbeterd)"
    draft.save(update_fields=["title"])
    services.publication_edited(publication=draft, actor=reviewer, created=False)

    with pytest.raises(ValidationError):
        services.publication_publish(publication=draft, actor=reviewer)
    services.publication_publish(publication=draft, actor=editor)

    draft.refresh_from_db()
    assert draft.status == Publication.Status.PUBLISHED


def test_only_a_publication_ready_for_review_can_be_published(draft, programme_manager):
    with pytest.raises(ValidationError) as error:
        services.publication_publish(publication=draft, actor=programme_manager)

    assert error.value.code == "not_in_review"


@pytest.mark.parametrize("role", ["member", "consultant"])
def test_only_content_staff_move_a_publication(request, draft, role):
    with pytest.raises(ValidationError) as error:
        services.publication_submit(publication=draft, actor=request.getfixturevalue(role))

    assert error.value.code == "not_content_staff"


def test_a_scheduled_publication_stays_hidden_until_its_time(draft, editor, programme_manager, client):
    services.publication_submit(publication=draft, actor=editor)
    moment = timezone.now() + datetime.timedelta(days=2)

    services.publication_publish(publication=draft, actor=programme_manager, publish_at=moment)

    draft.refresh_from_db()
    assert draft.is_scheduled and not draft.is_live
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.revisions.first().note == "Ingepland voor " + timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    with time_machine.travel(moment + datetime.timedelta(minutes=1)):
        assert Publication.objects.published().filter(pk=draft.pk).exists()
        assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublishing_takes_it_offline_as_a_draft(editor, programme_manager, client):
    item = publication(author=editor, publisher=programme_manager)

    services.publication_unpublish(publication=item, actor=editor)

    item.refresh_from_db()
    assert item.status == Publication.Status.DRAFT
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.revisions.first().action == Action.UNPUBLISHED


def test_every_step_is_a_revision_with_who_and_when(editor, programme_manager):
    item = publication(author=editor, publisher=programme_manager)

    revisions = list(item.revisions.order_by("number").values_list("number", "action", "created_by"))

    assert revisions == [
        (1, Action.CREATED, editor.pk),
        (2, Action.SUBMITTED, editor.pk),
        (3, Action.PUBLISHED, programme_manager.pk),
    ]
    assert all(revision.created_at for revision in item.revisions.all())
    assert item.revisions.get(number=1).data["title"] == item.title


def test_an_earlier_revision_is_restored_as_a_new_revision(editor, programme_manager):
    item = publication(author=editor, published=False, title="Eerste titel", body="<p>Eerste tekst</p>",
                       themes=["de-raad"])
    item.title, item.body = "Tweede titel", "<p>Tweede tekst</p>"
    item.save(update_fields=["title", "body"])
    item.themes.set(Theme.objects.filter(slug="participatie"))
    services.publication_edited(publication=item, actor=editor, created=False)

    services.publication_restore(publication=item, revision=item.revisions.get(number=1), actor=programme_manager)

    item.refresh_from_db()
    assert (item.title, item.body, item.search_text) == ("Eerste titel", "<p>Eerste tekst</p>", "Eerste tekst")
    assert list(item.themes.values_list("slug", flat=True)) == ["de-raad"]
    latest = item.revisions.first()
    assert (latest.number, latest.action, latest.created_by) == (3, Action.RESTORED, programme_manager)
    assert item.last_edited_by == programme_manager
    assert item.revisions.count() == 3


def test_a_revision_of_another_publication_cannot_be_restored(editor):
    item, other = publication(author=editor, published=False), publication(author=editor, published=False)

    with pytest.raises(ValidationError):
        services.publication_restore(publication=item, revision=other.revisions.first(), actor=editor)


def test_reserved_paths_are_never_a_slug(db, editor):
    assert services.unique_slug("Beheer") == "beheer-2"


# ---------- experiences ----------


def _submit(user, municipality, key=None, **fields):
    data = {
        "title": "Inwonerspanel", "what": "Wat", "why": "Waarom", "result": "Resultaat", "lessons": "Lessen",
        "contact_name": "Griffie", "contact_email": "griffie@example.nl",
    }
    data.update(fields)
    return services.experience_submit(
        user=user, municipality=municipality, themes=list(Theme.objects.filter(slug="participatie")),
        submission_key=key or uuid.uuid4(), **data,
    )


def test_a_member_shares_an_experience_of_their_own_municipality(
    member, municipality, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        experience, created = _submit(member, municipality)

    assert created and experience.status == Experience.Status.SUBMITTED
    assert experience.submitted_by == member and experience.municipality == municipality
    assert [message.to for message in mail.outbox] == [[settings.STAFF_NOTIFICATION_EMAIL]]


def test_a_griffier_shares_for_the_municipality_they_are_griffier_of(griffier, municipality):
    griffier.municipality = None
    griffier.save()

    experience, created = _submit(griffier, municipality)

    assert created


def test_nobody_shares_for_another_municipality(member, other_municipality):
    with pytest.raises(ValidationError) as error:
        _submit(member, other_municipality)

    assert error.value.code == "other_municipality"
    assert not Experience.objects.exists()


def test_a_double_submit_creates_one_experience(member, municipality):
    key = uuid.uuid4()

    first, created = _submit(member, municipality, key)
    second, created_again = _submit(member, municipality, key)

    assert created and not created_again and first == second
    assert Experience.objects.count() == 1


def test_accepting_an_experience_makes_a_draft_linked_to_its_municipality(member, municipality, editor):
    experience, _ = _submit(member, municipality, what="Een panel van <b>veertig</b> inwoners.")

    draft = services.experience_accept(experience=experience, actor=editor)

    experience.refresh_from_db()
    assert experience.status == Experience.Status.ACCEPTED and experience.publication == draft
    assert (draft.type, draft.municipality, draft.status) == (Publication.Type.EXPERIENCE, municipality, Publication.Status.DRAFT)
    assert "&lt;b&gt;veertig&lt;/b&gt;" in draft.body and "<b>" not in draft.body
    assert list(draft.themes.values_list("slug", flat=True)) == ["participatie"]
    with pytest.raises(ValidationError):
        services.experience_accept(experience=experience, actor=editor)


def test_publishing_an_experience_tells_whoever_shared_it(
    member, municipality, editor, programme_manager, django_capture_on_commit_callbacks
):
    experience, _ = _submit(member, municipality)
    draft = services.experience_accept(experience=experience, actor=editor)
    services.publication_submit(publication=draft, actor=editor)

    with django_capture_on_commit_callbacks(execute=True):
        services.publication_publish(publication=draft, actor=programme_manager)

    assert [message.to for message in mail.outbox] == [[member.email]]
    assert draft.get_absolute_url() in mail.outbox[0].body


def test_declining_an_experience_tells_the_submitter_why(member, municipality, editor, django_capture_on_commit_callbacks):
    experience, _ = _submit(member, municipality)

    with django_capture_on_commit_callbacks(execute=True):
        services.experience_decline(experience=experience, actor=editor, note="Te weinig over de resultaten.")

    experience.refresh_from_db()
    assert experience.status == Experience.Status.DECLINED
    assert "Te weinig over de resultaten." in mail.outbox[0].body


def test_erasing_an_account_keeps_the_experience_without_the_name(member, municipality):
    from publications.providers import erase_experiences

    experience, _ = _submit(member, municipality)

    erase_experiences(user=member)

    experience.refresh_from_db()
    assert (experience.submitted_by, experience.contact_name, experience.contact_email) == (None, "", "")
    assert Experience.objects.filter(municipality=municipality).count() == 1


def test_a_member_without_municipality_may_share_nothing(db):
    user = UserFactory()

    assert not services.may_share_experience(user, Municipality.objects.get(code="GM0363"))
