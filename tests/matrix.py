"""The shared shape of a permission matrix: who gets what from one URL.

    @pytest.mark.parametrize("user_name", USERS)
    @pytest.mark.parametrize("case", CASES, ids=...)
    def test_matrix(client, request, user_name, case):
        assert_access(client, request, user_name, case.method, case.url, case.expected(user_name))

`expected` 302 means "sent to the login page" for an anonymous visitor and "sent anywhere but the login
page" for a signed-in one; the helper checks that too, so a redirect elsewhere (or a 403 that reveals an
object) cannot pass as the right answer, nor a login page as an allowed action.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str
    expected: Any  # a function user_name -> status
    data: dict = field(default_factory=dict)


def assert_access(client, request, user_name: str, method: str, url: str, expected: int, data: dict | None = None) -> None:
    login_as(client, request, user_name)
    response = getattr(client, method.lower())(url, data or {})
    assert_status(response, expected, f"{user_name} {method} {url}")


def login_as(client, request, user_name: str) -> None:
    """Sign in as the fixture called `user_name` ("anonymous" stays signed out)."""
    if user_name != "anonymous":
        client.force_login(request.getfixturevalue(user_name))


def assert_status(response, expected: int, label: str, *, to_login: bool | None = None) -> None:
    """The response has the expected status. A 302 for an anonymous visitor goes to the login page
    (`to_login=False` where an anonymous 302 may rightly go elsewhere, such as a confirmation page); a 302
    for a signed-in user goes anywhere but the login page, so being sent to log in again cannot pass as
    being allowed."""
    assert response.status_code == expected, f"{label}: {response.status_code}, expected {expected}"
    if expected != 302:
        return
    to_login_page = response.url.startswith(reverse(settings.LOGIN_URL) + "?next=")
    if to_login is None and not label.startswith("anonymous"):
        assert not to_login_page, f"{label}: sent to {response.url}"
    elif to_login is not False:
        assert to_login_page, f"{label}: sent to {response.url}"
