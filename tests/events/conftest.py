import pytest


@pytest.fixture(autouse=True)
def _jobs_run_at_once(request, monkeypatch):
    """Services record mail as Jobs that are dispatched on commit; a test's transaction never commits, so
    here they run at once (eagerly, in-process). Transactional tests (the races) commit for real."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _fresh_page_fragments():
    """Rendered fragments live in the process; no test may see another test's."""
    from events import pagecache

    pagecache.reset()
    yield
    pagecache.reset()
