"""Applying: the multi-step form that saves a draft at every step, submitting, the municipality's view of
its applications, withdrawing, and attachments (served only to those who may read the application)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.exports import private_download
from portal.permissions import member_required

from .. import selectors, services
from ..forms import AboutForm, AttachmentsForm, ConditionsForm, PlanForm, StartForm
from ..models import Application, Attachment, Offer
from ..permissions import (
    applications_for,
    get_application_for_user,
    get_draft_for_user,
    may_act_for,
    readable_application,
)

# The steps in the address bar (Dutch) and in the code.
STEP_SLUGS = {"gegevens": "about", "plan": "plan", "voorwaarden": "conditions", "bijlagen": "attachments", "controle": "review"}
SLUG_FOR_STEP = {step: slug for slug, step in STEP_SLUGS.items()}
STEP_TITLES = {
    "about": gettext_lazy("Municipality and contact"),
    "plan": gettext_lazy("Question or plan"),
    "conditions": gettext_lazy("Conditions"),
    "attachments": gettext_lazy("Attachments"),
    "review": gettext_lazy("Check and submit"),
}


def step_url(application: Application, step: str) -> str:
    return reverse("offers:application_step", kwargs={"pk": application.pk, "step": SLUG_FOR_STEP[step]})


def resume_url(application: Application) -> str:
    """Where a draft continues: the first step not yet saved."""
    return step_url(application, services.STEPS[min(application.step, len(services.STEPS) - 1)])


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.published(), slug=slug)
    draft = Application.objects.filter(offer=offer, applicant=request.user, status=Application.Status.DRAFT).first()
    if draft is not None:
        return redirect(resume_url(draft))
    municipalities = services.eligible_municipalities(offer=offer, user=request.user)
    form = StartForm(request.POST or None, municipalities=municipalities)
    problems = services.eligibility_problems(offer=offer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_start(
                offer=offer, user=request.user, municipality=form.cleaned_data["municipality"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(step_url(application, "about"))
    context = {"offer": offer, "form": form, "problems": problems}
    return render(request, "offers/application_start.html", context, status=400 if form.errors else 200)


def _draft_or_redirect(request: HttpRequest, pk: int) -> Application | HttpResponse:
    try:
        return get_draft_for_user(request.user, pk)
    except Http404:
        if applications_for(request.user).filter(pk=pk).exclude(status=Application.Status.DRAFT).exists():
            return redirect("offers:application_detail", pk=pk)
        raise


def _form_for(step: str, application: Application, request: HttpRequest):
    data = request.POST if request.method == "POST" else None
    offer = application.offer
    if step == "about":
        municipalities = services.eligible_municipalities(offer=offer, user=request.user)
        return AboutForm(data, initial=AboutForm.initial_for(application), municipalities=municipalities)
    if step == "plan":
        return PlanForm(data, initial=PlanForm.initial_for(application), offer=offer)
    if step == "conditions":
        return ConditionsForm(data, initial=ConditionsForm.initial_for(application), offer=offer)
    if step == "attachments":
        return AttachmentsForm(data, request.FILES if data is not None else None, offer=offer)
    return None


def _save(step: str, form, application: Application, user) -> None:
    if step == "attachments":
        for question, upload in form.uploads():
            services.attachment_add(application=application, user=user, upload=upload, question=question)
        services.application_save_step(application=application, user=user, step=step, values={})
    elif step == "plan":
        services.application_save_step(application=application, user=user, step=step, values=form.values(application))
    else:
        services.application_save_step(application=application, user=user, step=step, values=form.values())


def _step_context(application: Application, step: str, form, errors=None) -> dict:
    steps = [
        {"key": key, "title": STEP_TITLES[key], "url": step_url(application, key), "done": index < application.step}
        for index, key in enumerate(services.STEPS)
    ]
    context = {"application": application, "offer": application.offer, "step": step, "steps": steps, "form": form}
    context["step_title"] = STEP_TITLES[step]
    context["step_number"] = services.STEPS.index(step) + 1
    if step in ("attachments", "review"):
        context.update(selectors.application_context(application))
    if step == "review":
        context["problems"] = [
            (STEP_TITLES[key], message, step_url(application, key)) for key, message in services.application_problems(application)
        ]
        context["eligibility"] = services.eligibility_problems(
            offer=application.offer, user=application.applicant, municipality=application.municipality, application=application
        )
        context["submit_errors"] = errors or []
    return context


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    step = STEP_SLUGS.get(step)
    if step is None:
        raise Http404
    application = _draft_or_redirect(request, pk)
    if isinstance(application, HttpResponse):
        return application
    form = _form_for(step, application, request)
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                _save(step, form, application, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "save_draft" in request.POST:
                    messages.success(request, _("Your draft has been saved. You can continue later, also on another device."))
                    return redirect(step_url(application, step))
                return redirect(step_url(application, services.STEPS[services.STEPS.index(step) + 1]))
        return render(request, "offers/application_step.html", _step_context(application, step, form), status=400)
    return render(request, "offers/application_step.html", _step_context(application, step, form))


@member_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _draft_or_redirect(request, pk)
    if isinstance(application, HttpResponse):
        return application
    try:
        application = services.application_submit(application=application, user=request.user)
    except ValidationError as error:
        context = _step_context(application, "review", None, errors=error.messages)
        return render(request, "offers/application_step.html", context, status=400)
    if application.status == Application.Status.GRANTED:
        messages.success(request, _("Your application has been granted: a place was still free."))
    elif application.status == Application.Status.RESERVE:
        messages.warning(request, _("All places have been taken. Your application is on the reserve list."))
    else:
        messages.success(request, _("Your application has been submitted. You will receive a confirmation by mail."))
    return redirect("offers:application_detail", pk=application.pk)


@member_required
@require_POST
def application_discard(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_draft_for_user(request.user, pk)
    services.application_discard(application=application, user=request.user)
    messages.success(request, _("The draft has been deleted."))
    return redirect("offers:application_list")


@member_required
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    applications = list(applications_for(request.user).select_related("offer", "municipality"))
    drafts = [application for application in applications if application.is_draft]
    submitted = [application for application in applications if not application.is_draft]
    for draft in drafts:
        draft.resume_url = resume_url(draft)
    return render(request, "offers/application_list.html", {"drafts": drafts, "applications": submitted})


@member_required
@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk)
    if application.is_draft:
        return redirect(resume_url(application))
    context = {"application": application, "may_withdraw": application.can_withdraw and may_act_for(request.user, application)}
    context.update(selectors.application_context(application))
    return render(request, "offers/application_detail.html", context)


@member_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, write=True)
    try:
        services.application_withdraw(application=application, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application has been withdrawn."))
    return redirect("offers:application_detail", pk=application.pk)


@member_required
@require_safe
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = readable_application(request.user, pk)
    attachment = get_object_or_404(Attachment.objects.defer(None), application=application, pk=attachment_pk)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    return private_download(response, attachment.filename)


@member_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = get_draft_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment.objects.all(), application=application, pk=attachment_pk)
    services.attachment_remove(attachment=attachment, user=request.user)
    messages.success(request, _("The attachment has been removed."))
    return redirect(step_url(application, "attachments"))
