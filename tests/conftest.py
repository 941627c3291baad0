import os

# pytest-playwright style sync API keeps an asyncio loop in the main thread; the ORM must still work.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402

from portal import pagecache  # noqa: E402
from portal.celery import app as celery_app  # noqa: E402


@pytest.fixture(autouse=True)
def _eager_tasks_and_clean_cache(settings):
    """Unit tests run tasks in-process; only tests/test_worker_integration.py talks to a real worker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_PAGE_CACHE_SECONDS = 0  # query-count tests must see the real work; tested on its own
    cache.clear()
    pagecache.reset()  # kept public pages live in the process: no test sees another test's
    yield
    cache.clear()
    pagecache.reset()


@pytest.fixture
def municipality(db):
    from portal.models import Municipality

    return Municipality.objects.get(code="GM0363")  # Amsterdam


@pytest.fixture
def other_municipality(db):
    from portal.models import Municipality

    return Municipality.objects.get(code="GM0599")  # Rotterdam


@pytest.fixture
def member(db, municipality):
    from tests.factories import UserFactory

    return UserFactory(municipality=municipality, function="raadslid")


@pytest.fixture
def griffier(db, municipality):
    from tests.factories import GriffierFactory

    return GriffierFactory(municipality=municipality)


@pytest.fixture
def other_griffier(db, other_municipality):
    from tests.factories import GriffierFactory

    return GriffierFactory(municipality=other_municipality)


@pytest.fixture
def editor(db):
    from portal.models import StaffRole
    from tests.factories import StaffFactory

    return StaffFactory(role=StaffRole.EDITOR)


@pytest.fixture
def consultant(db, municipality):
    from portal.models import StaffRole
    from tests.factories import StaffFactory

    user = StaffFactory(role=StaffRole.CONSULTANT)
    user.regions.add(municipality.region)
    return user


@pytest.fixture
def programme_manager(db):
    from portal.models import StaffRole
    from tests.factories import StaffFactory

    return StaffFactory(role=StaffRole.PROGRAMME_MANAGER)


@pytest.fixture
def administrator(db):
    from portal.models import StaffRole
    from tests.factories import StaffFactory

    return StaffFactory(role=StaffRole.ADMINISTRATOR)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The production hasher takes ~0.3 s per password on purpose; tests hash hundreds of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated rows (municipalities, staff groups) when it ends.

    Without serialized rollback a flush empties the tables and post_migrate re-creates the staff groups
    under new keys, and the next test that restores the snapshot collides with them.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)
