"""What every Quick Scan view shares."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

PAGE_SIZE = 25


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every Quick Scan page is someone's own (a scan, a report, a personal link): no cache may keep it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper
