"""Respondents answer without an account: their personal link is the key. A visitor of the link for
residents gets a personal link too, which takes a place under the cap only once they save answers."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from portal.throttle import throttle, throttle_failures

from .. import services
from ..forms import AnswerPageForm, answer_pages
from ..models import Invitation, Response, Scan
from ..permissions import invitation_for_token, open_link_scan, open_link_visitor_scan
from ..selectors import open_link_places_taken, saved_answers
from .common import private

GUESSES = 30


def _scan_target(request: HttpRequest, kwargs: dict) -> str:
    return str(kwargs["public_id"])


def _page_number(request: HttpRequest, saved: int, count: int) -> int:
    try:
        wanted = int(request.GET.get("pagina", ""))
    except ValueError:
        wanted = saved + 1
    return max(1, min(wanted, saved + 1, count))


def _message(request: HttpRequest, scan: Scan, message: str) -> HttpResponse:
    return render(request, "quickscan/answer_message.html", {"scan": scan, "message": message})


def _invalid_link(request: HttpRequest, *, open_link: bool = False) -> HttpResponse:
    """A mistyped or outdated link: a page that says what to do (also where DEBUG would show its own 404)."""
    return render(request, "quickscan/answer_invalid_link.html", {"open_link": open_link}, status=404)


@private
@require_http_methods(["GET", "HEAD", "POST"])
# A respondent with a valid link is never counted: only links that lead nowhere (404) are, per address
# and scan, and after GUESSES of them in 10 minutes every request of that address for that scan is refused.
@throttle_failures("quickscan-answer", limit=GUESSES, period=600, target=_scan_target)
def answer(request: HttpRequest, public_id, token: str) -> HttpResponse:
    invitation = invitation_for_token(public_id, token)
    if invitation is None:
        # A visitor of the open link who has not answered yet: page 1 right away, no row until they save.
        scan = open_link_visitor_scan(public_id, token)
        if scan is None:
            return _invalid_link(request)
        return _answer_page(request, scan=scan, token=token, invitation=None, response=None)
    scan = invitation.scan
    if invitation.used_at:  # a second visit after sending: thanks again, and what happens next
        return render(request, "quickscan/answer_thanks.html", {"scan": scan, "already": services.ALREADY_SUBMITTED})
    response = invitation.draft
    if response is None and scan.accepts_answers():
        if request.method == "POST":
            services.response_start(invitation=invitation, token=token)
            return redirect(f"{request.path}?pagina=1")
        return render(request, "quickscan/answer_intro.html", {"scan": scan})
    return _answer_page(request, scan=scan, token=token, invitation=invitation, response=response)


def _answer_page(
    request: HttpRequest, *, scan: Scan, token: str, invitation: Invitation | None, response: Response | None
) -> HttpResponse:
    if not scan.accepts_answers():
        return _message(request, scan, services.SCAN_CLOSED)
    pages = answer_pages(scan)
    number = _page_number(request, response.page if response else 0, len(pages))
    page = pages[number - 1]
    if request.method == "POST":
        form = AnswerPageForm(request.POST, page=page, scan=scan)
    else:  # what was saved before is read only to show it again, never on the hot path of saving
        form = AnswerPageForm(page=page, scan=scan, initial=saved_answers(response, page))
    if form.is_bound and form.is_valid():
        try:
            if invitation is None:
                invitation, response = services.open_link_respondent_start(scan=scan, token=token)
            services.response_page_save(response=response, page_number=number, **form.answers())
            if number == len(pages):
                services.response_submit(invitation=invitation, response=response)
                return render(request, "quickscan/answer_thanks.html", {"scan": scan})
        except ValidationError as error:
            return _message(request, scan, " ".join(error.messages))
        return redirect(f"{request.path}?pagina={number + 1}")
    context = {
        "scan": scan,
        "page": page,
        "form": form,
        "number": number,
        "count": len(pages),
        "progress": round((number - 1) / len(pages) * 100),
        "is_last": number == len(pages),
    }
    return render(request, "quickscan/answer_page.html", context)


@private
@require_http_methods(["GET", "HEAD", "POST"])
@throttle("quickscan-open-link", limit=30, period=3600, target=_scan_target)
def open_link(request: HttpRequest, public_id, code: str) -> HttpResponse:
    """The link for residents: an introduction, then a personal link. No place is taken until they answer."""
    scan = open_link_scan(public_id, code)
    if scan is None:
        return _invalid_link(request, open_link=True)
    if not scan.accepts_answers():
        return _message(request, scan, services.SCAN_CLOSED)
    if open_link_places_taken(scan) >= scan.open_link_cap:
        return _message(request, scan, services.OPEN_LINK_FULL)
    if request.method == "POST":
        token = services.open_link_visitor_token(scan=scan)
        return redirect(reverse("quickscan:answer", args=[scan.public_id, token]) + "?pagina=1")
    return render(request, "quickscan/open_link.html", {"scan": scan})
