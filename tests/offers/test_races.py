"""Places are counted under a row lock on the offer (PostgreSQL, real threads, one connection each).

Each race has a control run with the lock taken out (and the gap between counting and writing held open),
which must over-grant: that proves the test can see the race the lock prevents. Skipped on SQLite, which
serialises writers anyway; CI runs these on PostgreSQL with PORTAL_REQUIRE_SERVICES=1, where skipping fails.
"""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count

from offers import services
from offers.models import Application, Offer
from portal.models import StaffRole
from tests.factories import GriffierFactory, StaffFactory

from .factories import OfferFactory, draft, municipalities, submitted

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
Status = Application.Status
APPLICANTS, LAST_PLACES, PLACES = 60, 5, 50
WORKERS = 12  # connections at once: the PostgreSQL server is shared


@pytest.fixture(autouse=True)
def postgresql():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        if os.environ.get("PORTAL_REQUIRE_SERVICES") == "1":
            pytest.fail("PORTAL_REQUIRE_SERVICES=1 but DATABASE_URL does not point at PostgreSQL")
        pytest.skip("race tests need PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def without_lock(monkeypatch):
    """The services with the offer's row lock taken out; `hold` widens the gap between count and write."""

    def install(hold):
        real_places_left = services.places_left

        def places_left(offer):
            left = real_places_left(offer)
            hold()
            return left

        monkeypatch.setattr(services.common, "_lock_offer", lambda offer: Offer.objects.get(pk=offer.pk))
        monkeypatch.setattr(services.common, "places_left", places_left)

    return install


def _in_thread(action):
    def run(*args):
        try:
            return action(*args)
        except ValidationError as error:
            return error.messages
        finally:
            connection.close()

    return run


def _last_place_race() -> tuple[Offer, list]:
    offer = OfferFactory(places=3)
    places = municipalities(4)
    for municipality in places[:2]:
        submitted(offer, municipality, Status.GRANTED)
    contenders = [submitted(offer, municipality, Status.IN_REVIEW) for municipality in places[2:]]
    managers = [StaffFactory(role=StaffRole.PROGRAMME_MANAGER, with_mfa=False) for _ in contenders]
    start = threading.Barrier(len(contenders))

    @_in_thread
    def grant(application, manager):
        start.wait(timeout=10)
        services.application_decide(application=application, actor=manager, to_status=Status.GRANTED)
        return "granted"

    with ThreadPoolExecutor(max_workers=len(contenders)) as pool:
        results = list(pool.map(grant, contenders, managers))
    return offer, results


def test_two_staff_granting_the_last_place_at_once_exactly_one_succeeds():
    offer, results = _last_place_race()

    assert sorted(map(str, results)) == sorted(["granted", str([str(services.NO_PLACES_LEFT)])])
    assert offer.applications.filter(status=Status.GRANTED).count() == 3


def test_control_without_the_lock_two_staff_both_grant_the_last_place(without_lock):
    counted = threading.Barrier(2)
    without_lock(lambda: counted.wait(timeout=10))  # both count before either writes

    offer, results = _last_place_race()

    assert results == ["granted", "granted"]
    assert offer.applications.filter(status=Status.GRANTED).count() == 4  # over-granted: 4 of 3 places


def _sixty_applicants_for_the_last_five_places() -> tuple[Offer, float]:
    offer = OfferFactory(places=PLACES, mode=Offer.Mode.FIRST_COME, assigns_adviser=True)
    places = municipalities(PLACES - LAST_PLACES + APPLICANTS)
    for municipality in places[: PLACES - LAST_PLACES]:
        submitted(offer, municipality, Status.GRANTED)
    drafts = []
    for municipality in places[PLACES - LAST_PLACES :]:
        griffier = GriffierFactory(municipality=municipality, with_mfa=False)
        drafts.append((draft(offer, griffier), griffier))

    @_in_thread
    def submit(pair):
        application, griffier = pair
        return services.application_submit(application=application, user=griffier).status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(submit, drafts))
    return offer, time.perf_counter() - started


def test_sixty_applicants_for_the_last_five_first_come_places_exactly_five_are_granted():
    offer, seconds = _sixty_applicants_for_the_last_five_places()

    counts = dict(offer.applications.values_list("status").annotate(n=Count("pk")).order_by())
    assert counts == {Status.GRANTED: PLACES, Status.RESERVE: APPLICANTS - LAST_PLACES}
    winners = offer.applications.filter(status=Status.GRANTED, events__action="submitted")
    assert winners.count() == LAST_PLACES
    assert not winners.filter(adviser__isnull=True).exists()
    print(f"\n60 applicants for the last 5 places: {seconds:.2f} s")  # noqa: T201 (read in CI logs)


def test_control_without_the_lock_sixty_applicants_overfill_the_last_five_places(without_lock):
    without_lock(lambda: time.sleep(0.05))

    offer, _seconds = _sixty_applicants_for_the_last_five_places()

    assert offer.applications.filter(status=Status.GRANTED).count() > PLACES
