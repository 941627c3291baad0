"""The offers' kinds of mail. Each builds its context from ids inside the worker."""

from portal.mail import absolute_url, mail_kind

from .models import Application


def _application(application_id: int) -> Application | None:
    return (
        Application.objects.select_related("offer", "municipality", "adviser", "assigned_to")
        .filter(pk=application_id)
        .first()
    )


def _for_applicant(application_id: int) -> dict | None:
    application = _application(application_id)
    if application is None:
        return None
    return {"application": application, "url": absolute_url("offers:application_detail", application.pk)}


def _for_staff(application_id: int) -> dict | None:
    application = _application(application_id)
    if application is None:
        return None
    return {"application": application, "url": absolute_url("offers:staff_application_detail", application.pk)}


@mail_kind("application_confirmation")
def application_confirmation(*, application_id: int) -> dict | None:
    """To the applicant: received, granted at once (first-come) or on the reserve list."""
    return _for_applicant(application_id)


@mail_kind("application_decision")
def application_decision(*, application_id: int) -> dict | None:
    """To the applicant: granted (with budget or adviser), rejected (with the reason) or on the reserve list."""
    return _for_applicant(application_id)


@mail_kind("application_place_offered")
def application_place_offered(*, application_id: int) -> dict | None:
    return _for_applicant(application_id)


@mail_kind("application_received")
def application_received(*, application_id: int) -> dict | None:
    return _for_staff(application_id)


@mail_kind("application_withdrawn")
def application_withdrawn(*, application_id: int) -> dict | None:
    return _for_staff(application_id)


@mail_kind("application_assigned")
def application_assigned(*, application_id: int) -> dict | None:
    return _for_staff(application_id)


@mail_kind("offer_adviser_assigned")
def adviser_assigned(*, application_id: int) -> dict | None:
    """To the region's consultant who advises the municipality on its granted offer."""
    context = _for_staff(application_id)
    if context is not None:
        context["dossier_url"] = absolute_url("portal:municipality_dossier", slug=context["application"].municipality.slug)
    return context
