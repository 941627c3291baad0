from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from portal.i18n import TranslatedField

from .attachments import ATTACHMENT_TYPES, attachment_path, private_storage
from .sanitize import EDITOR_EXTENSIONS, clean_html

# Lengths the forms and the admin enforce (a database TextField has none).
SUMMARY_MAX = 600
BODY_MAX = 60_000


class PublicationQuerySet(models.QuerySet):
    def published(self, at=None):
        """Published and due: a publication scheduled for later stays hidden until its time."""
        return self.filter(status=Publication.Status.PUBLISHED, published_at__lte=at or timezone.now())

    def news(self):
        return self.filter(type=Publication.Type.NEWS)

    def library(self):
        """Everything but news: what the library lists."""
        return self.exclude(type=Publication.Type.NEWS)

    def experiences(self):
        return self.filter(type=Publication.Type.EXPERIENCE)


class Publication(models.Model):
    """A publication of the programmes, a news item or a municipality's experience (praktijkvoorbeeld).

    Written by editors in the admin; its status moves draft -> ready for review -> published through
    `publications.services`, which also keeps the revisions and the search index.
    """

    class Type(models.TextChoices):
        GUIDE = "guide", _("Guide (handreiking)")
        REPORT = "report", _("Report")
        FACTSHEET = "factsheet", _("Factsheet")
        COLUMN = "column", _("Column")
        MAGAZINE = "magazine", _("Magazine")
        EXPERIENCE = "experience", _("Experience of a municipality")
        NEWS = "news", _("News")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Ready for review")
        PUBLISHED = "published", _("Published")

    STATUS_CSS = {Status.DRAFT: "draft", Status.REVIEW: "review", Status.PUBLISHED: "granted"}

    type = models.CharField(_("type"), max_length=16, choices=Type.choices, default=Type.GUIDE)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences shown in lists and search results."))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    body = ProseEditorField(_("text"), blank=True, config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html)
    body_en = ProseEditorField(
        _("text (English)"), blank=True, config={"extensions": EDITOR_EXTENSIONS}, sanitize=clean_html
    )
    authors = models.CharField(
        _("authors"), max_length=300, blank=True, help_text=_("People or organisations, separated by commas.")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
    )
    themes = models.ManyToManyField("programmes.Theme", verbose_name=_("themes"), blank=True, related_name="publications")
    municipality = models.ForeignKey(
        "portal.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
        help_text=_("For an experience: the municipality it is about."),
    )
    advice_scan_themes = models.JSONField(_("advice for Quick Scan themes"), default=list, blank=True)

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"), null=True, blank=True, help_text=_("Set when it is published; may lie in the future.")
    )

    attachment = models.FileField(
        _("attachment"), storage=private_storage, upload_to=attachment_path, blank=True, max_length=200
    )
    attachment_type = models.CharField(_("attachment type"), max_length=8, blank=True, editable=False)
    attachment_size = models.PositiveIntegerField(_("attachment size"), default=0, editable=False)
    attachment_text = models.TextField(_("text of the attachment"), blank=True, editable=False)

    # Plain text of the body (both languages), for the search index, snippets and the simple search on SQLite.
    search_text = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last edited by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )

    title_i18n = TranslatedField("title")
    summary_i18n = TranslatedField("summary")
    body_i18n = TranslatedField("body")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="publication_status_date_idx"),
            models.Index(fields=["type", "status", "published_at"], name="publication_type_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="publication_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.type == self.Type.NEWS:
            return reverse("publications:news_detail", kwargs={"slug": self.slug})
        return reverse("publications:publication_detail", kwargs={"slug": self.slug})

    def get_download_url(self) -> str:
        return reverse("publications:attachment_download", kwargs={"slug": self.slug})

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @property
    def attachment_label(self) -> str:
        kind = ATTACHMENT_TYPES.get(self.attachment_type)
        return kind.label if kind else ""

    @property
    def status_css(self) -> str:
        return self.STATUS_CSS.get(self.status, "draft")


class PublicationRevision(models.Model):
    """One saved state of a publication: who changed what and when. Restoring one makes a new revision."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        RESTORED = "restored", _("Restored an earlier version")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("number"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    data = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["publication", "number"], name="revision_number_once")]

    def __str__(self) -> str:
        return f"{self.publication} #{self.number}"


class Experience(models.Model):
    """What a municipality tried and learned, as submitted by its griffier or a member (praktijkvoorbeeld).

    Editors review it and turn it into a draft publication of type "experience", linked to the
    municipality, which then follows the ordinary editorial workflow.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Being edited")
        DECLINED = "declined", _("Declined")

    STATUS_CSS = {Status.SUBMITTED: "received", Status.ACCEPTED: "review", Status.DECLINED: "rejected"}

    municipality = models.ForeignKey(
        "portal.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="experiences"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="experiences",
    )
    title = models.CharField(_("title"), max_length=200)
    what = models.TextField(_("what did you do?"))
    why = models.TextField(_("why?"))
    result = models.TextField(_("how did it go?"))
    lessons = models.TextField(_("what can other municipalities learn from it?"))
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    themes = models.ManyToManyField("programmes.Theme", verbose_name=_("themes"), blank=True, related_name="experiences")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    staff_note = models.CharField(_("note to the submitter"), max_length=1000, blank=True)
    publication = models.OneToOneField(
        Publication, verbose_name=_("publication"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="experience",
    )
    submission_key = models.UUIDField(_("submission key"), unique=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.municipality})"

    @property
    def status_css(self) -> str:
        return self.STATUS_CSS.get(self.status, "received")


class SearchDocument(models.Model):
    """The full-text index entry of a published publication (PostgreSQL): its weighted `tsvector`.

    A narrow table of its own, so that ranking a broad query reads a few MB instead of the publications'
    wide rows. Written by `publications.search.publication_index`, which the services call after every
    change (never by signals); a publication that is not published has no entry. GIN-indexed (migration 0002).
    """

    publication = models.OneToOneField(Publication, primary_key=True, on_delete=models.CASCADE, related_name="+")
    vector = SearchVectorField()
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return str(self.publication_id)


class SearchTerm(models.Model):
    """A word that occurs in a published publication: the vocabulary of "did you mean" (pg_trgm on PostgreSQL)."""

    word = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self) -> str:
        return self.word
