"""The library's kinds of mail. Each builds its context from ids inside the worker."""

from portal.mail import absolute_url, mail_kind

from .models import Experience, Publication


@mail_kind("publication_review_requested")
def review_requested(*, publication_id: int) -> dict | None:
    publication = Publication.objects.select_related("last_edited_by").filter(pk=publication_id).first()
    if publication is None or publication.status != Publication.Status.REVIEW:
        return None
    return {"publication": publication, "url": absolute_url("publications:staff_detail", publication.pk)}


def _experience(experience_id: int) -> Experience | None:
    return Experience.objects.select_related("municipality", "publication").filter(pk=experience_id).first()


@mail_kind("publication_experience_submitted")
def experience_submitted(*, experience_id: int) -> dict | None:
    experience = _experience(experience_id)
    if experience is None:
        return None
    return {"experience": experience, "url": absolute_url("publications:staff_experience_detail", experience.pk)}


@mail_kind("publication_experience_published")
def experience_published(*, experience_id: int) -> dict | None:
    experience = _experience(experience_id)
    if experience is None or experience.publication is None:
        return None
    publication = experience.publication
    return {
        "experience": experience,
        "publication": publication,
        "url": absolute_url("publications:publication_detail", slug=publication.slug),
    }


@mail_kind("publication_experience_declined")
def experience_declined(*, experience_id: int) -> dict | None:
    experience = _experience(experience_id)
    if experience is None:
        return None
    return {"experience": experience}
