import pytest


@pytest.fixture(autouse=True)
def _every_questionnaire_offered(db):
    """The offers app restricts the Quick Scan Lokale Democratie to municipalities with a granted place.
    These tests are about the set-up itself: every questionnaire is open here, restriction has its own tests."""
    from quickscan.models import Questionnaire

    Questionnaire.objects.update(requires_grant=False)
