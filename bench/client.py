"""A small browser over http.client: keep-alive, cookies, CSRF tokens, form filling and a real login.

Used to prepare load (sessions for wrk, respondents' tokens) and by .ci/stack_check.py to drive the
portal over HTTP. It is never the load generator itself: a Python client on the same two cores saturates
long before the server does (see /work/shared/STACK-NOTES.md), so load comes from wrk.
"""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


class HTTPError(RuntimeError):
    """An answer the caller did not expect; carries enough of the page to see why."""


@dataclass
class Reply:
    status: int
    location: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class Client:
    """One user's browser: a keep-alive connection to 127.0.0.1:port and the cookies it was given."""

    def __init__(self, port: int, *, language: str = "nl"):
        self.port = port
        self.language = language
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, data: dict | list | None = None) -> Reply:
        headers = {"Accept-Language": self.language}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                raw = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn closes idle keep-alive connections after a few seconds: reconnect once.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        content_type = response.getheader("Content-Type", "")
        text = raw.decode("utf-8", "replace") if content_type.startswith("text/") else ""
        return Reply(
            status=response.status,
            location=response.getheader("Location", ""),
            text=text,
            headers={name.lower(): value for name, value in response.getheaders()},
            body=raw,
        )

    def get(self, path: str, *, expect: int | None = 200) -> Reply:
        reply = self.request("GET", path)
        _expect(reply, expect, f"GET {path}")
        return reply

    def post_form(self, path: str, data: dict | list, *, expect: int | None = 302) -> Reply:
        """POST `data` plus the CSRF token of the form on the page at `path` (fetched first)."""
        page = self.get(path)
        return self.submit(path, page.text, data, expect=expect)

    def submit(self, path: str, html: str, data: dict | list, *, expect: int | None = 302) -> Reply:
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        reply = self.request("POST", path, [("csrfmiddlewaretoken", csrf_token(html)), *pairs])
        _expect(reply, expect, f"POST {path}")
        return reply

    def close(self) -> None:
        self.connection.close()


def _expect(reply: Reply, status: int | None, what: str) -> None:
    """Raise unless the reply has `status` (None: any status is fine, the caller looks itself)."""
    if status is not None and reply.status != status:
        errors = re.findall(r'class="[^"]*(?:error|alert)[^"]*"[^>]*>(.*?)</', reply.text, re.S)
        detail = " | ".join(" ".join(error.split()) for error in errors)[:600]
        raise HTTPError(f"{what} answered {reply.status} (expected {status}) {reply.location} {detail}")


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not found:
        raise HTTPError("no CSRF token on the page")
    return found.group(1)


def path_of(location: str) -> str:
    """The path and query of a Location header (absolute or relative)."""
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def totp_now(secret: str, *, offset: int = 0) -> str:
    """The TOTP code for `secret`, as tests/factories.py computes it (allauth's own HOTP functions)."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def totp_secret_of(email: str) -> str | None:
    """The stored TOTP secret of an account (needs Django set up on the same database as the server)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(
        user__email__iexact=email, type=Authenticator.Type.TOTP
    ).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def login(client: Client, *, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in as a person does: the allauth login form, then (staff, griffiers) the TOTP form.

    allauth records both steps in the session ("password" then "mfa" in account_authentication_methods),
    so the session cookie that results is exactly the one a real user's browser holds.
    """
    reply = client.post_form("/accounts/login/", {"login": email, "password": password})
    step = path_of(reply.location)
    if step.startswith("/accounts/2fa/authenticate/"):
        if totp_secret is None:
            raise HTTPError(f"{email} is asked for a second factor but no TOTP secret was given")
        page = client.get(step)
        reply = client.submit(step, page.text, {"code": totp_now(totp_secret)}, expect=None)
        if reply.status != 302:
            # allauth refuses a code used once already in this period (a run a moment ago): wait one period.
            from allauth.mfa import app_settings as mfa_settings

            time.sleep(mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD + 1)
            page = client.get(step)
            reply = client.submit(step, page.text, {"code": totp_now(totp_secret)})
        step = path_of(reply.location)
    if "sessionid" not in client.cookies or step.startswith("/accounts/"):
        raise HTTPError(f"signing in as {email} ended at {step!r} without a session")


class FormReader(HTMLParser):
    """The fields of the POST forms on a page: enough to fill in a questionnaire as a person would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {"action": values.get("action", ""), "method": values.get("method", "get").lower(),
                          "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "textarea", "select"} and values.get("name"):
            self._form["fields"].append({"tag": tag, "options": [], **values})
        elif self._form is not None and tag == "option" and self._form["fields"]:
            select = self._form["fields"][-1]
            if select["tag"] == "select":
                select["options"].append(values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def post_forms(html: str) -> list[dict]:
    reader = FormReader()
    reader.feed(html)
    return [form for form in reader.forms if form["method"] == "post"]
