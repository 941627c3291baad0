"""Subscribing without an account, the links in every mail, the archive, and a member's own subscription."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from portal.pagecache import public_page
from portal.throttle import throttle

from .. import services
from ..content import content_for
from ..forms import PreferencesForm, SubscribeForm
from ..models import Edition, Subscriber
from ..permissions import (
    get_sent_edition,
    member_required,
    subscriber_from_confirm_link,
    subscriber_from_manage_link,
)

SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW = 10, 3600  # per client address
ADDRESS_LIMIT = 3  # per client address and mailbox: a mailbox is not flooded with confirmation mails


def _address(request: HttpRequest, kwargs: dict) -> str:
    return services.normalise_email(request.POST.get("email", ""))[:254]


def _preferences(form) -> dict:
    data = form.cleaned_data
    return {
        "language": data["language"],
        "all_sections": data["all_sections"],
        "programmes": list(data["programmes"]),
        "themes": list(data["themes"]),
    }


@public_page
@throttle("newsletter-subscribe", limit=SUBSCRIBE_LIMIT, period=SUBSCRIBE_WINDOW)
@throttle("newsletter-address", limit=ADDRESS_LIMIT, period=SUBSCRIBE_WINDOW, target=_address)
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    language = "en" if (get_language() or "").startswith("en") else "nl"
    form = SubscribeForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        services.subscription_request(email=form.cleaned_data["email"], **_preferences(form))
        return redirect("newsletter:subscribe_sent")
    return render(request, "newsletter/subscribe.html", {"form": form})


@require_safe
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    """The same answer for every address, known or new."""
    return render(request, "newsletter/subscribe_sent.html")


@throttle("newsletter-confirm", limit=30, period=3600)
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link checkers in mail programs must not confirm); POST confirms."""
    subscriber = subscriber_from_confirm_link(token)
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/link_expired.html", status=404)
    if request.method == "POST":
        services.subscription_confirm(subscriber=subscriber)
        return render(request, "newsletter/confirmed.html")
    return render(request, "newsletter/confirm.html", {"confirmed": subscriber.status == Subscriber.Status.CONFIRMED})


def _initial(subscriber: Subscriber) -> dict:
    return {
        "all_sections": "1" if subscriber.all_sections else "0",
        "programmes": list(subscriber.programmes.all()),
        "themes": list(subscriber.themes.all()),
        "language": subscriber.language,
    }


@throttle("newsletter-manage", limit=60, period=3600)
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = subscriber_from_manage_link(token)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return render(request, "newsletter/unsubscribed.html", {"already": True})
    form = PreferencesForm(request.POST or None, initial=_initial(subscriber))
    if request.method == "POST" and form.is_valid():
        services.subscription_update(subscriber=subscriber, **_preferences(form))
        messages.success(request, _("Your preferences have been saved."))
        return redirect("newsletter:manage", token=token)
    return render(request, "newsletter/manage.html", {"form": form, "token": token, "subscriber": subscriber})


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" without a session or form
@throttle("newsletter-unsubscribe", limit=60, period=3600)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link checkers must not unsubscribe anyone); POST unsubscribes at once."""
    subscriber = subscriber_from_manage_link(token)
    if request.method == "POST":
        already = subscriber.status == Subscriber.Status.UNSUBSCRIBED
        services.subscription_cancel(subscriber=subscriber)
        return render(request, "newsletter/unsubscribed.html", {"already": already})
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/unsubscribed.html", {"already": True})
    return render(request, "newsletter/unsubscribe.html", {"token": token})


@public_page
@require_safe
def archive_list(request: HttpRequest) -> HttpResponse:
    editions = Edition.objects.sent().order_by("-sent_at")
    page = Paginator(editions, 20).get_page(request.GET.get("page"))
    return render(request, "newsletter/archive_list.html", {"page_obj": page})


@public_page
@require_safe
def archive_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_sent_edition(slug)
    return render(
        request, "newsletter/archive_detail.html", {"edition": edition, "content": content_for(edition.items.all())}
    )


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_subscription(request: HttpRequest) -> HttpResponse:
    """A member manages the subscription of their account's address from their profile."""
    subscriber = services.subscription_of(request.user)
    subscribed = subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED
    form = PreferencesForm(request.POST or None, initial=_initial(subscriber) if subscribed else None)
    if request.method == "POST" and request.POST.get("action") == "unsubscribe":
        if subscriber is not None:
            services.subscription_cancel(subscriber=subscriber)
        messages.success(request, _("You will no longer receive the newsletter."))
        return redirect("newsletter:my_subscription")
    if request.method == "POST" and form.is_valid():
        subscriber = services.member_subscribe(user=request.user, **_preferences(form))
        if subscriber.status == Subscriber.Status.CONFIRMED:
            messages.success(request, _("Your subscription has been saved."))
        else:
            messages.success(request, _("We sent you an email. Follow the link in it to confirm your subscription."))
        return redirect("newsletter:my_subscription")
    return render(
        request, "newsletter/my_subscription.html", {"form": form, "subscriber": subscriber, "subscribed": subscribed, "consent_text": services.CONSENT_TEXT}
    )
