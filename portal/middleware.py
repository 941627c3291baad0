from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .pagecache import LazyNonce
from .permissions import needs_second_factor


class ContentSecurityPolicyMiddleware:
    """A strict Content-Security-Policy: scripts only from our own static files.

    Pages load every script from a file, so most need no nonce and stay the same for every visitor (the
    public page cache keeps them). A page that must carry an inline script (the admin's rich-text editor
    has an import map) asks for `csp_nonce` in its template; only then is a nonce made and allowed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = nonce = LazyNonce()
        response = self.get_response(request)
        policy = "; ".join(
            [
                "default-src 'self'",
                f"script-src 'self' 'nonce-{nonce}'" if nonce.used else "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "frame-ancestors 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "object-src 'none'",
            ]
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class SecondFactorRequiredMiddleware:
    """Staff and confirmed griffiers set up a second factor (TOTP) before they reach anything else."""

    ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/health/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_REQUIRE_SECOND_FACTOR
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and needs_second_factor(request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """What a signed-in person sees is theirs: never kept by a shared cache or the browser's back-forward store.

    Views that serve private things to visitors without an account (a respondent's page, a download by a
    link) mark their responses the same way themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response


class RequestSizeLimitMiddleware:
    """A body larger than any form of the portal accepts is refused before anything reads it.

    Django reads uploaded files into temporary files without a total limit; this stops an oversized
    request at its stated length with a styled page (413). A declared length that is not a number is a
    bad request (400). Individual forms still check their own, smaller limits with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            size = int(length)
        except ValueError:
            return render(request, "400.html", status=400)
        if size > settings.PORTAL_MAX_REQUEST_BYTES:
            response = render(request, "413.html", {"limit": settings.PORTAL_MAX_REQUEST_BYTES}, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
