from django.conf import settings

from . import registry
from .pagecache import public_version
from .permissions import is_griffier, is_staff_member


def portal(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "user_is_staff_member": signed_in and is_staff_member(user),
        "nav_links": list(registry.nav),
        "user_is_griffier": signed_in and is_griffier(user),
        "portal_debug": settings.DEBUG,
        "page_cache_seconds": settings.PORTAL_PAGE_CACHE_SECONDS,
        "public_version": public_version,  # read only where a fragment cache varies on it
    }
