import pytest
from django.urls import reverse
from django.utils import timezone

from quickscan.models import Invitation

from .factories import ScanFactory, invite

pytestmark = pytest.mark.django_db


def test_the_monitor_counts_invited_started_and_completed_per_group(client, griffier):
    scan = ScanFactory()
    for _ in range(4):
        invite(scan, "raad")
    started, _token = invite(scan, "college")
    raad = list(Invitation.objects.filter(scan=scan, group="raad").values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=raad[:3]).update(started=True)
    Invitation.objects.filter(pk__in=raad[:1]).update(used_at=timezone.localdate())
    Invitation.objects.filter(pk=started.pk).update(started=True)
    client.force_login(griffier)

    response = client.get(reverse("quickscan:scan_monitor", kwargs={"pk": scan.pk}))

    assert response.status_code == 200
    rows = {row["group"]: row for row in response.context["monitor"]}
    assert {k: rows["raad"][k] for k in ("invited", "started", "completed", "rate")} == {
        "invited": 4,
        "started": 3,
        "completed": 1,
        "rate": 25,
    }
    assert (rows["college"]["invited"], rows["college"]["started"], rows["college"]["completed"]) == (1, 1, 0)
    assert rows["inwoners"]["invited"] == 0


def test_the_monitor_polls_while_open_and_never_names_anyone(client, griffier):
    scan = ScanFactory()
    invite(scan, "raad", email="geheim@example.nl")
    client.force_login(griffier)

    fragment = client.get(reverse("quickscan:scan_monitor", kwargs={"pk": scan.pk}))
    page = client.get(reverse("quickscan:scan_detail", kwargs={"pk": scan.pk}))

    assert b'hx-trigger="every 10s"' in fragment.content
    assert b"<html" not in fragment.content
    assert b'id="scan-monitor"' in page.content
    assert b"geheim@example.nl" not in fragment.content and b"geheim@example.nl" not in page.content


def test_the_consultant_of_the_region_sees_the_monitor(client, consultant):
    scan = ScanFactory()

    response = client.force_login(consultant) or client.get(
        reverse("quickscan:scan_monitor", kwargs={"pk": scan.pk})
    )

    assert response.status_code == 200
