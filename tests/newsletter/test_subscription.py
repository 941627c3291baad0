"""Subscribing without an account: double opt-in, consent, links in every mail, no enumeration, throttles."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from newsletter import services
from newsletter.models import Subscriber
from newsletter.tokens import confirm_token, manage_token
from programmes.models import Theme
from tests.factories import UserFactory
from tests.newsletter.factories import subscriber

pytestmark = pytest.mark.django_db
SUBSCRIBE = reverse("newsletter:subscribe")


def _form(email="nieuw@example.nl", **changes):
    data = {"email": email, "all_sections": "0", "themes": [Theme.objects.get(slug="participatie").pk],
            "language": "nl", "consent": "on"}
    data.update(changes)
    return data


def _without_nonces(html: bytes) -> bytes:
    """The page without what differs per response anyway (script nonces, CSRF tokens)."""
    return re.sub(rb'(nonce|name="csrfmiddlewaretoken" value)="[^"]+"', b"", html)


def _link(message, name: str) -> str:
    return re.search(rf"https?://[^\s]+/nieuwsbrief/{name}/[^\s/]+/", message.body).group(0)


def test_subscribing_records_a_pending_request_and_mails_a_confirmation_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, _form(email=" Nieuw@Example.nl "))

    assert response.status_code == 302 and response.url == reverse("newsletter:subscribe_sent")
    pending = Subscriber.objects.get()
    assert (pending.email, pending.status, pending.all_sections) == ("nieuw@example.nl", "pending", False)
    assert list(pending.themes.values_list("slug", flat=True)) == ["participatie"]
    assert pending.consent_version == services.CONSENT_VERSION and pending.consent_at is None
    assert mail.outbox[0].to == ["nieuw@example.nl"]
    assert "/nieuwsbrief/bevestigen/" in mail.outbox[0].body


def test_the_answer_is_the_same_for_a_known_and_a_new_address(client, django_capture_on_commit_callbacks):
    known = subscriber(email="bekend@example.nl")

    with django_capture_on_commit_callbacks(execute=True):
        for_known = client.post(SUBSCRIBE, _form(email="bekend@example.nl"), follow=True)
        for_new = client.post(SUBSCRIBE, _form(email="onbekend@example.nl"), follow=True)

    assert for_known.redirect_chain == for_new.redirect_chain
    assert _without_nonces(for_known.content) == _without_nonces(for_new.content)
    known.refresh_from_db()
    assert known.status == Subscriber.Status.CONFIRMED and known.all_sections  # nothing changed for the subscriber
    assert [message.to for message in mail.outbox] == [["bekend@example.nl"], ["onbekend@example.nl"]]
    assert "already" in mail.outbox[0].subject.lower() or "/nieuwsbrief/instellingen/" in mail.outbox[0].body
    assert "/nieuwsbrief/bevestigen/" not in mail.outbox[0].body


def test_the_confirmation_link_asks_first_then_confirms_and_records_the_consent(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, _form())
    link = _link(mail.outbox[0], "bevestigen")

    shown = client.get(link)
    assert shown.status_code == 200 and Subscriber.objects.get().status == Subscriber.Status.PENDING

    confirmed = client.post(link)

    assert confirmed.status_code == 200
    item = Subscriber.objects.get()
    assert item.status == Subscriber.Status.CONFIRMED
    assert item.consent_at is not None and item.consent_version == services.CONSENT_VERSION


def test_the_confirmation_link_expires_after_seven_days(client):
    pending = subscriber(status=Subscriber.Status.PENDING)
    token = confirm_token(pending)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.post(reverse("newsletter:confirm", args=[token]))

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING


def test_a_new_request_makes_the_earlier_link_useless(client):
    pending = subscriber(status=Subscriber.Status.PENDING, email="twee@example.nl")
    old = confirm_token(pending)

    services.subscription_request(email="twee@example.nl", language="nl", all_sections=True, programmes=[], themes=[])

    assert client.post(reverse("newsletter:confirm", args=[old])).status_code == 404


@pytest.mark.parametrize("token", ["kapot", "a" * 300, "WzEsMV0:1tZ:abc"])
def test_a_forged_link_is_refused(client, token):
    subscriber(status=Subscriber.Status.PENDING)

    assert client.post(reverse("newsletter:confirm", args=[token])).status_code == 404
    assert client.get(reverse("newsletter:manage", args=[token])).status_code == 404
    assert client.post(reverse("newsletter:unsubscribe", args=[token])).status_code == 404


def test_a_manage_link_does_not_open_another_subscription(client):
    mine, other = subscriber(), subscriber()
    token = manage_token(mine)

    client.post(reverse("newsletter:manage", args=[token]), {"all_sections": "1", "language": "en"})

    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.language, other.language) == ("en", "nl")


def test_preferences_change_through_the_link_without_logging_in(client):
    item = subscriber()
    themes = Theme.objects.filter(slug__in=["samenspel", "de-raad"])

    response = client.post(
        reverse("newsletter:manage", args=[manage_token(item)]),
        {"all_sections": "0", "themes": [theme.pk for theme in themes], "language": "en"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.all_sections and item.language == "en"
    assert set(item.themes.values_list("slug", flat=True)) == {"samenspel", "de-raad"}


def test_choosing_nothing_gets_a_clear_message(client):
    item = subscriber()

    response = client.post(reverse("newsletter:manage", args=[manage_token(item)]), {"all_sections": "0", "language": "nl"})

    assert response.status_code == 200
    assert "Kies ten minste één programma of thema" in str(response.context["form"].non_field_errors())


def test_unsubscribing_asks_first_and_keeps_no_preferences(client):
    item = subscriber(themes=["participatie"])
    url = reverse("newsletter:unsubscribe", args=[manage_token(item)])

    assert client.get(url).status_code == 200
    item.refresh_from_db()
    assert item.status == Subscriber.Status.CONFIRMED

    response = client.post(url)

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == Subscriber.Status.UNSUBSCRIBED and item.unsubscribed_at
    assert not item.themes.exists() and not item.programmes.exists()
    assert (item.consent_at, item.consent_version) == (None, "")


def test_one_click_unsubscribe_works_without_a_csrf_token_as_rfc_8058_asks(db):
    from django.test import Client

    item = subscriber()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("newsletter:unsubscribe", args=[manage_token(item)]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == Subscriber.Status.UNSUBSCRIBED


def test_subscribing_is_throttled_per_address(client):
    statuses = [client.post(SUBSCRIBE, _form(email="veel@example.nl")).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert client.post(SUBSCRIBE, _form(email="ander@example.nl")).status_code == 302


def test_subscribing_is_throttled_per_client(client):
    statuses = [client.post(SUBSCRIBE, _form(email=f"adres{n}@example.nl")).status_code for n in range(11)]

    assert statuses[:10] == [302] * 10 and statuses[10] == 429


def test_a_form_error_keeps_what_was_typed(client):
    response = client.post(SUBSCRIBE, _form(email="geen-adres", consent=""))

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "consent"}
    assert form["email"].value() == "geen-adres"
    assert not Subscriber.objects.exists()


def test_unconfirmed_requests_are_deleted_after_seven_days():
    old = subscriber(status=Subscriber.Status.PENDING)
    Subscriber.objects.filter(pk=old.pk).update(requested_at=timezone.now() - datetime.timedelta(days=8))
    recent = subscriber(status=Subscriber.Status.PENDING)
    confirmed = subscriber()
    Subscriber.objects.filter(pk=confirmed.pk).update(requested_at=timezone.now() - datetime.timedelta(days=80))

    deleted = services.subscriptions_purge_task()

    assert deleted >= 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}


# ---------- a member's own subscription ----------


def test_a_member_with_a_verified_address_subscribes_from_their_profile_at_once(client, member):
    client.force_login(member)

    response = client.post(reverse("newsletter:my_subscription"), {"all_sections": "1", "language": "nl", "action": "save"})

    assert response.status_code == 302
    item = Subscriber.objects.get(email=member.email)
    assert item.status == Subscriber.Status.CONFIRMED and item.user == member and item.consent_at


def test_a_member_with_an_unverified_address_gets_a_confirmation_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(verified=False)
    user.save()  # the factory saves the password only with its verified address
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletter:my_subscription"), {"all_sections": "1", "language": "nl"})

    assert Subscriber.objects.get(email=user.email).status == Subscriber.Status.PENDING
    assert "/nieuwsbrief/bevestigen/" in mail.outbox[0].body


def test_a_member_unsubscribes_from_their_profile(client, member):
    item = subscriber(email=member.email, user=member, themes=["de-raad"])
    client.force_login(member)

    client.post(reverse("newsletter:my_subscription"), {"action": "unsubscribe"})

    item.refresh_from_db()
    assert item.status == Subscriber.Status.UNSUBSCRIBED and not item.themes.exists()


def test_my_portal_and_the_personal_data_show_the_subscription(member):
    from portal import registry

    subscriber(email=member.email, user=member, themes=["de-raad"])

    panels = registry.collect(registry.my_portal_panels, user=member)
    data = {}
    for provider in registry.personal_data:
        data.update(provider(user=member))

    assert any(panel.template == "newsletter/_my_subscription_panel.html" for panel in panels)
    assert data["newsletter"]["themes"] == ["De Raad"] and data["newsletter"]["status"] == "confirmed"


def test_deleting_an_account_deletes_its_subscription(member):
    from portal import registry

    subscriber(email=member.email)

    for eraser in registry.account_erasers:
        eraser(user=member)

    assert not Subscriber.objects.filter(email=member.email).exists()
