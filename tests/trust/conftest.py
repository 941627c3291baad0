import os

import pytest
from django.conf import settings


@pytest.fixture
def postgresql():
    """Races need real row locks: PostgreSQL only. Skipped on SQLite, required when CI says so."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        if os.environ.get("PORTAL_REQUIRE_SERVICES") == "1":
            pytest.fail("PORTAL_REQUIRE_SERVICES=1 but DATABASE_URL does not point at PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
