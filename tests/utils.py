"""Helpers for tests: query counting for list pages."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def assert_same_query_count(*, make_rows: Callable[[int], object], request: Callable[[], object]) -> int:
    """Create 5 rows, count the queries of `request`; grow to 100 rows and count again: they must match.

    `make_rows(n)` adds n more rows. Returns the query count, so a test may also bound it.
    """
    make_rows(5)
    request()  # warm caches (content types, sessions) so both counts measure the same work
    small = count_queries(request)
    make_rows(95)
    large = count_queries(request)
    assert small == large, f"query count grows with rows: {small} queries at 5 rows, {large} at 100"
    return large
