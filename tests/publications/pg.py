"""PostgreSQL-only tests (full-text search, trigram suggestions, races): skipped on SQLite, required in CI."""

import os

import pytest
from django.db import connection


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        if os.environ.get("PORTAL_REQUIRE_SERVICES") == "1":
            pytest.fail("PORTAL_REQUIRE_SERVICES=1 but DATABASE_URL does not point at PostgreSQL")
        pytest.skip("needs PostgreSQL (DATABASE_URL)")


needs_postgresql = pytest.mark.usefixtures("postgresql")
