"""Writes for publications: saving with revisions and the search index, the editorial workflow, experiences.

Every change of a publication goes through here (the admin calls `publication_edited` after saving its
form), so each one is sanitised, kept as a revision (who, when, the content) and re-indexed for search.

The workflow: draft -> ready for review -> published (at a moment that may lie in the future) -> back to
draft when unpublished. Four eyes: nobody publishes a version whose latest change they made themselves.
"""

import datetime
import uuid

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from portal.mail import email_enqueue
from portal.models import Municipality, User
from portal.pagecache import content_changed
from portal.permissions import REVIEWERS, is_content_staff, is_griffier, users_holding
from programmes.models import Theme

from . import mails
from .attachments import detect_type, extract_text
from .models import Experience, Publication, PublicationRevision
from .sanitize import clean_html, html_to_text
from .search import publication_index, vocabulary_add, vocabulary_rebuild

ERROR_NOT_CONTENT_STAFF = _("Only editors and programme managers can do this.")
ERROR_NOT_IN_REVIEW = _("Only a publication that is ready for review can be published.")
ERROR_NOT_DRAFT = _("Only a draft can be submitted for review.")
ERROR_NOT_PUBLISHED = _("This publication is not published.")
ERROR_FOUR_EYES = _("Someone else must publish this: you made the latest change yourself.")
ERROR_OTHER_MUNICIPALITY = _("You can only share the experiences of your own municipality.")
ERROR_EXPERIENCE_HANDLED = _("This experience has already been handled.")
ERROR_KEY_USED = _("This form was already used. Reload the page and try again.")
ERROR_WRONG_PUBLICATION = _("This revision belongs to another publication.")

Status = Publication.Status
Action = PublicationRevision.Action
SNAPSHOT_FIELDS = (
    "type", "title", "title_en", "summary", "summary_en", "body", "body_en", "authors",
    "programme_id", "municipality_id", "advice_scan_themes",
)


def _require_content_staff(actor: User) -> None:
    if not is_content_staff(actor):
        raise ValidationError(ERROR_NOT_CONTENT_STAFF, code="not_content_staff")


def _lock(publication: Publication) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication.pk)


def snapshot(publication: Publication) -> dict:
    data = {name: getattr(publication, name) for name in SNAPSHOT_FIELDS}
    data["theme_ids"] = sorted(publication.themes.values_list("pk", flat=True))
    return data


def _record(publication: Publication, *, actor: User | None, action: str, note: str = "") -> PublicationRevision:
    content_changed()  # every recorded action may change a public page (library, news, home, search)
    number = (publication.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    return PublicationRevision.objects.create(
        publication=publication, number=number, action=action, created_by=actor, note=note[:300],
        data=snapshot(publication),
    )


def _reindex(publication: Publication) -> None:
    publication_index(publication_ids=[publication.pk])
    if publication.status == Status.PUBLISHED:
        vocabulary_add(
            texts=[publication.title, publication.summary, publication.search_text, publication.title_en, publication.summary_en]
        )


RESERVED_SLUGS = {"beheer", "ervaring-delen"}  # paths of the library's own pages


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100].strip("-") or "publicatie"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Publication.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _refresh_derived(publication: Publication, *, attachment_changed: bool) -> None:
    """Sanitise the rich text and recompute what is derived from the content and the attachment."""
    publication.body = clean_html(publication.body)
    publication.body_en = clean_html(publication.body_en)
    publication.search_text = " ".join(part for part in (html_to_text(publication.body), html_to_text(publication.body_en)) if part)
    if attachment_changed:
        if publication.attachment:
            with publication.attachment.open("rb") as handle:
                data = handle.read()
            kind = detect_type(data[:8192])
            publication.attachment_type = kind.extension if kind else ""
            publication.attachment_size = len(data)
            publication.attachment_text = extract_text(data, publication.attachment_type)
        else:
            publication.attachment_type, publication.attachment_size, publication.attachment_text = "", 0, ""


@transaction.atomic
def publication_edited(
    *, publication: Publication, actor: User | None, created: bool, attachment_changed: bool = False
) -> Publication:
    """A publication (and its themes) was written by `actor`: sanitise, keep a revision, re-index."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    _refresh_derived(publication, attachment_changed=attachment_changed or created)
    publication.last_edited_by = actor
    publication.updated_at = timezone.now()
    if created:
        publication.created_by = actor
    publication.save()
    _record(publication, actor=actor, action=Action.CREATED if created else Action.EDITED)
    _reindex(publication)
    return publication


@transaction.atomic
def publication_create(*, actor: User | None, themes: list[Theme] | None = None, **fields) -> Publication:
    """A new draft (for code: the demo data, experiences, tests). Editors create theirs in the admin."""
    fields.setdefault("slug", unique_slug(fields["title"]))
    publication = Publication.objects.create(**fields)
    if themes:
        publication.themes.set(themes)
    return publication_edited(publication=publication, actor=actor, created=True)


@transaction.atomic
def publication_submit(*, publication: Publication, actor: User) -> Publication:
    """The writer marks a draft ready for review; the other content staff are told."""
    _require_content_staff(actor)
    publication = _lock(publication)
    if publication.status != Status.DRAFT:
        raise ValidationError(ERROR_NOT_DRAFT, code="not_draft")
    publication.status = Status.REVIEW
    publication.save(update_fields=["status"])
    _record(publication, actor=actor, action=Action.SUBMITTED)
    reviewers = [
        user.email
        for user in users_holding(*REVIEWERS).exclude(pk=actor.pk)
        if user.email
    ]
    if reviewers:
        email_enqueue(kind=mails.review_requested, to=reviewers, language="nl", publication_id=publication.pk)
    return publication


@transaction.atomic
def publication_publish(
    *, publication: Publication, actor: User, publish_at: datetime.datetime | None = None
) -> Publication:
    """A second person publishes, now or at `publish_at`. The latest editor of the text may not."""
    _require_content_staff(actor)
    publication = _lock(publication)
    if publication.status != Status.REVIEW:
        raise ValidationError(ERROR_NOT_IN_REVIEW, code="not_in_review")
    if publication.last_edited_by_id is not None and publication.last_edited_by_id == actor.pk:
        raise ValidationError(ERROR_FOUR_EYES, code="four_eyes")
    now = timezone.now()
    publication.status = Status.PUBLISHED
    publication.published_at = publish_at or now
    publication.published_by = actor
    publication.save(update_fields=["status", "published_at", "published_by"])
    note = "" if publication.published_at <= now else str(_("Scheduled for %(when)s")) % {
        "when": timezone.localtime(publication.published_at).strftime("%Y-%m-%d %H:%M")
    }
    _record(publication, actor=actor, action=Action.PUBLISHED, note=note)
    _reindex(publication)
    experience = Experience.objects.filter(publication=publication).select_related("submitted_by").first()
    if experience is not None and experience.submitted_by and experience.submitted_by.email:
        email_enqueue(kind=mails.experience_published, to=[experience.submitted_by.email], experience_id=experience.pk)
    return publication


@transaction.atomic
def publication_unpublish(*, publication: Publication, actor: User) -> Publication:
    """Take a publication off the site; it becomes a draft again."""
    _require_content_staff(actor)
    publication = _lock(publication)
    if publication.status != Status.PUBLISHED:
        raise ValidationError(ERROR_NOT_PUBLISHED, code="not_published")
    publication.status = Status.DRAFT
    publication.save(update_fields=["status"])
    _record(publication, actor=actor, action=Action.UNPUBLISHED)
    _reindex(publication)  # out of the search index
    return publication


@transaction.atomic
def publication_restore(*, publication: Publication, revision: PublicationRevision, actor: User) -> Publication:
    """Bring back the content of an earlier revision, as a new revision. The status does not change."""
    _require_content_staff(actor)
    if revision.publication_id != publication.pk:
        raise ValidationError(ERROR_WRONG_PUBLICATION, code="wrong_publication")
    publication = _lock(publication)
    data = revision.data
    for name in SNAPSHOT_FIELDS:
        if name in data:
            setattr(publication, name, data[name])
    publication.themes.set(Theme.objects.filter(pk__in=data.get("theme_ids", [])))
    _refresh_derived(publication, attachment_changed=False)
    publication.last_edited_by = actor
    publication.updated_at = timezone.now()
    publication.save()
    _record(
        publication, actor=actor, action=Action.RESTORED,
        note=str(_("Content of version %(number)s")) % {"number": revision.number},
    )
    _reindex(publication)
    return publication


# ---------- experiences of municipalities ----------


def may_share_experience(user: User, municipality: Municipality) -> bool:
    return bool(user.is_authenticated and (user.municipality_id == municipality.pk or is_griffier(user, municipality)))


@transaction.atomic
def experience_submit(
    *,
    user: User,
    municipality: Municipality,
    title: str,
    what: str,
    why: str,
    result: str,
    lessons: str,
    contact_name: str,
    contact_email: str,
    themes: list[Theme],
    submission_key: uuid.UUID,
) -> tuple[Experience, bool]:
    """A griffier or member shares their municipality's experience; the editors are told. A second post of
    the same form returns the first submission."""
    if not may_share_experience(user, municipality):
        raise ValidationError(ERROR_OTHER_MUNICIPALITY, code="other_municipality")
    existing = Experience.objects.filter(submission_key=submission_key, submitted_by=user).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            experience = Experience.objects.create(
                municipality=municipality, submitted_by=user, title=title.strip(), what=what.strip(),
                why=why.strip(), result=result.strip(), lessons=lessons.strip(), contact_name=contact_name.strip(),
                contact_email=contact_email.strip(), submission_key=submission_key,
            )
    except IntegrityError:
        existing = Experience.objects.filter(submission_key=submission_key, submitted_by=user).first()
        if existing is None:
            raise ValidationError(ERROR_KEY_USED, code="key") from None
        return existing, False
    experience.themes.set(themes)
    email_enqueue(
        kind=mails.experience_submitted, to=[settings.STAFF_NOTIFICATION_EMAIL], language="nl",
        experience_id=experience.pk,
    )
    return experience, True


def _experience_body(experience: Experience) -> str:
    sections = [
        (_("What did we do?"), experience.what),
        (_("Why?"), experience.why),
        (_("How did it go?"), experience.result),
        (_("What can others learn from it?"), experience.lessons),
    ]
    parts = []
    for heading, text in sections:
        paragraphs = "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
        parts.append(f"<h2>{escape(str(heading))}</h2>{paragraphs}")
    parts.append(
        f"<h2>{escape(str(_('Contact')))}</h2><p>{escape(experience.contact_name)}, "
        f'<a href="mailto:{escape(experience.contact_email)}">{escape(experience.contact_email)}</a></p>'
    )
    return "".join(parts)


def _experience_lock(experience: Experience) -> Experience:
    experience = Experience.objects.select_for_update().select_related("municipality").get(pk=experience.pk)
    if experience.status != Experience.Status.SUBMITTED:
        raise ValidationError(ERROR_EXPERIENCE_HANDLED, code="handled")
    return experience


@transaction.atomic
def experience_accept(*, experience: Experience, actor: User) -> Publication:
    """Editors take an experience on: it becomes a draft publication linked to its municipality."""
    _require_content_staff(actor)
    experience = _experience_lock(experience)
    with translation.override("nl"):
        body = _experience_body(experience)
    publication = publication_create(
        actor=actor,
        type=Publication.Type.EXPERIENCE,
        title=experience.title,
        summary=Truncator(" ".join(experience.what.split())).chars(300),
        body=body,
        authors=f"Gemeente {experience.municipality.name}",
        municipality=experience.municipality,
        themes=list(experience.themes.all()),
    )
    experience.status = Experience.Status.ACCEPTED
    experience.publication = publication
    experience.decided_at = timezone.now()
    experience.save(update_fields=["status", "publication", "decided_at"])
    return publication


@transaction.atomic
def experience_decline(*, experience: Experience, actor: User, note: str) -> Experience:
    _require_content_staff(actor)
    experience = _experience_lock(experience)
    experience.status = Experience.Status.DECLINED
    experience.staff_note = note.strip()[:1000]
    experience.decided_at = timezone.now()
    experience.save(update_fields=["status", "staff_note", "decided_at"])
    if experience.submitted_by and experience.submitted_by.email:
        email_enqueue(kind=mails.experience_declined, to=[experience.submitted_by.email], experience_id=experience.pk)
    return experience


# ---------- periodic ----------


@shared_task
def vocabulary_rebuild_task() -> int:
    """Nightly: the "did you mean" vocabulary holds exactly the words of what is published."""
    return vocabulary_rebuild()
