"""Editors compose, preview, test and send editions; programme managers see and export the subscribers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.exports import table_response
from portal.mail import email_enqueue, render_subject

from .. import editions, mails, sending
from ..forms import EditionForm, ItemsForm, SendForm, TextBlockForm
from ..models import Edition, Subscriber
from ..permissions import content_staff_required, get_edition_for_staff, manager_required

PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox; frame-ancestors 'none'"


@content_staff_required
@require_safe
def edition_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Edition.objects.select_related("created_by"), 25).get_page(request.GET.get("page"))
    confirmed = Subscriber.objects.confirmed().count()
    return render(request, "newsletter/staff_edition_list.html", {"page_obj": page, "confirmed": confirmed})


@content_staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def edition_create(request: HttpRequest) -> HttpResponse:
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        edition = editions.edition_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The edition was created. Now add news, publications, events and text."))
        return redirect("newsletter:staff_edition", pk=edition.pk)
    return render(request, "newsletter/staff_edition_form.html", {"form": form})


def _detail(request: HttpRequest, edition: Edition, *, status: int = 200, **forms) -> HttpResponse:
    candidates = editions.candidate_items(edition=edition) if edition.is_editable else []
    initial = {"title": edition.title, "title_en": edition.title_en, "intro": edition.intro, "intro_en": edition.intro_en}
    context = {
        "edition": edition,
        "items": list(edition.items.all()),
        "edition_form": forms.get("edition_form") or EditionForm(initial=initial),
        "items_form": forms.get("items_form") or ItemsForm(candidates=candidates),
        "text_form": forms.get("text_form") or TextBlockForm(),
        "send_form": forms.get("send_form") or SendForm(),
        "progress": sending.edition_progress(edition),
        "confirmed": Subscriber.objects.confirmed().count(),
    }
    return render(request, "newsletter/staff_edition_detail.html", context, status=status)


@content_staff_required
@require_safe
def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_edition_for_staff(request.user, pk))


def _step(request: HttpRequest, edition: Edition, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success)
    return redirect("newsletter:staff_edition", pk=edition.pk)


@content_staff_required
@require_POST
def edition_update(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    form = EditionForm(request.POST)
    if not form.is_valid():
        return _detail(request, edition, status=400, edition_form=form)
    return _step(request, edition, lambda: editions.edition_update(edition=edition, **form.cleaned_data), _("Saved."))


@content_staff_required
@require_POST
def edition_items_add(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    form = ItemsForm(request.POST, candidates=editions.candidate_items(edition=edition) if edition.is_editable else [])
    if not form.is_valid():
        return _detail(request, edition, status=400, items_form=form)
    return _step(
        request, edition, lambda: editions.edition_items_add(edition=edition, keys=form.cleaned_data["keys"]),
        _("The items were added."),
    )


@content_staff_required
@require_POST
def edition_text_add(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    form = TextBlockForm(request.POST)
    if not form.is_valid():
        return _detail(request, edition, status=400, text_form=form)
    return _step(request, edition, lambda: editions.edition_text_add(edition=edition, **form.cleaned_data), _("The text was added."))


@content_staff_required
@require_POST
def edition_item_change(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    action = request.POST.get("action")
    if action == "remove":
        return _step(request, edition, lambda: editions.edition_item_remove(edition=edition, item_id=item_pk), _("Removed."))
    return _step(
        request, edition, lambda: editions.edition_item_move(edition=edition, item_id=item_pk, up=action == "up"), _("Moved.")
    )


def _preview_context(edition: Edition) -> dict:
    context = mails.edition_test_mail.context(edition_id=edition.pk) or {}
    context["test"] = False  # shown as subscribers get it, without the test banner
    return context


@content_staff_required
@require_safe
def edition_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML mail as subscribers get it (all sections), as its own sandboxed document."""
    edition = get_edition_for_staff(request.user, pk)
    response = HttpResponse(render_to_string("emails/newsletter_edition_body.html", _preview_context(edition)))
    response["Content-Security-Policy"] = PREVIEW_CSP
    return response


@content_staff_required
@require_safe
def edition_preview_text(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    context = _preview_context(edition)
    subject = render_subject("emails/newsletter_edition_subject.txt", dict(context))
    body = render_to_string("emails/newsletter_edition_body.txt", context)
    return HttpResponse(f"{subject}\n\n{body}", content_type="text/plain; charset=utf-8")


@content_staff_required
@require_POST
def edition_test_send(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    language = translation.get_language() or "nl"
    return _step(
        request, edition,
        lambda: email_enqueue(kind=mails.edition_test_mail, to=[request.user.email], language=language, edition_id=edition.pk),
        _("A test was sent to %(email)s.") % {"email": request.user.email},
    )


@content_staff_required
@require_POST
def edition_send(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _detail(request, edition, status=400, send_form=form)
    at = form.cleaned_data["at"]
    return _step(
        request, edition, lambda: sending.edition_send(edition=edition, actor=request.user, at=at),
        _("The edition is scheduled.") if at else _("Sending has started."),
    )


@content_staff_required
@require_POST
def edition_resume(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    return _step(request, edition, lambda: sending.edition_send_resume(edition=edition), _("Sending resumes."))


@content_staff_required
@require_safe
def edition_progress(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_staff(request.user, pk)
    return render(request, "newsletter/_progress.html", {"edition": edition, "progress": sending.edition_progress(edition)})


@content_staff_required
@require_safe
def edition_katern(request: HttpRequest, pk: int) -> HttpResponse:
    """The print-ready A4 katern for the magazine (a tagged PDF)."""
    edition = get_edition_for_staff(request.user, pk)
    language = "en" if request.GET.get("language") == "en" else "nl"
    response = HttpResponse(editions.edition_katern_pdf(edition=edition, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="katern-{edition.slug}-{language}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------- subscribers: programme managers only ----------


@manager_required
@require_safe
def subscriber_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Subscriber.Status.CONFIRMED)
    if status not in Subscriber.Status.values:
        status = Subscriber.Status.CONFIRMED
    subscribers = Subscriber.objects.filter(status=status).prefetch_related("programmes", "themes").order_by("email")
    counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by())
    statuses = [(value, label, counts.get(value, 0)) for value, label in Subscriber.Status.choices]
    page = Paginator(subscribers, 50).get_page(request.GET.get("page"))
    return render(
        request, "newsletter/staff_subscriber_list.html", {"page_obj": page, "status": status, "statuses": statuses}
    )


@manager_required
@require_safe
def subscriber_export(request: HttpRequest) -> HttpResponse:
    subscribers = Subscriber.objects.confirmed().prefetch_related("programmes", "themes").order_by("email")
    rows = (
        (
            subscriber.email,
            subscriber.get_language_display(),
            _("Everything") if subscriber.all_sections else "",
            ", ".join(programme.name for programme in subscriber.programmes.all()),
            ", ".join(theme.name for theme in subscriber.themes.all()),
            subscriber.confirmed_at,
            subscriber.consent_version,
        )
        for subscriber in subscribers.iterator(chunk_size=1000)
    )
    headers = [_("Email address"), _("Language"), _("Everything"), _("Programmes"), _("Themes"), _("Confirmed at"), _("Consent text version")]
    return table_response(stem="nieuwsbrief-abonnees", headers=headers, rows=rows, fmt=request.GET.get("format"))
