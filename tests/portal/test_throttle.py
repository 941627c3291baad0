import time_machine
from django.test import RequestFactory
from django.utils import timezone

from portal.throttle import throttle, throttle_allows


def test_a_public_form_accepts_posts_up_to_the_limit_and_refuses_the_next(db):
    results = [throttle_allows(scope="test", key="10.0.0.1", limit=3, period=60) for _ in range(4)]
    assert results == [True, True, True, False]


def test_the_limit_is_per_address(db):
    for _ in range(3):
        throttle_allows(scope="test", key="10.0.0.1", limit=3, period=60)
    assert throttle_allows(scope="test", key="10.0.0.2", limit=3, period=60) is True


def test_posts_are_accepted_again_after_the_period(db):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(4):
            throttle_allows(scope="test", key="10.0.0.1", limit=3, period=60)
        traveller.shift(61)
        assert throttle_allows(scope="test", key="10.0.0.1", limit=3, period=60) is True


def test_the_decorator_answers_429_beyond_the_limit_and_never_throttles_get(db):
    @throttle("decorated", limit=1, period=60)
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.post("/")).status_code == 200
    assert view(factory.post("/")).status_code == 429
    assert view(factory.get("/")).status_code == 200
